// times  (XCU times, a special builtin)
//
// Two lines, "%dm%fs %dm%fs" each: the shell's own user and system time (getrusage of the shell
// process), then the sum over every child the shell reaped, from the rusage wait4 gave for each
// (shell.jobs.children_usage(), the accounting `time` reads too; not getrusage(RUSAGE_CHILDREN)).
// Operands are ignored, as dash does (the utility takes none).
#include <chrono>
#include <cstdio>
#include <sys/resource.h>
#include <unistd.h>

#include "builtins/output.h"
#include "builtins/utilities.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

void put_time(Output& out, std::chrono::microseconds t) {
  long long us = t.count() < 0 ? 0 : static_cast<long long>(t.count());
  long long minutes = us / 60'000'000;
  long long rest = us % 60'000'000;
  char text[64];
  int n = std::snprintf(text, sizeof text, "%lldm%lld.%06llds", minutes, rest / 1'000'000,
                        rest % 1'000'000);
  if (n > 0) out.put(std::string_view(text, static_cast<std::size_t>(n)));
}

}  // namespace

int times(Shell& shell, std::span<const std::string>) {
  struct rusage self {};
  ::getrusage(RUSAGE_SELF, &self);
  spawn::ResourceUsage mine = spawn::ResourceUsage::from(self);
  Output out(shell, "times");
  put_time(out, mine.user);
  out.put(' ');
  put_time(out, mine.system);
  out.put('\n');
  put_time(out, shell.jobs.children_usage().user);
  out.put(' ');
  put_time(out, shell.jobs.children_usage().system);
  out.put('\n');
  return out.status(0);
}

}  // namespace spawnsh::builtins
