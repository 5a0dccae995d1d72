// Buffered output for builtins: one write() per builtin run in the common case, straight to the
// fd (no stdio, so a forked child has nothing buffered twice).
//
// Every builtin writes its standard output through this, so that a failed write (a full disk,
// a closed stdout, a reader gone) is reported the same way everywhere: once, with the builtin's
// name, and the builtin returns 1 (XCU 1.4, Consequences of Errors).
#pragma once

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <string_view>
#include <unistd.h>

#include "shell/errors.h"
#include "shell/shell.h"

namespace spawnsh::builtins {

class Output {
 public:
  // `name` is the builtin as the diagnostic shows it ("echo", "command").
  Output(const Shell& shell, std::string_view name, int fd = STDOUT_FILENO)
      : shell_(shell), name_(name), fd_(fd) {}
  ~Output() {
    try {
      flush();  // what a builtin left unflushed when an error unwound it
    } catch (...) {
      // reporting a write error failed too (no memory): nothing more can be said
    }
  }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void put(char c) {
    if (!ok_) return;
    buffer_.push_back(c);
    if (buffer_.size() >= kLimit) flush();
  }
  void put(std::string_view s) {
    if (!ok_) return;
    buffer_.append(s);
    if (buffer_.size() >= kLimit) flush();
  }
  // False when a write has failed (now or earlier); the failure is reported on stderr the first
  // time, and whatever was not written is dropped, as is anything put afterwards.
  bool flush() { return flush_first(buffer_.size()); }
  // A diagnostic of the builtin, written after the lines it has printed so far: where stdout and
  // stderr are one file (`2>&1`, a terminal) they read in the order things happened, and a line
  // being printed (printf's `a%db` with a bad number) is not cut by the message.
  void error(std::string_view message) {
    std::size_t end_of_lines = buffer_.rfind('\n');
    if (end_of_lines != std::string::npos) flush_first(end_of_lines + 1);
    shell_.error(message);
  }
  // The builtin's exit status: `so_far` (what it decided itself), or 1 when that was 0 and a
  // write failed. A failure status of its own stays, as in dash (`type nosuch >/dev/full`: 127).
  int status(int so_far = 0) { return flush() || so_far != 0 ? so_far : 1; }

 private:
  // Writes the first `count` bytes of the buffer and drops them from it.
  bool flush_first(std::size_t count) {
    if (fd_ == STDOUT_FILENO && shell_.stdout_capture != nullptr) {
      // A $( ) run in this shell (shell/exec/virtual_subshell.h): its body has no
      // redirection of fd 1, so fd 1 here always means the substitution's output.
      if (ok_) shell_.stdout_capture->append(buffer_, 0, count);
      buffer_.erase(0, count);
      return ok_;
    }
    std::size_t done = 0;
    while (ok_ && done < count) {
      ssize_t n = ::write(fd_, buffer_.data() + done, count - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fail(n < 0 ? errno : ENOSPC);
        break;
      }
      done += static_cast<std::size_t>(n);
    }
    buffer_.erase(0, count);
    return ok_;
  }
  void fail(int error) {
    ok_ = false;
    // In a virtual subshell, SIGPIPE held: the child this stands for would have died of it,
    // silently, and only it; its status says so (shell/exec/virtual_subshell.cpp).
    if (error == EPIPE && shell_.sigpipe_held) throw CommandError{128 + SIGPIPE, true};
    shell_.error(std::string(name_) + ": write error: " + std::strerror(error));
  }

  static constexpr std::size_t kLimit = 8192;
  const Shell& shell_;
  std::string_view name_;
  int fd_;
  std::string buffer_;
  bool ok_ = true;
};

}  // namespace spawnsh::builtins
