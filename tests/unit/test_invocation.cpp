// Invocation with real and effective ids that differ (a set-user-ID or set-group-ID run), which
// a case file cannot set up: setpriv(1) changes only the effective ids, which needs root. As
// in dash and bash, without -p the shell sets its effective ids to the real ones at start-up;
// with -p it keeps them until `set +p`; and it reads no ENV file (XCU sh, ENV). The other
// invocation forms are in tests/cases/invocation.case.
#include <catch2/catch.hpp>

#include <string>
#include <unistd.h>

#include "tests/support/shell_runner.h"

using spawnsh::testing::run_in_empty_directory;

namespace {

// The case directory is root's and private; the shell running as nobody must read its files.
// `$0` is spawnsh: the outer shell starts the inner one under setpriv.
constexpr const char* kAsNobody =
    "chmod 755 .; as_nobody() { setpriv --euid=65534 --egid=65534 --keep-groups \"$@\"; }; ";

std::string run_script(const std::string& script) {
  auto r = run_in_empty_directory({SPAWNSH_BINARY, "-c", std::string(kAsNobody) + script});
  INFO("stderr: " << r.err);
  CHECK(r.status == 0);
  return r.out;
}

}  // namespace

TEST_CASE("ids that differ: without -p the shell drops to the real ids", "[invocation]") {
  if (::geteuid() != 0) {
    WARN("not root: setpriv cannot make the effective ids differ; not tested");
    return;
  }
  // The control: setpriv does make them differ for a program that keeps them.
  CHECK(run_script("as_nobody id -u") == "65534\n");
  CHECK(run_script("as_nobody \"$0\" -c 'echo \"[$-]\"; id -u; id -g'") == "[]\n0\n0\n");
}

TEST_CASE("ids that differ: -p keeps them, set +p drops them", "[invocation]") {
  if (::geteuid() != 0) {
    WARN("not root: setpriv cannot make the effective ids differ; not tested");
    return;
  }
  CHECK(run_script("as_nobody \"$0\" -p -c 'echo \"[$-]\"; id -u; id -g; set +p; "
                   "echo \"[$-]\"; id -u; id -g'") == "[p]\n65534\n65534\n[]\n0\n0\n");
  CHECK(run_script("as_nobody \"$0\" -o privileged -c 'id -u; set +o privileged; id -u'") ==
        "65534\n0\n");
}

TEST_CASE("ids that differ: an interactive shell reads no ENV file", "[invocation]") {
  if (::geteuid() != 0) {
    WARN("not root: setpriv cannot make the effective ids differ; not tested");
    return;
  }
  const std::string make_env = "echo 'echo from ENV' > envfile; chmod 644 envfile; ";
  // The control: the same shell with the same ids reads it, and the file is readable as nobody.
  CHECK(run_script(make_env + "ENV=$PWD/envfile \"$0\" -i -c 'echo command' 2>/dev/null") ==
        "from ENV\ncommand\n");
  CHECK(run_script(make_env + "as_nobody \"$0\" -p -c '. ./envfile'") == "from ENV\n");
  CHECK(run_script(make_env +
                   "ENV=$PWD/envfile as_nobody \"$0\" -i -c 'echo command' 2>/dev/null") ==
        "command\n");
  CHECK(run_script(make_env +
                   "ENV=$PWD/envfile as_nobody \"$0\" -i -p -c 'echo command' 2>/dev/null") ==
        "command\n");
}

// +i refuses the interactive mode that a terminal would give; script(1) provides the terminal.
TEST_CASE("+i at a terminal: not interactive", "[invocation]") {
  auto at_terminal = [](const std::string& options) {
    auto r = run_in_empty_directory(
        {SPAWNSH_BINARY, "-c",
         "printf 'echo \"[$-]\"\\nexit\\n' | PS1=prompt: script -qec \"$0" + options + "\" /dev/null"});
    INFO("stderr: " << r.err);
    CHECK(r.status == 0);
    return r.out;
  };
  // The control: at a terminal the shell is interactive (and prompts), with job control on.
  std::string interactive = at_terminal("");
  CHECK_THAT(interactive, Catch::Matchers::Contains("[mis]"));
  CHECK_THAT(interactive, Catch::Matchers::Contains("prompt:"));
  std::string refused = at_terminal(" +i");
  CHECK_THAT(refused, Catch::Matchers::Contains("[s]"));
  CHECK_THAT(refused, !Catch::Matchers::Contains("[is]"));
  CHECK_THAT(refused, !Catch::Matchers::Contains("prompt:"));
}
