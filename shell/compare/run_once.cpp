#include "shell/compare/run_once.h"

#include <fcntl.h>
#include <optional>
#include <unistd.h>

#include "shell/exec/shell_fds.h"
#include "shell/run.h"
#include "shell/shell.h"

namespace spawnsh::compare_run {
namespace {

// Saves fds 0, 1 and 2, points them at the run's input and output, and puts them back.
class StandardFds {
 public:
  StandardFds(int input_fd, int output_fd) {
    for (int fd = 0; fd < 3; ++fd) saved_[fd] = ::fcntl(fd, F_DUPFD_CLOEXEC, kShellFdBase);
    ::dup2(input_fd, STDIN_FILENO);
    ::dup2(output_fd, STDOUT_FILENO);
    ::dup2(output_fd, STDERR_FILENO);
  }
  StandardFds(const StandardFds&) = delete;
  StandardFds& operator=(const StandardFds&) = delete;
  ~StandardFds() {
    for (int fd = 0; fd < 3; ++fd) {
      if (saved_[fd] >= 0) {
        ::dup2(saved_[fd], fd);
        ::close(saved_[fd]);
      } else {
        ::close(fd);  // it was closed before the run
      }
    }
  }

 private:
  int saved_[3] = {-1, -1, -1};
};

}  // namespace

RunOnce run_once(Shell& shell, const std::string& command, compare::Variant variant,
                 int output_fd) {
  static const int null_fd = move_to_shell_range(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  RunOnce result;
  spawn::Backend previous = shell.launcher.backend();
  bool previous_image = shell.launcher.emulated_image();
  shell.launcher.set_backend(variant.backend);
  // The channel travels with the state to emulated children, so theirs follow it too.
  if (variant.channel != compare::Channel::None) {
    shell.launcher.set_emulated_image(variant.channel == compare::Channel::Image);
  }
  std::uint64_t fallbacks_before = shell.launcher.counters().fallbacks;
  {
    StandardFds fds(null_fd, output_fd);
    timing::JobTiming timing;
    int status = 0;
    timing.start();
    status = run_text(shell, command);
    timing.stop();
    // `exit` ends the compared command, not the measuring shell.
    if (std::optional<int> exit_status = shell.take_exit_request()) status = *exit_status;
    result.figures = timing.figures();
    result.figures.status = status;
    for (const timing::TimedProcess& p : timing.processes()) {
      ++result.by_backend[compare::backend_slot(p.record.backend)];
    }
  }
  result.fallbacks = shell.launcher.counters().fallbacks - fallbacks_before;
  shell.launcher.set_backend(previous);
  shell.launcher.set_emulated_image(previous_image);
  return result;
}

}  // namespace spawnsh::compare_run
