// Diagnostic logging (--log-level). Off by default; a disabled call costs one compare, and
// spdlog is only touched (and only included, in log.cpp) once a level is set.
#pragma once

#include <string_view>

#include <fmt/core.h>

namespace spawnsh::log {

enum class Level : unsigned char { Trace, Debug, Info, Warn, Error, Off };

inline Level threshold = Level::Off;

inline bool enabled(Level level) noexcept { return level >= threshold; }

// Parses off|error|warn|info|debug|trace.
bool parse_level(std::string_view name, Level& out) noexcept;
void set_level(Level level);
void write(Level level, std::string_view message);

template <typename... Args>
void debug(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::Debug)) write(Level::Debug, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void trace(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(Level::Trace)) write(Level::Trace, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace spawnsh::log
