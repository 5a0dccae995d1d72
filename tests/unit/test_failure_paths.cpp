// Failure paths of issue 5 that a case file cannot set up: the kernel refusing new processes
// (EAGAIN from RLIMIT_NPROC). Each runs under every backend; the shell must say why, give a
// non-zero status, and go on.
#include <catch2/catch.hpp>

#include <string>
#include <unistd.h>
#include <vector>

#include "spawn/spawn.h"
#include "tests/support/shell_runner.h"

using namespace spawnsh::spawn;
using spawnsh::testing::run_in_empty_directory;

namespace {

// RLIMIT_NPROC counts every process of the user and does not bind root, so as root the shell
// runs as nobody. With a limit of 1 the shell itself uses up the allowance.
std::vector<std::string> with_no_process_to_spare(const std::vector<std::string>& command) {
  std::vector<std::string> argv;
  if (::geteuid() == 0) {
    argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  }
  argv.insert(argv.end(), {"/usr/bin/prlimit", "--nproc=1"});
  argv.insert(argv.end(), command.begin(), command.end());
  if (argv[0][0] != '/') argv[0] = "/usr/bin/" + argv[0];
  return argv;
}

}  // namespace

TEST_CASE("EAGAIN when spawning: a clear error, and the shell goes on", "[failure]") {
  Backend b = GENERATE(Backend::Fork, Backend::Vfork, Backend::Clone, Backend::PosixSpawn);
  std::string backend = "--spawn=" + std::string(backend_name(b));
  CAPTURE(backend);
  auto r = run_in_empty_directory(with_no_process_to_spare(
      {SPAWNSH_BINARY, backend, "-c", "/bin/true; echo \"status $?\"; echo still here"}));
  INFO("stderr: " << r.err);
  CHECK(r.out == "status 2\nstill here\n");
  CHECK(r.status == 0);
  CHECK_THAT(r.err, Catch::Matchers::Contains("cannot spawn /bin/true: Resource temporarily "
                                              "unavailable"));
}

TEST_CASE("EAGAIN in a pipeline and for a subshell", "[failure]") {
  Backend b = GENERATE(Backend::Fork, Backend::Vfork, Backend::Clone, Backend::PosixSpawn);
  std::string backend = "--spawn=" + std::string(backend_name(b));
  CAPTURE(backend);
  auto r = run_in_empty_directory(with_no_process_to_spare(
      {SPAWNSH_BINARY, backend, "-c", "cd . | cat; echo \"pipeline $?\"; (cd .; echo sub); "
                                      "echo \"subshell $?\""}));
  INFO("stderr: " << r.err);
  CHECK(r.out == "pipeline 2\nsubshell 2\n");
  CHECK_THAT(r.err, Catch::Matchers::Contains("cannot fork: Resource temporarily unavailable"));
}

TEST_CASE("subshells that need no process run with no process to spare", "[failure]") {
  Backend b = GENERATE(Backend::Fork, Backend::Vfork, Backend::Clone, Backend::PosixSpawn);
  std::string backend = "--spawn=" + std::string(backend_name(b));
  CAPTURE(backend);
  auto r = run_in_empty_directory(with_no_process_to_spare(
      {SPAWNSH_BINARY, backend, "-c",
       "(echo sub; a=1); x=$(echo a; exit 3); echo \"$x $? ${a-unset}\""}));
  INFO("stderr: " << r.err);
  CHECK(r.out == "sub\na 3 unset\n");
  CHECK(r.err.empty());
}
