// Buffered output for builtins: one write() per builtin run in the common case, straight to the
// fd (no stdio, so a forked child has nothing buffered twice).
#pragma once

#include <cerrno>
#include <string>
#include <string_view>
#include <unistd.h>

namespace spawnsh {
class Shell;
}

namespace spawnsh::builtins {

class Output {
 public:
  explicit Output(int fd) : fd_(fd) {}
  ~Output() { flush(); }
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void put(char c) {
    buffer_.push_back(c);
    if (buffer_.size() >= kLimit) flush();
  }
  void put(std::string_view s) {
    buffer_.append(s);
    if (buffer_.size() >= kLimit) flush();
  }
  // False when the write failed (EPIPE, a full disk...); what was not written is dropped.
  bool flush() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
      ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        buffer_.clear();
        ok_ = false;
        return false;
      }
      done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
    return ok_;
  }

 private:
  static constexpr std::size_t kLimit = 8192;
  int fd_;
  std::string buffer_;
  bool ok_ = true;
};

// Flushes what a builtin wrote and returns its status; a failed write (stdout closed, a full
// disk) is reported as `builtin: write error: ...` and makes the status at least 1.
int finish_output(Shell& shell, Output& out, std::string_view builtin, int status);

}  // namespace spawnsh::builtins
