// The bash completion in a real interactive bash on a pseudo-terminal: bash splits
// `--spawn=` at '=' (COMP_WORDBREAKS), so the completion must offer values there, not only when
// _spawnsh is called by hand with one word. Also the compare subcommand and its options.
#include <catch2/catch.hpp>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <string>
#include <unistd.h>

#include "spawn/exec_plan.h"
#include "spawn/spawn.h"
#include "spawn/wait.h"

using namespace spawnsh::spawn;

namespace {

// Reads from `fd` until `expected` appears; gives up after 20 s without any output (a hang
// guard: bash printing nothing at all, not a measure of speed).
bool read_until(int fd, const std::string& expected, std::string& seen) {
  for (;;) {
    if (seen.find(expected) != std::string::npos) return true;
    pollfd p{fd, POLLIN, 0};
    int n = ::poll(&p, 1, 20000);
    if (n <= 0) return false;
    char buffer[4096];
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got <= 0) return false;
    seen.append(buffer, static_cast<std::size_t>(got));
  }
}

void type(int fd, const std::string& text) {
  REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
}

// Types `line` and two tabs in a bash that sourced our completion; true when `expected` shows.
std::string complete_in_bash(const std::string& line, const std::string& expected) {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  REQUIRE(master >= 0);
  REQUIRE(::grantpt(master) == 0);
  REQUIRE(::unlockpt(master) == 0);
  std::string slave_name = ::ptsname(master);
  std::vector<std::string> argv = {"/bin/bash", "--norc", "--noprofile", "-i"};
  std::vector<std::string> env = {"TERM=dumb", "PATH=/usr/bin:/bin", "HOME=/tmp", "PS1=$ ",
                                  "INPUTRC=/dev/null"};
  CStringArray args(argv), envp(env);
  std::vector<FdAction> actions{FdAction::open(0, slave_name.c_str(), O_RDWR),
                                FdAction::dup2(0, 1), FdAction::dup2(0, 2)};
  ExecPlan plan;
  plan.path = "/bin/bash";
  plan.argv = args.data();
  plan.envp = envp.data();
  plan.fd_actions = actions;
  sigemptyset(&plan.signal_mask);
  sigemptyset(&plan.reset_signals);
  SpawnResult r = spawner_for(Backend::Fork)->spawn(plan);
  REQUIRE(r.pid > 0);
  std::string seen;
  type(master, "source '" SPAWNSH_TEST_DATA "/../completions/spawnsh.bash'; echo rea''dy\n");
  bool ready = read_until(master, "ready", seen);
  CHECK(ready);
  seen.clear();
  type(master, line + "\t\t");
  bool found = read_until(master, expected, seen);
  type(master, "\x03" "exit\n");
  ::close(master);
  Reaped reaped;
  REQUIRE(reap(r.pid, 0, reaped));
  return found ? expected : seen;
}

}  // namespace

TEST_CASE("bash completion offers values after --option= in a real bash", "[completion]") {
  if (::access("/bin/bash", X_OK) != 0) FAIL("bash is needed for this test");
  // The listing after two tabs shows every value.
  CHECK(complete_in_bash("spawnsh --spawn=", "posix_spawn  vfork") == "posix_spawn  vfork");
  CHECK(complete_in_bash("spawnsh --log-level=de", "--log-level=debug ") == "--log-level=debug ");
  // (bash lays the listing out in columns that depend on the longest value.)
  CHECK(complete_in_bash("spawnsh compare --backends=", "posix_spawn") == "posix_spawn");
  CHECK(complete_in_bash("spawnsh compare --backends=fork,cl", "fork,clone ") == "fork,clone ");
  // A row per emulated channel: the listing has both, and a prefix completes to one.
  CHECK(complete_in_bash("spawnsh compare --backends=", "emulated-serialize") ==
        "emulated-serialize");
  CHECK(complete_in_bash("spawnsh compare --backends=fork,emulated-i", "fork,emulated-image ") ==
        "fork,emulated-image ");
  CHECK(complete_in_bash("spawnsh compare --ball", "--ballast=") == "--ballast=");
  CHECK(complete_in_bash("spawnsh compare --ballast=", "256M") == "256M");
  CHECK(complete_in_bash("spawnsh compa", "spawnsh compare ") == "spawnsh compare ");
}

TEST_CASE("bash completion knows every option of --help, the applets and --install's directory",
          "[completion]") {
  if (::access("/bin/bash", X_OK) != 0) FAIL("bash is needed for this test");
  CHECK(complete_in_bash("spawnsh --emulated-channel=se", "--emulated-channel=serialize ") ==
        "--emulated-channel=serialize ");
  CHECK(complete_in_bash("spawnsh --no-fork-s", "--no-fork-seccomp ") == "--no-fork-seccomp ");
  CHECK(complete_in_bash("spawnsh --dump", "--dump-ast ") == "--dump-ast ");
  CHECK(complete_in_bash("spawnsh --lis", "--list ") == "--list ");
  // After --install: its own -s and -f, then a directory.
  CHECK(complete_in_bash("spawnsh --install -", "-f  -s") == "-f  -s");
  CHECK(complete_in_bash("spawnsh --install -s /proc/sel", "/proc/self ") == "/proc/self ");
  CHECK(complete_in_bash("spawnsh prin", "spawnsh printf ") == "spawnsh printf ");
}
