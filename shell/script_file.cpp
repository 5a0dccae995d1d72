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

// A piece is held up to three times at once (the read buffer, the piece, the parser's text):
// 16 KiB keeps `spawnsh -n` over a 10 MB script at dash's peak memory (64 KiB: 0.5 MB more), for
// 6 % more parsing (a command cut by a piece's end is parsed again once the rest arrives).
constexpr std::size_t kPieceSize = 16384;

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

ScriptPieces::ScriptPieces(int fd, std::string name, std::string first_read)
    : fd_(fd), name_(std::move(name)), buffer_(std::move(first_read)), at_end_(buffer_.empty()) {}

ScriptPieces::~ScriptPieces() { ::close(fd_); }

bool ScriptPieces::next(std::string& out) {
  std::size_t searched = 0;  // a long line is searched once, not once per read
  for (;;) {
    const void* hit = ::memrchr(buffer_.data() + searched, '\n', buffer_.size() - searched);
    std::size_t newline = hit == nullptr ? std::string::npos
                                         : static_cast<std::size_t>(
                                               static_cast<const char*>(hit) - buffer_.data());
    searched = buffer_.size();
    if (newline != std::string::npos || at_end_) {
      std::size_t whole = newline == std::string::npos ? buffer_.size() : newline + 1;
      if (at_end_) whole = buffer_.size();  // the last line may lack its newline
      const std::size_t from = out.size();
      out.append(buffer_, 0, whole);
      buffer_.erase(0, whole);
      drop_nul_bytes(out, from);
      return !at_end_;
    }
    fill();  // no whole line yet: read on (a line longer than a read, or a slow writer)
  }
}

bool ScriptPieces::fill() {
  const std::size_t old_size = buffer_.size();
  buffer_.resize(old_size + kPieceSize);
  ssize_t n;
  do n = ::read(fd_, buffer_.data() + old_size, kPieceSize);
  while (n < 0 && errno == EINTR);
  if (n < 0) {
    std::string message = "spawnsh: " + name_ + ": read error: " + std::strerror(errno) + "\n";
    [[maybe_unused]] ssize_t w = ::write(STDERR_FILENO, message.data(), message.size());
  }
  buffer_.resize(old_size + (n > 0 ? static_cast<std::size_t>(n) : 0));
  at_end_ = n <= 0;
  return n > 0;
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
  // The fd stays open while the script runs: out of the script's 0-9.
  fd = move_to_shell_range(fd);
  if (fd < 0) return fail(errno);
  // The first piece is read now (waiting for a writer's first bytes), to tell a program from a
  // script before anything runs.
  std::string first(kPieceSize, '\0');
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
  input.pieces = std::make_unique<ScriptPieces>(fd, path, std::move(first));
  return input;
}

}  // namespace spawnsh
