// Diagnostic logging (--log-level). Off by default; a disabled call costs one compare, and
// spdlog is only touched (and only included, in log.cpp) once a level is set.
// A build with SPAWNSH_LOGGING=0 (the embedded one, cmake/Embedded.cmake) has no logging code at
// all: debug() and trace() are empty, nothing includes fmt or spdlog, and set_level() is never
// reached (app/cli.cpp refuses every level but `off`).
#pragma once

#include <string_view>

#if SPAWNSH_LOGGING
#include <fmt/core.h>
#endif

namespace spawnsh::log {

enum class Level : unsigned char { Trace, Debug, Info, Warn, Error, Off };

// Whether this build has logging: false when built with SPAWNSH_LOGGING=OFF.
inline constexpr bool kBuilt = SPAWNSH_LOGGING != 0;

inline Level threshold = Level::Off;

inline bool enabled(Level level) noexcept { return kBuilt && level >= threshold; }

// Parses off|error|warn|info|debug|trace.
bool parse_level(std::string_view name, Level& out) noexcept;
void set_level(Level level);
void write(Level level, std::string_view message);

#if SPAWNSH_LOGGING
template <typename... Args>
void debug(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::Debug)) write(Level::Debug, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void trace(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::Trace)) write(Level::Trace, fmt::format(format, std::forward<Args>(args)...));
}
#else
template <typename... Args>
void debug(std::string_view, Args&&...) noexcept {}
template <typename... Args>
void trace(std::string_view, Args&&...) noexcept {}
#endif

}  // namespace spawnsh::log
