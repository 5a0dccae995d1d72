// run_comparison in a build without the comparison mode (SPAWNSH_COMPARE=OFF, the embedded
// build's default: cmake/Embedded.cmake). `spawnsh compare` and the `compare` builtin stay known
// names, so that asking for them says why they do nothing instead of running a script or a
// program named compare; the measuring code (compare/, and the libm its statistics need) is
// not linked.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "shell/compare/comparison.h"

namespace spawnsh::compare_run {

int run_comparison(Shell&, const std::vector<std::string>&, std::string_view who) {
  std::fprintf(stderr, "%.*s: not in this build (SPAWNSH_COMPARE=OFF)\n",
               static_cast<int>(who.size()), who.data());
  return 2;
}

}  // namespace spawnsh::compare_run
