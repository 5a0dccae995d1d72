#include <cerrno>
#include <unistd.h>

#include "shell/interactive/line_source.h"
#include "shell/interrupt.h"

namespace spawnsh {
namespace {

class FdSource final : public LineSource {
 public:
  FdSource(int fd, bool show_prompts)
      : fd_(fd), show_prompts_(show_prompts), seekable_(::lseek(fd, 0, SEEK_CUR) >= 0) {}

  ~FdSource() override {
    // Give back what was read ahead but not used, for whoever reads the fd next.
    if (seekable_ && begin_ < end_) {
      ::lseek(fd_, -static_cast<off_t>(end_ - begin_), SEEK_CUR);
    }
  }

  InputLine read_line(std::string_view prompt) override {
    if (show_prompts_ && !prompt.empty()) {
      // Readline's markers around invisible text (\1 \2) mean nothing to a plain terminal.
      std::string shown;
      for (char c : prompt) {
        if (c != '\1' && c != '\2') shown += c;
      }
      [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, shown.data(), shown.size());
    }
    std::string line;
    for (;;) {
      if (begin_ == end_ && !fill()) {
        if (interrupted_) {
          // An interactive shell's SIGINT while it waited for input (shell/interrupt.h): the
          // line read so far is dropped, as at readline's prompt, and no command ends for it.
          interrupted_ = false;
          clear_interrupt();
          return InputLine::interrupted();
        }
        if (line.empty()) {
          // After a prompt, the end of the input leaves the cursor on a line of its own.
          if (show_prompts_) [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, "\n", 1);
          return InputLine::end();
        }
        return InputLine::line(std::move(line));  // a last line without a newline
      }
      while (begin_ < end_) {
        char c = buffer_[begin_++];
        if (c == '\n') {
          give_back();
          return InputLine::line(std::move(line));
        }
        if (c != '\0') line.push_back(c);  // NUL bytes are dropped, as dash does
      }
    }
  }

 private:
  bool fill() {
    // A pipe is read a byte at a time: a command started from the script may read the rest.
    std::size_t want = seekable_ ? sizeof buffer_ : 1;
    ssize_t n;
    do n = ::read(fd_, buffer_, want);
    while (n < 0 && errno == EINTR && !interrupt_pending());
    if (n < 0 && errno == EINTR) interrupted_ = true;
    if (n <= 0) return false;
    begin_ = 0;
    end_ = static_cast<std::size_t>(n);
    return true;
  }
  // Seekable input read ahead of the line: put the file offset back after the line, so a
  // command run now sees the next line as the script's next input.
  void give_back() {
    if (seekable_ && begin_ < end_) {
      ::lseek(fd_, -static_cast<off_t>(end_ - begin_), SEEK_CUR);
      begin_ = end_;
    }
  }

  int fd_;
  bool show_prompts_;
  bool seekable_;
  bool interrupted_ = false;
  char buffer_[4096];
  std::size_t begin_ = 0, end_ = 0;
};

}  // namespace

std::unique_ptr<LineSource> make_fd_source(int fd, bool show_prompts) {
  return std::make_unique<FdSource>(fd, show_prompts);
}

}  // namespace spawnsh
