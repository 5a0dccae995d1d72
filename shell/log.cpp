#include "shell/log.h"

#include <utility>

#if SPAWNSH_LOGGING
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#endif

namespace spawnsh::log {
#if SPAWNSH_LOGGING
namespace {

spdlog::logger& logger() {
  // stderr, unsynchronised: the shell is single-threaded.
  static auto instance = spdlog::stderr_logger_st("spawnsh");
  return *instance;
}

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::Trace: return spdlog::level::trace;
    case Level::Debug: return spdlog::level::debug;
    case Level::Info: return spdlog::level::info;
    case Level::Warn: return spdlog::level::warn;
    case Level::Error: return spdlog::level::err;
    case Level::Off: return spdlog::level::off;
  }
  return spdlog::level::off;
}

}  // namespace
#endif

bool parse_level(std::string_view name, Level& out) noexcept {
  static constexpr std::pair<std::string_view, Level> kNames[] = {
      {"off", Level::Off},   {"error", Level::Error}, {"warn", Level::Warn},
      {"info", Level::Info}, {"debug", Level::Debug}, {"trace", Level::Trace}};
  for (auto [text, level] : kNames) {
    if (text == name) {
      out = level;
      return true;
    }
  }
  return false;
}

#if SPAWNSH_LOGGING
void set_level(Level level) {
  threshold = level;
  if (level == Level::Off) return;
  logger().set_level(to_spdlog(level));
  logger().set_pattern("spawnsh[%P] %l: %v");
}

void write(Level level, std::string_view message) { logger().log(to_spdlog(level), message); }
#else
// Without logging only `off` gets here (app/cli.cpp refuses the other levels).
void set_level(Level level) { threshold = level; }
void write(Level, std::string_view) {}
#endif

}  // namespace spawnsh::log
