// Command substitution (XCU 2.6.3): the program runs in a child (run_in_child) with its stdout
// on a pipe; the parent reads everything (any size: it reads while the child writes), then the
// waiter reaps it. Running out of memory or a failed read is reported after the child is reaped.
#include "shell/exec/command_substitution.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <unistd.h>

#include "shell/errors.h"
#include "shell/exec/child.h"
#include "shell/exec/evaluator.h"
#include "shell/exec/virtual_subshell.h"
#include "shell/jobs/waiter.h"
#include "shell/out_of_memory.h"
#include "shell/shell.h"

namespace spawnsh::exec {

CapturedOutput read_all(int fd) {
  CapturedOutput out;
  std::size_t capacity = 65536;
  out.data.reset(static_cast<char*>(std::malloc(capacity)));
  while (out.data != nullptr) {
    if (capacity - out.size < 65536) {
      // Beyond 16 MB grow by an eighth: the slack counts against `ulimit -v` too.
      constexpr std::size_t kDoublingLimit = std::size_t{16} << 20;
      std::size_t grown = capacity < kDoublingLimit ? capacity * 2 : capacity + capacity / 8;
      char* bigger = static_cast<char*>(std::realloc(out.data.get(), grown));
      if (bigger == nullptr) {
        out.data.reset();
        break;
      }
      static_cast<void>(out.data.release());
      out.data.reset(bigger);
      capacity = grown;
    }
    char* end = out.data.get() + out.size;
    ssize_t n = ::read(fd, end, capacity - out.size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) out.read_error = errno;
    if (n <= 0) break;
    out.size += static_cast<std::size_t>(std::remove(end, end + n, '\0') - end);
  }
  return out;
}

std::string captured_text(Shell& shell, const CapturedOutput& captured) {
  if (captured.data == nullptr) report_out_of_memory();
  if (captured.read_error != 0) {
    // A short output must not pass for the whole one.
    shell.error(std::string("command substitution: cannot read: ") +
                std::strerror(captured.read_error));
    throw CommandError{2, true};
  }
  std::size_t size = captured.size;
  while (size > 0 && captured.data.get()[size - 1] == '\n') --size;
  return std::string(captured.data.get(), size);  // exactly `size` bytes: the one copy
}

std::string command_substitution(Shell& shell, const syntax::Program& program) {
  if (std::optional<std::string> output = virtual_command_substitution(shell, program)) {
    return std::move(*output);
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) {
    shell.error(std::string("cannot make a pipe: ") + std::strerror(errno));
    throw CommandError{2, true};
  }
  const StdoutToPipe onto_pipe = stdout_to_pipe(fds);
  ChildSetup setup;
  setup.fd_actions = onto_pipe.span();
  setup.continuation = Continuation(program);
  Job job;
  job.processes.resize(1);
  bool started = run_in_child(
      shell, setup, [&](Shell& child) { return execute(child, program); }, job.processes[0]);
  ::close(fds[1]);
  if (!started) {
    ::close(fds[0]);
    throw CommandError{2, true};
  }
  CapturedOutput captured = read_all(fds[0]);
  ::close(fds[0]);  // a child still writing (the output did not fit) gets SIGPIPE
  // Not $? yet: $? stays the last pipeline's status for the rest of this command's expansions
  // (XCU 2.5.2); a command of assignments alone takes it as its own status.
  shell.substitution_status = wait_for_foreground(shell, job);
  return captured_text(shell, captured);  // reported only now: after the child is reaped
}

}  // namespace spawnsh::exec
