#include "shell/interactive/session_history.h"

#include <charconv>
#include <limits>
#include <optional>
#include <string>
#include <unistd.h>

#include "shell/shell.h"

namespace spawnsh {
namespace {

// A number variable: nullopt when unset, empty or not a number.
std::optional<long long> number_variable(const Shell& shell, std::string_view name) {
  const std::string* text = shell.vars.value(name);
  if (text == nullptr || text->empty()) return std::nullopt;
  long long value = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size()) return std::nullopt;
  return value;
}

// HISTSIZE, as bash: 0 keeps nothing, a negative number keeps everything; unset or not a
// number, the default (500).
std::size_t history_size(const Shell& shell) {
  std::optional<long long> size = number_variable(shell, "HISTSIZE");
  if (!size) return History::kDefaultSize;
  if (*size < 0) return std::numeric_limits<std::size_t>::max();
  return static_cast<std::size_t>(*size);
}

// HISTFILESIZE, as bash: how many commands the file keeps (bash counts lines; a command of
// several lines is one here); unset or empty, HISTSIZE's; negative or not a number, no limit.
std::optional<std::size_t> history_file_size(const Shell& shell) {
  const std::string* text = shell.vars.value("HISTFILESIZE");
  if (text == nullptr || text->empty()) {
    std::size_t size = history_size(shell);
    if (size == std::numeric_limits<std::size_t>::max()) return std::nullopt;
    return size;
  }
  std::optional<long long> size = number_variable(shell, "HISTFILESIZE");
  if (!size || *size < 0) return std::nullopt;
  return static_cast<std::size_t>(*size);
}

// HISTCONTROL, a list separated by colons (as bash): ignorespace, ignoredups, ignoreboth (the
// two), erasedups; other words are ignored.
struct HistoryControl {
  bool ignore_space = false;
  bool ignore_dups = false;
  bool erase_dups = false;
};

HistoryControl history_control(const Shell& shell) {
  HistoryControl control;
  const std::string* text = shell.vars.value("HISTCONTROL");
  if (text == nullptr) return control;
  std::string_view rest = *text;
  while (!rest.empty()) {
    std::size_t colon = rest.find(':');
    std::string_view word = rest.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    if (word == "ignorespace" || word == "ignoreboth") control.ignore_space = true;
    if (word == "ignoredups" || word == "ignoreboth") control.ignore_dups = true;
    if (word == "erasedups") control.erase_dups = true;
  }
  return control;
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
  History& history = shell.history;
  if (!history.enabled()) return;
  std::size_t size = history_size(shell);
  if (size != history.max_size()) history.set_max_size(size);
  const HistoryControl control = history_control(shell);
  std::string_view text = command;
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (control.ignore_space && text.starts_with(' ')) {
    history.mark_current_dropped();
    return;
  }
  if (control.ignore_dups && !history.empty() && history.at(history.last_number()) == text) {
    history.mark_current_dropped();
    return;
  }
  if (control.erase_dups) history.erase(text);
  history.add(text);
}

void save_history(Shell& shell) {
  if (!shell.history.enabled()) return;
  if (auto error = shell.history.save(history_path(shell), history_file_size(shell))) {
    warn(shell, *error);
  }
}

}  // namespace spawnsh
