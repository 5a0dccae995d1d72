// The emulated backend end to end, through the binary: what the case suite cannot set up. A
// child that cannot be started (the executable is gone) is a clear error and the shell goes
// on; the hidden entry refuses a bad fd and a state that is no snapshot; the seccomp test mode
// really forbids fork, and shell code still runs.
#include <catch2/catch.hpp>

#include <string>

#include "tests/support/shell_runner.h"

using spawnsh::testing::run_in_empty_directory;
using spawnsh::testing::RunResult;

TEST_CASE("an emulated child that cannot be started is an error, and the shell goes on") {
  // A copy of spawnsh that deletes itself: its children would be started from a path that is
  // gone. (`exec` makes the bodies need a real child: echo or cd alone runs in the shell.)
  const std::string script =
      "cp \"$1\" ./copy && ./copy --spawn=emulated -c "
      "'rm ./copy; (exec 3>&-; echo never); echo \"after $?\"; { exec 3>&-; echo no; } | cat; "
      "echo still here'";
  RunResult r = run_in_empty_directory({"/bin/sh", "-c", script, "sh", SPAWNSH_BINARY});
  CHECK(r.out == "after 2\nstill here\n");
  CHECK_THAT(r.err, Catch::Contains("cannot start a spawnsh for the subshell"));
  CHECK(r.status == 0);
}

TEST_CASE("the hidden entry refuses a bad fd and a state that is no snapshot") {
  const std::string enter = "exec -a \"$(printf '\\001spawnsh-emulated-child')\" \"$1\" ";
  RunResult bad_fd = run_in_empty_directory({"/bin/bash", "-c", enter + "99", "bash",
                                             SPAWNSH_BINARY});
  CHECK(bad_fd.status == 2);
  CHECK_THAT(bad_fd.err, Catch::Contains("no state fd"));
  CHECK(bad_fd.out.empty());

  RunResult garbage = run_in_empty_directory(
      {"/bin/bash", "-c", "printf 'not a snapshot' >state; " + enter + "5 5<state", "bash",
       SPAWNSH_BINARY});
  CHECK(garbage.status == 2);
  CHECK_THAT(garbage.err, Catch::Contains("bad magic"));

  RunResult not_a_number = run_in_empty_directory({"/bin/bash", "-c", enter + "x5", "bash",
                                                   SPAWNSH_BINARY});
  CHECK(not_a_number.status == 2);
  CHECK_THAT(not_a_number.err, Catch::Contains("bad state fd"));
}

TEST_CASE("the hidden entry refuses a shared value file it cannot trust, with status 2") {
  const std::string enter = "exec -a \"$(printf '\\001spawnsh-emulated-child')\" \"$1\" ";
  // A plain file is not sealed: refused before the state is even read.
  RunResult unsealed = run_in_empty_directory(
      {"/bin/bash", "-c", "printf 'not a snapshot' >state; : >shared; " + enter +
                              "'5/6' 5<state 6<shared", "bash", SPAWNSH_BINARY});
  CHECK(unsealed.status == 2);
  CHECK_THAT(unsealed.err, Catch::Contains("the shared value file is not sealed"));
  CHECK(unsealed.out.empty());

  RunResult closed = run_in_empty_directory(
      {"/bin/bash", "-c", "printf 'x' >state; " + enter + "'5/9' 5<state", "bash",
       SPAWNSH_BINARY});
  CHECK(closed.status == 2);
  CHECK_THAT(closed.err, Catch::Contains("the shared value file is not open"));

  RunResult bad = run_in_empty_directory(
      {"/bin/bash", "-c", "printf 'x' >state; " + enter + "'5/x' 5<state", "bash",
       SPAWNSH_BINARY});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("bad state fd x"));
}

TEST_CASE("large values reach emulated children through the shared file, which nothing inherits") {
  // Three children share one file; a large value changed between them makes a new one. The
  // children's programs and the children themselves see no fd the shell did not give them.
  const std::string script =
      "big=$(printf '%070000d' 7); small=s\n"
      "list() { ls /proc/self/fd | sort -n | tr '\\n' ' '; }\n"
      "echo \"parent: $(list)\"\n"
      "( echo \"child: $(list)\" )\n"
      "(for fd in 3 4 5 6 7 8 9; do { : <&$fd; } 2>/dev/null && echo \"open $fd\"; done)\n"
      "echo x | { read y; echo \"${#big} ${big%%0*} $small $y\"; }\n"
      "big=${big}8; (echo \"${#big} ${big#*7}\")\n"
      "export big; (printenv big | wc -c)\n";
  RunResult emulated = run_in_empty_directory({SPAWNSH_BINARY, "--spawn=emulated", "-c", script});
  RunResult forked = run_in_empty_directory({SPAWNSH_BINARY, "--spawn=fork", "-c", script});
  CHECK(emulated.err.empty());
  CHECK(emulated.status == 0);
  CHECK(emulated.out == forked.out);
  CHECK_THAT(emulated.out, Catch::Contains("70000  s x\n70001 8\n70002\n"));
  CHECK_THAT(emulated.out, !Catch::Contains("open "));
}

// Not under the sanitizers (the build of .ci/sanitize): with no two fds free, UBSan's check of
// an object's vptr cannot make the pipe it probes memory with and reports every call through
// a shared_ptr as "invalid vptr" (it passes there from `ulimit -n 14` up). The normal build
// runs it.
TEST_CASE("under a low fd limit the shared value file gives way to the stream",
          "[not-under-sanitizers]") {
  // Ten fds: 0-7 the script's, the pipe's read end (echo, a builtin, has written and closed
  // the other), and the state's. The shared file's fd would be the eleventh: the values travel
  // in the stream instead, and the children run.
  const std::string script =
      "big=$(printf '%05000d' 1); ulimit -n 10; "
      "exec 3</dev/null 4</dev/null 5</dev/null 6</dev/null 7</dev/null; "
      "echo x | { read y; echo \"$y ${#big}\"; }; (echo \"sub ${#big}\"); "
      "big=${big}2; echo x | { read y; echo \"$y ${#big}\"; }";
  RunResult r = run_in_empty_directory({SPAWNSH_BINARY, "--spawn=emulated", "-c", script});
  CHECK(r.err.empty());
  CHECK(r.out == "x 5000\nsub 5000\nx 5001\n");
  CHECK(r.status == 0);
}

TEST_CASE("--no-fork-seccomp forbids fork to everything, and shell code still runs") {
  // dash forks its subshells: under the filter it cannot. spawnsh's own run emulated.
  RunResult r = run_in_empty_directory(
      {SPAWNSH_BINARY, "--spawn=fork", "--no-fork-seccomp", "-c",
       "dash -c '(echo forked)' 2>/dev/null; echo \"dash $?\"; (echo sub) | cat; "
       "echo \"$(echo subst)\"; { echo bg; } & wait; f() { echo fn; }; f | cat"});
  CHECK(r.out == "dash 2\nsub\nsubst\nbg\nfn\n");
  CHECK(r.status == 0);
}

TEST_CASE("--no-fork alone runs shell code emulated and programs without fork") {
  RunResult r = run_in_empty_directory(
      {SPAWNSH_BINARY, "--no-fork", "-c",
       "TIMEFORMAT=%B; { time (exec 3>&-; echo sub) >/dev/null; } 2>&1; "
       "{ time /bin/true; } 2>&1"});
  CHECK(r.out == "emulated\nvfork\n");
}
