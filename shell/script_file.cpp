#include "shell/script_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell/exec/shell_fds.h"

namespace spawnsh {
namespace {

void drop_nul_bytes(std::string& text, std::size_t from) {
  if (std::memchr(text.data() + from, '\0', text.size() - from) != nullptr) {
    text.erase(std::remove(text.begin() + static_cast<std::ptrdiff_t>(from), text.end(), '\0'),
               text.end());
  }
}

// Reads `fd` to its end, appending to `out` (NUL bytes kept). Returns false with `error` set.
bool read_to_end(int fd, std::string& out, int& error) {
  // Read straight into the string, sized from fstat when the file says (a big script is then
  // neither copied from a buffer nor moved while it grows); a pipe or a growing file still
  // works, the string just grows.
  struct stat info {};
  std::size_t chunk = 65536;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    chunk = static_cast<std::size_t>(info.st_size) + 1;  // +1: see the end of the file at once
  }
  const std::size_t start = out.size();
  std::size_t used = start;
  for (;;) {
    if (out.size() == used) out.resize(used + chunk);  // grow only when full
    ssize_t n = ::read(fd, out.data() + used, out.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = errno;
      out.resize(start);
      return false;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  out.resize(used);
  return true;
}

// A script that cannot be sized, read a chunk at a time as its writer provides it. The fd is
// the shell's own (close-on-exec, above the script's 0-9), so no command shares it and reading
// ahead of the current line is safe, unlike stdin (shell/interactive/fd_source.cpp).
class ScriptSource final : public LineSource {
 public:
  ScriptSource(int fd, std::string name, std::string first_chunk)
      : fd_(fd), name_(std::move(name)), buffer_(std::move(first_chunk)),
        at_end_(buffer_.empty()) {}
  ~ScriptSource() override { ::close(fd_); }

  InputLine read_line(std::string_view /*prompt*/) override {
    std::string line;
    for (;;) {
      std::size_t newline = buffer_.find('\n', begin_);
      std::size_t end = newline == std::string::npos ? buffer_.size() : newline;
      line.append(buffer_, begin_, end - begin_);
      if (newline != std::string::npos) {
        begin_ = newline + 1;
        break;
      }
      buffer_.clear();
      begin_ = 0;
      if (at_end_ || !fill()) {
        if (line.empty()) return InputLine::end();
        break;  // a last line without a newline
      }
    }
    drop_nul_bytes(line, 0);
    return InputLine::line(std::move(line));
  }

 private:
  bool fill() {
    buffer_.resize(kChunk);
    ssize_t n;
    do n = ::read(fd_, buffer_.data(), kChunk);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
      std::string message =
          "spawnsh: " + name_ + ": read error: " + std::strerror(errno) + "\n";
      [[maybe_unused]] ssize_t w = ::write(STDERR_FILENO, message.data(), message.size());
    }
    buffer_.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    at_end_ = n <= 0;
    return n > 0;
  }

  static constexpr std::size_t kChunk = 65536;
  int fd_;
  std::string name_;
  std::string buffer_;
  std::size_t begin_ = 0;
  bool at_end_;
};

}  // namespace

bool read_script_file(const std::string& path, std::string& out, int& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = errno;
    return false;
  }
  const std::size_t start = out.size();
  bool ok = read_to_end(fd, out, error);
  ::close(fd);
  if (ok) drop_nul_bytes(out, start);
  return ok;
}

bool looks_binary(std::string_view start) {
  constexpr std::size_t kSample = 80;
  start = start.substr(0, std::min(start.size(), kSample));
  std::size_t newline = start.find('\n');
  return start.substr(0, newline).find('\0') != std::string_view::npos;
}

ScriptInput open_script(const std::string& path) {
  ScriptInput input;
  auto fail = [&input](int error) {
    input.status = ScriptInput::Status::CannotOpen;
    input.error = error;
    return std::move(input);
  };
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(errno);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || S_ISDIR(info.st_mode)) {
    int error = S_ISDIR(info.st_mode) ? EISDIR : errno;
    ::close(fd);
    return fail(error);
  }
  if (S_ISREG(info.st_mode)) {
    int error = 0;
    bool ok = read_to_end(fd, input.text, error);
    ::close(fd);
    if (!ok) return fail(error);
    if (looks_binary(input.text)) {
      input.status = ScriptInput::Status::Binary;
      input.text.clear();
      return input;
    }
    drop_nul_bytes(input.text, 0);
    return input;
  }
  // The fd stays open while the script runs: out of the script's 0-9.
  fd = move_to_shell_range(fd);
  if (fd < 0) return fail(errno);
  // The first chunk is read now (waiting for the writer's first bytes), to tell a program from
  // a script before anything runs.
  std::string first(65536, '\0');
  ssize_t n;
  do n = ::read(fd, first.data(), first.size());
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    int error = errno;
    ::close(fd);
    return fail(error);
  }
  first.resize(static_cast<std::size_t>(n));
  if (looks_binary(first)) {
    ::close(fd);
    input.status = ScriptInput::Status::Binary;
    return input;
  }
  input.lines = std::make_unique<ScriptSource>(fd, path, std::move(first));
  return input;
}

}  // namespace spawnsh
