#include "shell/interactive/session_history.h"

#include <charconv>
#include <string>
#include <unistd.h>

#include "shell/shell.h"

namespace spawnsh {
namespace {

std::size_t history_size(const Shell& shell) {
  const std::string* text = shell.vars.value("HISTSIZE");
  if (text == nullptr || text->empty()) return History::kDefaultSize;
  std::size_t size = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), size);
  if (error != std::errc() || end != text->data() + text->size()) return History::kDefaultSize;
  return size;
}

// HISTFILE, else ~/.spawnsh_history; empty (no file) when HISTFILE is set but empty, or there
// is no HOME.
std::string history_path(const Shell& shell) {
  if (const std::string* file = shell.vars.value("HISTFILE")) return *file;
  const std::string* home = shell.vars.value("HOME");
  if (home == nullptr || home->empty()) return {};
  return *home + "/.spawnsh_history";
}

void warn(const Shell& shell, const std::string& message) {
  std::string text = shell.name + ": " + message + "\n";
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
}

}  // namespace

void start_history(Shell& shell) {
  shell.history.enable(history_size(shell));
  std::string path = history_path(shell);
  if (path.empty()) return;
  if (auto error = shell.history.load(path)) warn(shell, *error);
}

void remember_command(Shell& shell, std::string_view command) {
  if (!shell.history.enabled()) return;
  std::size_t size = history_size(shell);
  if (size != shell.history.max_size()) shell.history.set_max_size(size);
  shell.history.add(command);
}

void save_history(Shell& shell) {
  if (!shell.history.enabled()) return;
  if (auto error = shell.history.save(history_path(shell))) warn(shell, *error);
}

}  // namespace spawnsh
