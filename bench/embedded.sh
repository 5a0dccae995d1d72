#!/bin/sh
# The embedded build beside busybox ash and dash (issue 15), one run side by side:
#   bench/embedded.sh [BUILD_DIR]     (default build-embedded)
# 1. size: bench/size.sh (stripped size, busybox and dash beside it, the table by part);
# 2. start-up and idle memory: bench/startup.sh (callgrind instructions of `SHELL -c :`, minor
#    faults and max RSS as medians of /usr/bin/time);
# 3. wall time of `SHELL -c :` (hyperfine, no intermediate shell: -N), if hyperfine is there.
# perf stat's instruction counter is not used: virtual machines often lack it (this one does);
# callgrind counts the same instructions exactly.
# Run it at normal priority under the machine's benchmark lock (flock) and note the load.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-embedded}
echo "load: $(uptime)"
"$top/bench/size.sh" "$build"
echo
"$top/bench/startup.sh" "$build" "${RUNS:-9}"
if command -v hyperfine >/dev/null; then
  echo
  peers=""
  command -v busybox >/dev/null && peers="$peers 'busybox ash -c :'"
  command -v dash >/dev/null && peers="$peers 'dash -c :'"
  eval hyperfine -N --warmup 50 --runs "${WALL_RUNS:-1000}" --style basic \
    "'$build/app/spawnsh -c :'" "$peers" 2>&1 | grep -E 'Benchmark|Time| ran$|faster' || true
fi
echo "load: $(uptime)"
