// libFuzzer target for the whole shell in-process: each input is a script run by run_text()
// through the parser, the expander and the evaluator, with a fake spawner (no process is ever
// made: a program or a shell-code child gets a made-up pid, and a fake reaper reports it exited
// with a status taken from the input). What runs for real: builtins, expansions, arithmetic,
// functions, loops, redirections (files opened by the shell, in the current directory), traps'
// bookkeeping, the job table and the waiter.
//
// Builtins that would act on the fuzzer's process or surroundings are left out of the table:
// exec, cd, kill, trap (signal dispositions), ulimit, umask, fg, bg. Run it as an unprivileged
// user in a scratch directory (tests/fuzz/README.md): redirections create and truncate files.
// Endless loops are possible inputs (`while :; do :; done`): each input gets a second of CPU
// time, after which SIGVTALRM's trap ends the script with `exit 124` at the next command of
// a list, the shell's own safe point. Without it every such input was a libFuzzer timeout,
// which in fork mode ends the job, and mutations of one seed with a loop found one at once.
// Loops inside a subshell run in this process are not stopped (the parent's traps wait until
// the subshell is over): run with -timeout and, in fork mode, -ignore_timeouts for those.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <csignal>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "builtins/builtins.h"
#include "shell/run.h"
#include "shell/shell.h"
#include "shell/traps.h"
#include "spawn/spawn.h"
#include "spawn/wait.h"

using namespace spawnsh;

namespace {

// Every request succeeds with a pid that exists nowhere; the child "exits" with `status`.
class FakeSpawner final : public spawn::Spawner {
 public:
  spawn::Backend backend() const noexcept override { return spawn::Backend::Fork; }
  bool supports(const spawn::ExecPlan&) const noexcept override { return true; }
  bool supports_shell_code(const spawn::ShellCodeRequest&) const noexcept override {
    return true;
  }
  spawn::SpawnResult spawn(const spawn::ExecPlan&) noexcept override { return {next(), {}}; }
  spawn::SpawnResult spawn_shell_code(const spawn::ShellCodeRequest&) noexcept override {
    return {next(), {}};
  }
  pid_t next() noexcept {
    if (outstanding_count < kMax) outstanding[outstanding_count++] = next_pid;
    return next_pid++;
  }

  static constexpr int kMax = 4096;
  pid_t outstanding[kMax];
  int outstanding_count = 0;
  pid_t next_pid = 400000;
  int status = 0;
};

FakeSpawner* current = nullptr;

bool fake_reap(pid_t which, int, spawn::Reaped& out, bool) {
  for (int i = 0; i < current->outstanding_count; ++i) {
    pid_t pid = current->outstanding[i];
    if (which != -1 && which != pid) continue;
    current->outstanding[i] = current->outstanding[--current->outstanding_count];
    out.pid = pid;
    out.status = spawn::WaitStatus::exited(current->status);
    out.usage = {};
    return true;
  }
  errno = ECHILD;
  return false;
}

std::span<const Builtin> safe_builtins() {
  static const std::vector<Builtin> table = [] {
    std::vector<Builtin> kept;
    for (const Builtin& b : builtins::table()) {
      static constexpr std::string_view kLeftOut[] = {"exec", "cd",    "kill", "trap",
                                                      "ulimit", "umask", "fg",   "bg"};
      bool out = false;
      for (std::string_view name : kLeftOut) out = out || b.name == name;
      if (!out) kept.push_back(b);
    }
    return kept;  // still sorted by name: only entries were removed
  }();
  return table;
}

// libFuzzer's own files must be out of a script's reach. A script's `echo x >&3` writes to
// whatever this process has at fd 3, and in a merge step (fork mode runs one per job) that was
// libFuzzer's control file: garbage in it stopped whole runs with "MERGE: failed to parse the
// control file". So between inputs fds 3 .. kReserved hold /dev/null, and whatever libFuzzer
// opens lands above them; while an input runs they are closed again, so that the script sees
// what a fresh shell sees (EBADF for an fd it did not open). Only an fd number above
// kReserved, which the mutations rarely build, can still reach libFuzzer's files.
constexpr int kReserved = 255;

void reserve_low_fds() {
  int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null < 0) return;
  for (int fd = 3; fd <= kReserved; ++fd) {
    if (fd != null && ::fcntl(fd, F_GETFD) < 0) ::dup3(null, fd, O_CLOEXEC);
  }
  if (null > kReserved) ::close(null);
}

// Closes only the /dev/null copies: an fd that is something else is libFuzzer's (opened before
// the first reservation) and stays.
void release_low_fds() {
  struct stat null_stat {};
  if (::stat("/dev/null", &null_stat) != 0) return;
  for (int fd = 3; fd <= kReserved; ++fd) {
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_rdev == null_stat.st_rdev && S_ISCHR(st.st_mode)) {
      ::close(fd);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  reserve_low_fds();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return -1;  // long inputs only slow the search down
  FakeSpawner spawner;
  // The first byte picks the status every fake child exits with (0, 1 or 2...).
  if (size > 0) {
    spawner.status = data[0] % 4;
    ++data;
    --size;
  }
  current = &spawner;
  release_low_fds();
  {
    Shell shell;
    shell.builtins = BuiltinTable(safe_builtins());
    shell.vars.assign("PATH", "/usr/bin:/bin");
    shell.launcher.use_spawner(&spawner);
    shell.jobs.use_reaper(&fake_reap);
    shell.traps.set(shell, SIGVTALRM, std::string("exit 124"));
    itimerval budget{};
    budget.it_value.tv_sec = 1;
    setitimer(ITIMER_VIRTUAL, &budget, nullptr);
    run_text(shell, std::string(reinterpret_cast<const char*>(data), size));
    itimerval off{};
    setitimer(ITIMER_VIRTUAL, &off, nullptr);
    // A signal caught after the script ended must not end the next input's first command.
    Traps::take_pending();
    Traps::take_caught(SIGVTALRM);
    shell.traps.set(shell, SIGVTALRM, std::nullopt);
  }
  current = nullptr;
  reserve_low_fds();
  return 0;
}
