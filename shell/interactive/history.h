// The command history of an interactive shell: numbered entries, the history file, HISTSIZE.
// Plain C++ with no line editor in it: `fc` (builtins/fc.cpp) reaches it as shell.history, and
// the readline source mirrors it for its own up-arrow list (readline_source.cpp).
//
// The file (HISTFILE, default ~/.spawnsh_history) holds one command per line. A command of
// several lines is written after a marker line `#+N` (N: how many lines follow), so that a
// command with a newline inside quotes comes back whole; a one-line command that itself starts
// with `#+` gets the marker `#+1` so it is not mistaken for one. At exit the shell appends the
// commands of its session under an exclusive lock (flock) and cuts the file to its last
// HISTFILESIZE commands, so two shells leaving at once both keep their commands.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spawnsh {

class History {
 public:
  static constexpr std::size_t kDefaultSize = 500;  // as bash; POSIX asks for at least 128

  // History is kept only when enabled (an interactive shell); `fc` says so otherwise.
  bool enabled() const noexcept { return enabled_; }
  void enable(std::size_t max_size) {
    enabled_ = true;
    set_max_size(max_size);
  }
  void set_max_size(std::size_t max_size);
  std::size_t max_size() const noexcept { return max_size_; }

  // Adds a command (a trailing newline is dropped; blank commands are not kept).
  void add(std::string_view command);
  // The command being run was not kept (HISTCONTROL): the newest entry is an older command,
  // which fc must neither skip as "itself" nor replace.
  void mark_current_dropped() noexcept { current_kept_ = false; }
  // Whether the newest entry is the command being run (fc looks before it).
  bool current_kept() const noexcept { return current_kept_; }
  // Replaces the newest entry (fc: the edited commands take the place of the fc command); adds
  // when the fc itself was not kept.
  void replace_last(std::string_view command);
  // Drops the fc command from the history, when it was kept.
  void remove_last();
  // HISTCONTROL=erasedups: every entry equal to `command` leaves the list (later entries are
  // numbered down, as in bash).
  void erase(std::string_view command);

  // Entry numbers: the first kept entry has first_number(); numbers grow by one per command
  // and are not reused when old entries fall off the front.
  std::size_t first_number() const noexcept { return first_number_; }
  std::size_t last_number() const noexcept { return first_number_ + entries_.size() - 1; }
  std::size_t next_number() const noexcept { return first_number_ + entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  const std::string& at(std::size_t number) const { return entries_[number - first_number_]; }
  std::size_t size() const noexcept { return entries_.size(); }

  // Changes other than add() and trimming to max_size (replace, remove, load) bump this, so a
  // mirror knows to rebuild; appended() counts every add() ever made, so a mirror can copy only
  // the new ones (and trim its own front to max_size()).
  std::uint64_t generation() const noexcept { return generation_; }
  std::uint64_t appended() const noexcept { return appended_; }

  // Reads the history file (a missing file is no error). Returns an error text when the file
  // exists but cannot be read.
  std::optional<std::string> load(const std::string& path);
  // Appends this session's commands to `path` and cuts it to its newest `file_limit` commands
  // (HISTFILESIZE; nullopt: never cut). Returns an error text when the file cannot be written;
  // the caller warns once.
  std::optional<std::string> save(const std::string& path, std::optional<std::size_t> file_limit);
  std::optional<std::string> save(const std::string& path) { return save(path, max_size_); }

 private:
  void trim();

  bool enabled_ = false;
  std::size_t max_size_ = kDefaultSize;
  std::vector<std::string> entries_;  // not a deque: an empty vector allocates nothing at start-up
  std::size_t first_number_ = 1;
  std::size_t loaded_ = 0;  // entries_ that came from the file (not written again at exit)
  std::uint64_t generation_ = 0;
  std::uint64_t appended_ = 0;
  bool current_kept_ = true;
};

// The history file's commands in order (the `#+N` format above); exposed for tests.
std::vector<std::string> parse_history_file(std::string_view text);
// One command in the file's format, newline-terminated.
std::string format_history_entry(std::string_view command);

}  // namespace spawnsh
