// The evaluator seen from the spawn interface: a fake Spawner records every request the shell
// makes and a fake reaper answers for the pids it gave, so no process is made. What each command
// asks for (how many children, of which kind, in which group, with which fd actions) is checked
// here without running anything (as oils tests its executor).
#include <catch2/catch.hpp>

#include <cerrno>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "builtins/builtins.h"
#include "shell/jobs/waiter.h"
#include "shell/run.h"
#include "shell/shell.h"
#include "spawn/spawn.h"
#include "spawn/wait.h"

using namespace spawnsh;
using spawn::FdAction;
using spawn::ProcessGroup;

namespace {

struct ProgramRequest {
  std::string path;
  std::vector<std::string> argv;
  std::vector<FdAction> fd_actions;
  ProcessGroup group;
};

struct ShellCodeRecord {
  std::vector<FdAction> fd_actions;
  ProcessGroup group;
  bool has_callback = false;
};

// Records requests; hands out pids that exist nowhere. Each child "exits" with the status
// set for its kind; the fake reaper below reports it.
class RecordingSpawner final : public spawn::Spawner {
 public:
  spawn::Backend backend() const noexcept override { return spawn::Backend::Fork; }
  bool supports(const spawn::ExecPlan&) const noexcept override { return true; }
  bool supports_shell_code(const spawn::ShellCodeRequest&) const noexcept override {
    return true;
  }

  spawn::SpawnResult spawn(const spawn::ExecPlan& plan) noexcept override {
    ProgramRequest r;
    r.path = plan.path;
    for (char* const* a = plan.argv; *a != nullptr; ++a) r.argv.emplace_back(*a);
    r.fd_actions.assign(plan.fd_actions.begin(), plan.fd_actions.end());
    keep_paths(r.fd_actions);
    r.group = plan.group;
    programs.push_back(std::move(r));
    return {give_pid(program_status), {}};
  }

  spawn::SpawnResult spawn_shell_code(const spawn::ShellCodeRequest& request) noexcept override {
    ShellCodeRecord r;
    r.fd_actions.assign(request.fd_actions.begin(), request.fd_actions.end());
    keep_paths(r.fd_actions);
    r.group = request.group;
    r.has_callback = request.run != nullptr && request.context != nullptr;
    shell_code.push_back(std::move(r));
    return {give_pid(shell_code_status), {}};
  }

  // An action's path is the shell's, valid only during the request: the record keeps a copy
  // (the tests read it afterwards; ASan found them reading freed memory).
  void keep_paths(std::vector<FdAction>& actions) {
    for (FdAction& a : actions) {
      if (a.path == nullptr) continue;
      kept_paths.emplace_back(a.path);
      a.path = kept_paths.back().c_str();
    }
  }

  pid_t give_pid(int status) {
    pid_t pid = next_pid++;
    outstanding[pid] = status;
    return pid;
  }

  std::vector<ProgramRequest> programs;
  std::vector<ShellCodeRecord> shell_code;
  std::deque<std::string> kept_paths;  // a deque: its strings never move
  std::map<pid_t, int> outstanding;  // children not yet reaped, and their exit status
  int program_status = 0;
  int shell_code_status = 0;
  pid_t next_pid = 400000;
};

RecordingSpawner* current = nullptr;

// wait4 for the fake children: a pid is reaped once; -1 reaps whichever is outstanding.
bool fake_reap(pid_t which, int, spawn::Reaped& out, bool) {
  auto it = which == -1 ? current->outstanding.begin() : current->outstanding.find(which);
  if (it == current->outstanding.end()) {
    errno = ECHILD;
    return false;
  }
  out.pid = it->first;
  out.status = spawn::WaitStatus::exited(it->second);
  out.usage = {};
  current->outstanding.erase(it);
  return true;
}

struct FakeShell {
  RecordingSpawner spawner;
  Shell shell;
  FakeShell() {
    current = &spawner;
    shell.builtins = BuiltinTable(builtins::table());
    shell.vars.assign("PATH", "/usr/bin:/bin");
    shell.launcher.use_spawner(&spawner);
    shell.jobs.use_reaper(&fake_reap);
  }
  ~FakeShell() { current = nullptr; }
  int run(const std::string& text) { return run_text(shell, text); }
};

bool is_dup2(const FdAction& a, int fd) { return a.kind == FdAction::Kind::Dup2 && a.fd == fd; }
bool closes(const std::vector<FdAction>& actions, int fd) {
  for (const FdAction& a : actions) {
    if (a.kind == FdAction::Kind::Close && a.fd == fd) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("exec 3>&- | cat: one shell-code child and one program, joined by one pipe",
          "[exec]") {
  FakeShell f;
  f.spawner.program_status = 3;
  int status = f.run("exec 3>&- | cat");

  REQUIRE(f.spawner.shell_code.size() == 1);
  REQUIRE(f.spawner.programs.size() == 1);
  const ShellCodeRecord& cd = f.spawner.shell_code[0];
  const ProgramRequest& cat = f.spawner.programs[0];
  CHECK(cd.has_callback);
  CHECK(cat.argv == std::vector<std::string>{"cat"});
  CHECK(cat.path.ends_with("/cat"));

  // No job control: both stay in the shell's process group.
  CHECK(cd.group.policy == ProcessGroup::Policy::Inherit);
  CHECK(cat.group.policy == ProcessGroup::Policy::Inherit);

  // exec (a virtual subshell takes cd, not exec): the write end onto 1, then both ends
  // closed (the builtin's child never execs, so close-on-exec would not close them, and a
  // kept read end would hold its own pipe open).
  REQUIRE(cd.fd_actions.size() == 3);
  CHECK(is_dup2(cd.fd_actions[0], 1));
  int write_end = cd.fd_actions[0].src;
  REQUIRE(cat.fd_actions.size() == 1);
  CHECK(is_dup2(cat.fd_actions[0], 0));
  int read_end = cat.fd_actions[0].src;
  CHECK(write_end != read_end);
  CHECK(write_end >= 10);  // the shell's own fds stay out of the script's 0-9
  CHECK(read_end >= 10);
  CHECK(closes(cd.fd_actions, write_end));
  CHECK(closes(cd.fd_actions, read_end));

  // The waiter recorded both children on the foreground job: $? is the last one's.
  CHECK(status == 3);
  const Job& last = f.shell.jobs.last_foreground();
  REQUIRE(last.processes.size() == 2);
  CHECK(last.processes[0].done);
  CHECK(last.processes[1].done);
  CHECK(last.processes[1].status == spawn::WaitStatus::exited(3));
  CHECK(f.spawner.outstanding.empty());  // nothing left unreaped
  CHECK(f.shell.launcher.counters().shell_children[0] == 1);
  CHECK(f.shell.launcher.counters().spawns[0] == 1);
}

TEST_CASE("a program alone is one program request with its redirections, no shell child",
          "[exec]") {
  FakeShell f;
  f.run("cat </dev/null");
  CHECK(f.spawner.shell_code.empty());
  REQUIRE(f.spawner.programs.size() == 1);
  const auto& actions = f.spawner.programs[0].fd_actions;
  REQUIRE(actions.size() == 1);
  CHECK(actions[0].kind == FdAction::Kind::Open);
  CHECK(actions[0].fd == 0);
  CHECK(std::string(actions[0].path) == "/dev/null");
}

TEST_CASE("a subshell is one shell-code child with no fd actions, waited for", "[exec]") {
  FakeShell f;
  f.spawner.shell_code_status = 5;
  int status = f.run("( exec 3>&- )");
  CHECK(f.spawner.programs.empty());
  REQUIRE(f.spawner.shell_code.size() == 1);
  CHECK(f.spawner.shell_code[0].fd_actions.empty());
  CHECK(f.spawner.shell_code[0].group.policy == ProcessGroup::Policy::Inherit);
  CHECK(status == 5);
  CHECK(f.shell.jobs.last_foreground().processes.size() == 1);
}

TEST_CASE("$( ) is one shell-code child whose stdout is a pipe's write end", "[exec]") {
  FakeShell f;
  f.spawner.shell_code_status = 4;
  int status = f.run("x=$(exec 3>&-)");
  CHECK(f.spawner.programs.empty());
  REQUIRE(f.spawner.shell_code.size() == 1);
  const auto& actions = f.spawner.shell_code[0].fd_actions;
  // The read end closed, the write end onto 1 and closed.
  REQUIRE(actions.size() == 3);
  CHECK(actions[0].kind == FdAction::Kind::Close);
  CHECK(is_dup2(actions[1], 1));
  CHECK(closes(actions, actions[1].src));
  CHECK(actions[0].fd != actions[1].src);
  CHECK(status == 4);  // an assignment alone takes the substitution's status
}

TEST_CASE("( : ), x=$(echo hi) and ( exit 5 ) run in the shell: no request at all", "[exec]") {
  FakeShell f;
  int status = f.run("( : ); x=$(echo hi)");
  CHECK(status == 0);
  REQUIRE(f.shell.vars.value("x") != nullptr);
  CHECK(*f.shell.vars.value("x") == "hi");
  CHECK(f.run("( exit 5 )") == 5);
  CHECK(f.spawner.shell_code.empty());
  CHECK(f.spawner.programs.empty());
}

TEST_CASE("echo x | cat: echo runs in the shell, cat is the one request, reading the pipe",
          "[exec]") {
  FakeShell f;
  f.spawner.program_status = 3;
  int status = f.run("echo x | cat");
  CHECK(f.spawner.shell_code.empty());
  REQUIRE(f.spawner.programs.size() == 1);
  const auto& actions = f.spawner.programs[0].fd_actions;
  REQUIRE(actions.size() == 1);
  CHECK(is_dup2(actions[0], 0));
  CHECK(actions[0].src > 2);  // where pipe2 put it: nothing here can name fds 3-9
  CHECK(status == 3);
  const Job& last = f.shell.jobs.last_foreground();
  REQUIRE(last.processes.size() == 2);
  CHECK(last.processes[0].done);
  CHECK(last.processes[0].status == spawn::WaitStatus::exited(0));
}

TEST_CASE("a pipeline that can name fds 3-9 has its pipe ends moved to 10 and up", "[exec]") {
  FakeShell f;
  for (const char* line : {"echo x | cat 4</dev/null", "echo x | cat <f", "echo x | cat >&2",
                           "echo x | cat $(:)", "eval : | cat"}) {
    CAPTURE(line);
    f.spawner.programs.clear();
    f.run(line);
    REQUIRE(!f.spawner.programs.empty());
    const auto& actions = f.spawner.programs.back().fd_actions;
    REQUIRE(!actions.empty());
    CHECK(is_dup2(actions[0], 0));
    CHECK(actions[0].src >= 10);
  }
}

TEST_CASE("x=$(cat /dev/null): the program is the one request, its stdout a pipe", "[exec]") {
  FakeShell f;
  f.spawner.program_status = 4;
  int status = f.run("x=$(echo first; cat /dev/null)");
  CHECK(f.spawner.shell_code.empty());
  REQUIRE(f.spawner.programs.size() == 1);
  CHECK(f.spawner.programs[0].argv == std::vector<std::string>{"cat", "/dev/null"});
  const auto& actions = f.spawner.programs[0].fd_actions;
  REQUIRE(actions.size() == 3);
  CHECK(actions[0].kind == FdAction::Kind::Close);
  CHECK(is_dup2(actions[1], 1));
  CHECK(closes(actions, actions[1].src));
  CHECK(status == 4);
  REQUIRE(f.shell.vars.value("x") != nullptr);
  CHECK(*f.shell.vars.value("x") == "first");
}

TEST_CASE("a background job reads /dev/null and is reaped by the waiter", "[exec]") {
  FakeShell f;
  f.spawner.program_status = 6;
  f.run("cat & p=$!");
  REQUIRE(f.spawner.programs.size() == 1);
  const auto& actions = f.spawner.programs[0].fd_actions;
  REQUIRE(!actions.empty());
  CHECK(is_dup2(actions[0], 0));  // stdin from /dev/null (XCU 2.9.3, no job control)
  CHECK(f.shell.vars.value("p") != nullptr);
  CHECK(*f.shell.vars.value("p") == std::to_string(f.spawner.next_pid - 1));
  // The waiter reaped it (a wait4(-1) after the job was entered) and recorded its status.
  CHECK(f.spawner.outstanding.empty());
  REQUIRE(f.shell.jobs.all().size() == 1);
  CHECK(f.shell.jobs.all()[0].done());
  CHECK(f.shell.jobs.running_background() == 0);
  CHECK(f.run("wait $p") == 6);
}

TEST_CASE("a background and-or list is one shell-code child with /dev/null as stdin", "[exec]") {
  FakeShell f;
  f.run("true && cat &");
  CHECK(f.spawner.programs.empty());  // the list runs in the child, which the fake never runs
  REQUIRE(f.spawner.shell_code.size() == 1);
  const auto& actions = f.spawner.shell_code[0].fd_actions;
  REQUIRE(actions.size() == 1);
  CHECK(is_dup2(actions[0], 0));
  CHECK(actions[0].src >= 10);
}

TEST_CASE("the waiter keeps a child nobody claimed yet, and gives it to its job", "[waiter]") {
  FakeShell f;
  pid_t early = f.spawner.give_pid(7);
  Job job;
  job.processes.resize(1);
  job.processes[0].pid = early;
  job.processes[0].started = spawn::Clock::now();
  // A wait4(-1) (the reaping between commands) returns this child before its job waits.
  reap_finished(f.shell);
  CHECK(f.spawner.outstanding.empty());
  // The job's wait takes the kept status: the fake reaper, asked again, would say ECHILD.
  CHECK(wait_for_foreground(f.shell, job) == 7);
  CHECK(job.processes[0].done);
  CHECK(job.processes[0].ended >= job.processes[0].started);
}

TEST_CASE("a kept child is not given to a later process that reuses its pid", "[waiter]") {
  FakeShell f;
  pid_t pid = f.spawner.give_pid(7);
  reap_finished(f.shell);  // kept as unclaimed, ended now
  Job job;
  job.processes.resize(1);
  job.processes[0].pid = pid;
  job.processes[0].started = spawn::Clock::now() + std::chrono::seconds(1);  // started after
  f.spawner.outstanding[pid] = 9;  // the new process with the same pid
  CHECK(wait_for_foreground(f.shell, job) == 9);
}
