// The spawn library, run as a matrix over every backend: each behaviour must be the same
// whichever backend makes the process.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "spawn/child_setup.h"
#include "spawn/exec_plan.h"
#include "spawn/launcher.h"
#include "spawn/spawn.h"
#include "spawn/wait.h"
#include "tests/support/temp_paths.h"

using namespace spawnsh::spawn;
using spawnsh::testing::TempDir;

namespace {

const char* const kProbe = SPAWNSH_PROBE;

struct Outcome {
  SpawnError error;
  WaitStatus status = WaitStatus::exited(-1);
  std::string out;  // the child's stdout
};

// Runs `argv` through `backend` with stdout captured through a pipe, plus `actions` after the
// capture is set up, and waits for it.
Outcome run(Backend backend, const std::vector<std::string>& argv,
            std::vector<FdAction> actions = {}, const std::vector<std::string>& env = {},
            ProcessGroup group = {}, const char* path = kProbe) {
  int out[2];
  REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
  CStringArray args(argv), envp(env);
  std::vector<FdAction> all{FdAction::dup2(out[1], 1)};
  all.insert(all.end(), actions.begin(), actions.end());
  ExecPlan plan;
  plan.path = path;
  plan.argv = args.data();
  plan.envp = envp.data();
  plan.fd_actions = all;
  plan.group = group;
  sigemptyset(&plan.signal_mask);
  sigemptyset(&plan.reset_signals);

  Outcome o;
  SpawnResult r = spawner_for(backend)->spawn(plan);
  ::close(out[1]);
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(out[0], buffer, sizeof buffer)) > 0) o.out.append(buffer, n);
  ::close(out[0]);
  o.error = r.error;
  if (r.pid > 0) {
    Reaped reaped;
    REQUIRE(reap(r.pid, 0, reaped));
    REQUIRE(reaped.pid == r.pid);
    o.status = reaped.status;
  }
  return o;
}

std::vector<std::string> counted_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t colon = text.find(':', at);
    std::size_t length = std::stoul(text.substr(at, colon - at));
    out.push_back(text.substr(colon + 1, length));
    at = colon + 1 + length + 1;
  }
  return out;
}

std::vector<int> open_fds() {
  std::vector<int> fds;
  DIR* d = ::opendir("/proc/self/fd");
  while (dirent* e = ::readdir(d)) {
    if (e->d_name[0] != '.' && std::atoi(e->d_name) != ::dirfd(d)) fds.push_back(std::atoi(e->d_name));
  }
  ::closedir(d);
  return fds;
}

// The fds a child inherits unasked: the parent's that are not close-on-exec (those the shell
// itself inherited, which POSIX has it pass on).
std::string inheritable_fds(std::initializer_list<int> except = {}) {
  std::string out;
  for (int fd : open_fds()) {
    if ((::fcntl(fd, F_GETFD) & FD_CLOEXEC) == 0 &&
        std::find(except.begin(), except.end(), fd) == except.end()) {
      out += std::to_string(fd) + "\n";
    }
  }
  return out;
}

Backend any_backend() {
  return GENERATE(Backend::Fork, Backend::Vfork, Backend::Clone, Backend::PosixSpawn);
}

}  // namespace

TEST_CASE("exit codes come back through wait4", "[spawn]") {
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  for (int code : {0, 1, 42, 255}) {
    Outcome o = run(b, {"probe", "exit", std::to_string(code)});
    REQUIRE_FALSE(o.error);
    CHECK(o.status == WaitStatus::exited(code));
    CHECK(o.status.shell_status() == code);
  }
}

TEST_CASE("death by a signal is 128 + its number", "[spawn]") {
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  Outcome o = run(b, {"probe", "kill", std::to_string(SIGTERM)});
  REQUIRE(o.status.is_signaled());
  CHECK(o.status.signal() == SIGTERM);
  CHECK(o.status.shell_status() == 128 + SIGTERM);
}

TEST_CASE("argv and environment are passed exactly", "[spawn]") {
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  std::string long_arg(100000, 'x');  // under MAX_ARG_STRLEN (128 KiB)
  std::vector<std::string> argv{"probe", "args", "", "two words", "tab\there", long_arg, ""};
  Outcome o = run(b, argv);
  REQUIRE_FALSE(o.error);
  CHECK(counted_lines(o.out) == argv);

  std::vector<std::string> env{"A=1", "EMPTY=", "SPACES=a b  c", "LONG=" + long_arg};
  o = run(b, {"probe", "env"}, {}, env);
  CHECK(counted_lines(o.out) == env);
}

TEST_CASE("fd actions run in order", "[spawn]") {
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  TempDir dir;
  std::string file = dir.path + "/in";
  {
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    REQUIRE(::write(fd, "hello\n", 6) == 6);
    ::close(fd);
  }

  SECTION("dup2 gives the child the parent's fd") {
    int in = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    Outcome o = run(b, {"probe", "cat"}, {FdAction::dup2(in, 0)});
    ::close(in);
    CHECK(o.out == "hello\n");
  }
  SECTION("dup2 of an fd onto itself clears close-on-exec") {
    int in = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    int high = ::fcntl(in, F_DUPFD_CLOEXEC, 40);
    ::close(in);
    Outcome o = run(b, {"probe", "fds"}, {FdAction::dup2(high, high)});
    ::close(high);
    CHECK(o.out.find(std::to_string(high) + "\n") != std::string::npos);
  }
  SECTION("close removes an fd the child would have had") {
    std::string expected = inheritable_fds({2});
    Outcome o = run(b, {"probe", "fds"}, {FdAction::close(2)});
    CHECK(o.out == expected);
    CHECK(o.out.find("2\n") != 0);
  }
  if (b != Backend::PosixSpawn) {
    SECTION("open puts a file on the fd asked for") {
      Outcome o = run(b, {"probe", "cat"}, {FdAction::open(0, file.c_str(), O_RDONLY)});
      REQUIRE_FALSE(o.error);
      CHECK(o.out == "hello\n");
    }
    SECTION("open failures are reported with the action that failed") {
      std::string missing = dir.path + "/no/such/file";
      Outcome o = run(b, {"probe", "exit", "0"},
                      {FdAction::close(5), FdAction::open(0, missing.c_str(), O_RDONLY)});
      CHECK(o.error.stage == SpawnError::Stage::FdAction);
      CHECK(o.error.error == ENOENT);
      CHECK(o.error.action == 2);  // counting the stdout capture added by run()
    }
  }
}

TEST_CASE("posix_spawn refuses child-side opens and the launcher falls back", "[spawn]") {
  const char* argv[] = {"probe", "exit", "7", nullptr};
  char* env[] = {nullptr};
  FdAction actions[] = {FdAction::open(0, "/dev/null", O_RDONLY)};
  ExecPlan plan;
  plan.path = kProbe;
  plan.argv = const_cast<char* const*>(argv);
  plan.envp = env;
  plan.fd_actions = actions;
  sigemptyset(&plan.signal_mask);
  sigemptyset(&plan.reset_signals);
  CHECK_FALSE(spawner_for(Backend::PosixSpawn)->supports(plan));

  Launcher launcher(Backend::PosixSpawn);
  struct Seen {
    Backend wanted = Backend::Auto, used = Backend::Auto;
  } seen;
  launcher.on_fallback(
      [](Backend wanted, Backend used, void* ctx) {
        auto* s = static_cast<Seen*>(ctx);
        s->wanted = wanted;
        s->used = used;
      },
      &seen);
  auto launched = launcher.launch(plan);
  REQUIRE(launched.pid > 0);
  Reaped reaped;
  REQUIRE(reap(launched.pid, 0, reaped));
  CHECK(reaped.status == WaitStatus::exited(7));
  CHECK(launched.used != Backend::PosixSpawn);
  CHECK(seen.wanted == Backend::PosixSpawn);
  CHECK(seen.used == launched.used);
  CHECK(launcher.counters().fallbacks == 1);
}

TEST_CASE("process groups: a new group, or joining one", "[spawn]") {
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  Outcome o = run(b, {"probe", "group"}, {}, {}, {ProcessGroup::Policy::NewGroup, 0});
  int pid = 0, pgid = 0;
  REQUIRE(std::sscanf(o.out.c_str(), "%d %d", &pid, &pgid) == 2);
  CHECK(pid == pgid);

  o = run(b, {"probe", "group"}, {}, {}, {ProcessGroup::Policy::Inherit, 0});
  REQUIRE(std::sscanf(o.out.c_str(), "%d %d", &pid, &pgid) == 2);
  CHECK(pgid == ::getpgrp());
}

TEST_CASE("joining a process group that another child leads", "[spawn]") {
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  // A leader that stays alive (blocked reading a pipe) while a second child joins its group.
  int hold[2];
  REQUIRE(::pipe2(hold, O_CLOEXEC) == 0);
  const char* leader_argv[] = {"probe", "cat", nullptr};
  char* env[] = {nullptr};
  FdAction leader_actions[] = {FdAction::dup2(hold[0], 0)};
  ExecPlan leader;
  leader.path = kProbe;
  leader.argv = const_cast<char* const*>(leader_argv);
  leader.envp = env;
  leader.fd_actions = leader_actions;
  leader.group = {ProcessGroup::Policy::NewGroup, 0};
  sigemptyset(&leader.signal_mask);
  sigemptyset(&leader.reset_signals);
  SpawnResult lead = spawner_for(b)->spawn(leader);
  REQUIRE(lead.pid > 0);

  Outcome o = run(b, {"probe", "group"}, {}, {}, {ProcessGroup::Policy::Join, lead.pid});
  int pid = 0, pgid = 0;
  REQUIRE(std::sscanf(o.out.c_str(), "%d %d", &pid, &pgid) == 2);
  CHECK(pgid == lead.pid);

  ::close(hold[0]);
  ::close(hold[1]);
  Reaped reaped;
  REQUIRE(reap(lead.pid, 0, reaped));
}

TEST_CASE("a terminal hand-over plan is accepted, and a non-terminal is reported", "[spawn]") {
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  const char* argv[] = {"probe", "exit", "0", nullptr};
  char* env[] = {nullptr};
  int not_a_tty = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ExecPlan plan;
  plan.path = kProbe;
  plan.argv = const_cast<char* const*>(argv);
  plan.envp = env;
  plan.group = {ProcessGroup::Policy::NewGroup, 0};
  plan.terminal_fd = not_a_tty;
  sigemptyset(&plan.signal_mask);
  sigemptyset(&plan.reset_signals);
  CHECK(spawner_for(b)->supports(plan));
  SpawnResult r = spawner_for(b)->spawn(plan);
  ::close(not_a_tty);
  CHECK(r.pid == -1);
  CHECK(r.error.stage == SpawnError::Stage::Terminal);
  CHECK(r.error.error == ENOTTY);
}

TEST_CASE("exec failures: not found, not executable, not a binary", "[spawn]") {
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  TempDir dir;
  Outcome o = run(b, {"x"}, {}, {}, {}, "/nonexistent/program");
  CHECK(o.error.stage == SpawnError::Stage::Exec);
  CHECK(o.error.error == ENOENT);

  std::string plain = dir.path + "/plain";
  ::close(::open(plain.c_str(), O_WRONLY | O_CREAT, 0644));
  o = run(b, {"x"}, {}, {}, {}, plain.c_str());
  CHECK(o.error.stage == SpawnError::Stage::Exec);
  CHECK(o.error.error == EACCES);

  o = run(b, {"x"}, {}, {}, {}, dir.path.c_str());
  CHECK(o.error.stage == SpawnError::Stage::Exec);
  CHECK(o.error.error == EACCES);

  std::string script = dir.path + "/script";
  int fd = ::open(script.c_str(), O_WRONLY | O_CREAT, 0755);
  REQUIRE(::write(fd, "echo hi\n", 8) == 8);
  ::close(fd);
  o = run(b, {"x"}, {}, {}, {}, script.c_str());
  CHECK(o.error.stage == SpawnError::Stage::Exec);
  CHECK(o.error.error == ENOEXEC);
}

TEST_CASE("signals: the child gets the plan's mask and default dispositions", "[spawn]") {
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  struct sigaction ignore {}, saved{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGUSR1, &ignore, &saved);

  const char* argv[] = {"probe", "sigmask", "10", nullptr};  // SIGUSR1 on Linux
  static_assert(SIGUSR1 == 10);
  char* env[] = {nullptr};
  int out[2];
  REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
  FdAction actions[] = {FdAction::dup2(out[1], 1)};
  ExecPlan plan;
  plan.path = kProbe;
  plan.argv = const_cast<char* const*>(argv);
  plan.envp = env;
  plan.fd_actions = actions;
  sigemptyset(&plan.signal_mask);
  sigemptyset(&plan.reset_signals);

  auto child_says = [&](const ExecPlan& p) {
    SpawnResult r = spawner_for(b)->spawn(p);
    REQUIRE(r.pid > 0);
    Reaped reaped;
    REQUIRE(reap(r.pid, 0, reaped));
    char buffer[64] = {};
    REQUIRE(::read(out[0], buffer, sizeof buffer - 1) > 0);
    return std::string(buffer);
  };
  // An ignored signal stays ignored unless the plan resets it.
  CHECK(child_says(plan) == "blocked=0 ignored=1\n");
  sigaddset(&plan.reset_signals, SIGUSR1);
  sigaddset(&plan.signal_mask, SIGUSR1);
  CHECK(child_says(plan) == "blocked=1 ignored=0\n");

  ::close(out[0]);
  ::close(out[1]);
  ::sigaction(SIGUSR1, &saved, nullptr);
}

TEST_CASE("the child execs with the plan's mask when the parent blocks more", "[spawn]") {
  // A shell holding SIGPIPE (a virtual subshell) spawns with it blocked; without handlers the
  // parent does not block everything around the spawn, and the child must still set its mask.
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  sigset_t usr1, saved;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  REQUIRE(::sigprocmask(SIG_BLOCK, &usr1, &saved) == 0);
  Outcome o = run(b, {"probe", "sigmask", "10"});
  ::sigprocmask(SIG_SETMASK, &saved, nullptr);
  CHECK(o.status.shell_status() == 0);
  CHECK(o.out == "blocked=0 ignored=0\n");
}

TEST_CASE("signals are blocked around a shared-memory spawn only when something needs it",
          "[spawn]") {
  ExecPlan plan;
  sigemptyset(&plan.signal_mask);
  sigemptyset(&plan.reset_signals);
  CHECK_FALSE(detail::must_block_signals(plan));
  sigaddset(&plan.signal_mask, SIGPIPE);  // the mask alone is set by the child itself
  CHECK_FALSE(detail::must_block_signals(plan));
  sigaddset(&plan.reset_signals, SIGINT);  // a handler (or a changed disposition) of the shell
  CHECK(detail::must_block_signals(plan));
  sigemptyset(&plan.reset_signals);
  plan.terminal_fd = 0;  // SIGTTOU must not stop a child taking the terminal
  CHECK(detail::must_block_signals(plan));
}

TEST_CASE("the child sees only the fds it was given", "[spawn]") {
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  // The shell's own fds are close-on-exec; the backends' internal ones (fork's report pipe)
  // must not show either.
  int own = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  Outcome o = run(b, {"probe", "fds"});
  CHECK(o.out == inheritable_fds());
  CHECK(o.out.find(std::to_string(own) + "\n") == std::string::npos);
  ::close(own);
}

TEST_CASE("10,000 spawns leave no zombie and no leaked fd", "[spawn][stress]") {
  Backend b = any_backend();
  CAPTURE(backend_name(b));
  std::vector<int> before = open_fds();
  const char* argv[] = {"true", nullptr};
  char* env[] = {nullptr};
  ExecPlan plan;
  plan.path = "/bin/true";
  plan.argv = const_cast<char* const*>(argv);
  plan.envp = env;
  sigemptyset(&plan.signal_mask);
  sigemptyset(&plan.reset_signals);
  int failures = 0;
  for (int i = 0; i < 10000; ++i) {
    SpawnResult r = spawner_for(b)->spawn(plan);
    Reaped reaped;
    if (r.pid <= 0 || !reap(r.pid, 0, reaped) || reaped.status != WaitStatus::exited(0)) {
      ++failures;
    }
  }
  CHECK(failures == 0);
  CHECK(open_fds() == before);
  Reaped none;
  CHECK_FALSE(reap(-1, WNOHANG, none));
  CHECK(errno == ECHILD);
}

namespace {

// The body of a shell-code child in these tests: writes its process group and exits 9.
int report_group_and_exit(void*) noexcept {
  char line[32];
  int n = std::snprintf(line, sizeof line, "%d %d\n", static_cast<int>(::getpid()),
                        static_cast<int>(::getpgrp()));
  [[maybe_unused]] ssize_t w = ::write(STDOUT_FILENO, line, static_cast<std::size_t>(n));
  ::_exit(9);
}

}  // namespace

TEST_CASE("shell code in a child: fork runs it, every other backend falls back visibly",
          "[spawn]") {
  for (Backend preferred : {Backend::Fork, Backend::Vfork, Backend::Clone, Backend::PosixSpawn,
                            Backend::Auto}) {
    CAPTURE(backend_name(preferred));
    Spawner* own = spawner_for(preferred);
    ShellCodeRequest probe;
    probe.run = report_group_and_exit;
    if (own != nullptr) CHECK(own->supports_shell_code(probe) == (preferred == Backend::Fork));

    int out[2];
    REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
    // The child's stdout is the pipe; its read end closed in the child; its own group.
    const FdAction actions[] = {FdAction::dup2(out[1], 1), FdAction::close(out[0])};
    ShellCodeRequest request;
    request.fd_actions = actions;
    request.group = {ProcessGroup::Policy::NewGroup, 0};
    request.run = report_group_and_exit;

    Launcher launcher(preferred);
    int observed = 0;
    launcher.on_fallback([](Backend, Backend used, void* ctx) {
      CHECK(used == Backend::Fork);
      ++*static_cast<int*>(ctx);
    }, &observed);
    auto launched = launcher.launch(request);
    ::close(out[1]);
    REQUIRE(launched.pid > 0);
    CHECK(launched.used == Backend::Fork);
    std::string text;
    char buffer[64];
    ssize_t n;
    while ((n = ::read(out[0], buffer, sizeof buffer)) > 0) text.append(buffer, n);
    ::close(out[0]);
    Reaped reaped;
    REQUIRE(reap(launched.pid, 0, reaped));
    CHECK(reaped.status == WaitStatus::exited(9));
    // Its own group: pgid == pid.
    CHECK(text == std::to_string(launched.pid) + " " + std::to_string(launched.pid) + "\n");
    CHECK(launcher.counters().shell_children[0] == 1);  // kConcreteBackends[0] is Fork
    bool falls_back = preferred != Backend::Fork && preferred != Backend::Auto;
    CHECK(launcher.counters().fallbacks == (falls_back ? 1u : 0u));
    CHECK(observed == (falls_back ? 1 : 0));
  }
}

TEST_CASE("shell code in a child: a failed fd action ends it with status 2", "[spawn]") {
  const FdAction actions[] = {FdAction::dup2(987, 0)};  // not open
  ShellCodeRequest request;
  request.fd_actions = actions;
  request.run = report_group_and_exit;
  int saved_stderr = ::dup(STDERR_FILENO);
  int null_fd = ::open("/dev/null", O_WRONLY);
  ::dup2(null_fd, STDERR_FILENO);  // the child's message is not for the test's output
  Launcher launcher(Backend::Fork);
  auto launched = launcher.launch(request);
  ::dup2(saved_stderr, STDERR_FILENO);
  ::close(saved_stderr);
  ::close(null_fd);
  REQUIRE(launched.pid > 0);
  Reaped reaped;
  REQUIRE(reap(launched.pid, 0, reaped));
  CHECK(reaped.status == WaitStatus::exited(2));
}
