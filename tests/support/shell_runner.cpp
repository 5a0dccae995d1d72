#include "tests/support/shell_runner.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include "spawn/exec_plan.h"
#include "spawn/spawn.h"
#include "spawn/wait.h"

namespace spawnsh::testing {
namespace {

using namespace spawnsh::spawn;

std::string slurp_fd(int fd) {
  std::string text;
  ::lseek(fd, 0, SEEK_SET);
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
  return text;
}

int temp_file() {
  char name[] = "/tmp/spawnsh-case-XXXXXX";
  int fd = ::mkostemp(name, O_CLOEXEC);
  ::unlink(name);
  return fd;
}

std::vector<int> inherited_fds() {
  std::vector<int> fds;
  DIR* d = ::opendir("/proc/self/fd");
  if (d == nullptr) return fds;
  while (dirent* e = ::readdir(d)) {
    int fd = std::atoi(e->d_name);
    if (e->d_name[0] == '.' || fd < 3 || fd == ::dirfd(d)) continue;
    if ((::fcntl(fd, F_GETFD) & FD_CLOEXEC) == 0) fds.push_back(fd);
  }
  ::closedir(d);
  return fds;
}

}  // namespace

RunResult run_in_empty_directory(const std::vector<std::string>& argv) {
  char dir_template[] = "/tmp/spawnsh-case-dir-XXXXXX";
  std::string dir = ::mkdtemp(dir_template);
  int out = temp_file(), err = temp_file();
  const char* path_env = std::getenv("PATH");
  std::vector<std::string> env{"PATH=" + std::string(path_env ? path_env : "/usr/bin:/bin"),
                               "HOME=" + dir, "LC_ALL=C", "PWD=" + dir};
  // The emulated image channel's test modes (shell/exec/emulated_image.h) reach the shell under
  // test when the runner was given them (CTest test_cases_emulated_image*).
  for (const char* name : {"SPAWNSH_IMAGE_AUDIT", "SPAWNSH_IMAGE_FALLBACK"}) {
    if (const char* value = std::getenv(name)) env.push_back(std::string(name) + "=" + value);
  }
  CStringArray args(argv), envp(env);
  std::vector<FdAction> actions{FdAction::open(0, "/dev/null", O_RDONLY), FdAction::dup2(out, 1),
                                FdAction::dup2(err, 2)};
  // Whatever the test runner itself inherited (CI wrappers leave fds such as 3 open) is not
  // passed on: a case about fd 3 must see the same closed fd 3 everywhere.
  for (int fd : inherited_fds()) actions.push_back(FdAction::close(fd));
  ExecPlan plan;
  plan.path = argv[0].c_str();
  plan.argv = args.data();
  plan.envp = envp.data();
  plan.fd_actions = actions;
  sigemptyset(&plan.signal_mask);
  // Likewise for signals: a runner started with some ignored (nohup, a CI wrapper) would make
  // them ignored on entry to the shell under test, which `trap` lists and cannot change.
  sigfillset(&plan.reset_signals);

  char saved_cwd[4096];
  REQUIRE(::getcwd(saved_cwd, sizeof saved_cwd) != nullptr);
  REQUIRE(::chdir(dir.c_str()) == 0);
  SpawnResult r = spawner_for(Backend::Vfork)->spawn(plan);
  REQUIRE(::chdir(saved_cwd) == 0);
  REQUIRE(r.pid > 0);
  Reaped reaped;
  REQUIRE(reap(r.pid, 0, reaped));
  RunResult result;
  result.status = reaped.status.shell_status();
  result.out = slurp_fd(out);
  result.err = slurp_fd(err);
  ::close(out);
  ::close(err);
  std::system(("rm -rf '" + dir + "'").c_str());
  return result;
}

}  // namespace spawnsh::testing
