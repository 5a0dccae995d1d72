#include "shell/interactive/history.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell/platform/write_all.h"

namespace spawnsh {
namespace {

using platform::write_all;

constexpr std::string_view kMarker = "#+";

std::string_view without_newline(std::string_view command) {
  while (!command.empty() && command.back() == '\n') command.remove_suffix(1);
  return command;
}

bool blank(std::string_view command) {
  return command.find_first_not_of(" \t\n") == std::string_view::npos;
}

std::string failure(const char* what, const std::string& path, int error) {
  return std::string(what) + " " + path + ": " + std::strerror(error);
}

bool read_all(int fd, std::string& text) {
  char buffer[8192];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return true;
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

// Holds a file descriptor and its flock until the end of the scope.
class LockedFile {
 public:
  LockedFile(const std::string& path, int flags, int lock) : fd_(::open(path.c_str(), flags, 0600)) {
    if (fd_ < 0) return;
    while (::flock(fd_, lock) < 0 && errno == EINTR) {
    }
  }
  ~LockedFile() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  LockedFile(const LockedFile&) = delete;
  LockedFile& operator=(const LockedFile&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::vector<std::string> parse_history_file(std::string_view text) {
  std::vector<std::string> commands;
  std::size_t at = 0;
  auto next_line = [&](std::string_view& line) {
    if (at >= text.size()) return false;
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    line = text.substr(at, end - at);
    at = end + 1;
    return true;
  };
  std::string_view line;
  while (next_line(line)) {
    std::size_t count = 0;
    if (line.starts_with(kMarker) && line.size() > kMarker.size() &&
        line.find_first_not_of("0123456789", kMarker.size()) == std::string_view::npos) {
      count = std::stoul(std::string(line.substr(kMarker.size())));
    }
    if (count == 0) {
      if (!blank(line)) commands.emplace_back(line);
      continue;
    }
    std::string command;
    for (std::size_t i = 0; i < count && next_line(line); ++i) {
      if (i > 0) command += '\n';
      command += line;
    }
    if (!blank(command)) commands.push_back(std::move(command));
  }
  return commands;
}

std::string format_history_entry(std::string_view command) {
  std::size_t lines = 1;
  for (char c : command) lines += c == '\n';
  std::string out;
  if (lines > 1 || command.starts_with(kMarker)) {
    out += kMarker;
    out += std::to_string(lines);
    out += '\n';
  }
  out += command;
  out += '\n';
  return out;
}

void History::set_max_size(std::size_t max_size) {
  max_size_ = max_size;
  trim();
}

void History::trim() {
  if (entries_.size() <= max_size_) return;
  std::size_t excess = entries_.size() - max_size_;
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(excess));
  first_number_ += excess;
  loaded_ = loaded_ > excess ? loaded_ - excess : 0;
}

void History::add(std::string_view command) {
  command = without_newline(command);
  if (!enabled_ || blank(command)) return;
  entries_.emplace_back(command);
  ++appended_;
  current_kept_ = true;
  trim();
}

void History::replace_last(std::string_view command) {
  command = without_newline(command);
  if (entries_.empty() || entries_.size() <= loaded_ || !current_kept_) {
    add(command);
    return;
  }
  entries_.back() = std::string(command);
  ++generation_;
}

void History::remove_last() {
  if (entries_.empty() || entries_.size() <= loaded_ || !current_kept_) return;
  entries_.pop_back();
  current_kept_ = false;
  ++generation_;
}

void History::erase(std::string_view command) {
  command = without_newline(command);
  std::size_t kept = 0, kept_loaded = 0;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i] == command) continue;
    if (i < loaded_) ++kept_loaded;
    if (kept != i) entries_[kept] = std::move(entries_[i]);
    ++kept;
  }
  if (kept == entries_.size()) return;
  entries_.resize(kept);
  loaded_ = kept_loaded;  // an erased loaded command stays in the file (only new ones are written)
  ++generation_;
}

std::optional<std::string> History::load(const std::string& path) {
  LockedFile file(path, O_RDONLY | O_CLOEXEC, LOCK_SH);
  if (file.fd() < 0) {
    if (errno == ENOENT) return std::nullopt;
    return failure("cannot read history file", path, errno);
  }
  std::string text;
  if (!read_all(file.fd(), text)) return failure("cannot read history file", path, errno);
  std::vector<std::string> commands = parse_history_file(text);
  std::size_t skip = commands.size() > max_size_ ? commands.size() - max_size_ : 0;
  entries_.clear();
  for (std::size_t i = skip; i < commands.size(); ++i) entries_.push_back(std::move(commands[i]));
  first_number_ = 1;
  loaded_ = entries_.size();
  ++generation_;
  return std::nullopt;
}

std::optional<std::string> History::save(const std::string& path,
                                         std::optional<std::size_t> file_limit) {
  std::string mine;
  for (std::size_t i = loaded_; i < entries_.size(); ++i) mine += format_history_entry(entries_[i]);
  if (path.empty()) return std::nullopt;
  // Append under an exclusive lock: a second shell leaving at the same moment waits, then
  // appends after these commands instead of writing over them.
  LockedFile file(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, LOCK_EX);
  if (file.fd() < 0) return failure("cannot write history file", path, errno);
  if (!write_all(file.fd(), mine)) return failure("cannot write history file", path, errno);
  loaded_ = entries_.size();  // written: a second save does not write them again
  // Cut to the newest `file_limit` commands, in place (a rename would leave a shell waiting
  // for the lock with the old, unlinked file).
  if (!file_limit) return std::nullopt;
  std::string text;
  if (::lseek(file.fd(), 0, SEEK_SET) < 0 || !read_all(file.fd(), text)) return std::nullopt;
  std::vector<std::string> commands = parse_history_file(text);
  if (commands.size() <= *file_limit) return std::nullopt;
  std::string kept;
  for (std::size_t i = commands.size() - *file_limit; i < commands.size(); ++i) {
    kept += format_history_entry(commands[i]);
  }
  if (::ftruncate(file.fd(), 0) < 0 || !write_all(file.fd(), kept)) {
    return failure("cannot write history file", path, errno);
  }
  return std::nullopt;
}

}  // namespace spawnsh
