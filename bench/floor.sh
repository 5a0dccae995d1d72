#!/bin/sh
# Spawning at the floor (issue 16): `echo x | cat >/dev/null` and `/bin/true`, N times each, in
# spawnsh, dash and busybox ash, beside plain_loop doing the least C can do for the same work
# (vfork + execve + wait4; for the pipeline a pipe filled with "x" first). The programs run in
# turn, ROUNDS times; the table gives the median wall and CPU time (user + system of the process
# and its children, /usr/bin/time) per iteration and the ratio to dash. A shell cannot beat the
# C floor: what is left between them is the shell's own cost.
#   bench/floor.sh BUILD_DIR [ROUNDS] [N]     (default 7 rounds of 1000; needs the plain_loop
#                                             target: cmake --build BUILD_DIR --target plain_loop)
set -eu
# shellcheck disable=SC2034 # read by common.sh
usage='bench/floor.sh BUILD_DIR [ROUNDS] [N]'
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
rounds=${2:-7}
n=${3:-1000}
plain=$build/bench/plain_loop
[ -x "$plain" ] || { echo "no plain_loop at $plain (cmake --build $build --target plain_loop)" >&2; exit 2; }
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT

# shellcheck disable=SC2016 # shell code for the measured shells
loop='i=0; while [ $i -lt '"$n"' ]; do BODY; i=$((i+1)); done'
pipeline=$(echo "$loop" | sed 's/BODY/echo x | cat >\/dev\/null/')
spawn=$(echo "$loop" | sed 's/BODY/\/bin\/true/')

run() {  # run ROW COMMAND...: one timing line "ROW wall cpu" into $raw
  row=$1; shift
  /usr/bin/time -f "$row %e %U %S" "$@" 2>&1 >/dev/null | tail -n 1 >> "$raw"
}

echo "bench/floor.sh: $rounds rounds of $n, $(uptime | sed 's/.*load/load/')"
r=0
while [ "$r" -lt "$rounds" ]; do
  run "pipeline:spawnsh" "$spawnsh" -c "$pipeline"
  run "pipeline:dash" dash -c "$pipeline"
  command -v busybox >/dev/null && run "pipeline:busybox ash" busybox ash -c "$pipeline"
  run "pipeline:C floor" "$plain" vfork --count "$n" --rounds 1 --warmup 0 --program /bin/cat --pipe-input x
  run "spawn:spawnsh" "$spawnsh" -c "$spawn"
  run "spawn:dash" dash -c "$spawn"
  command -v busybox >/dev/null && run "spawn:busybox ash" busybox ash -c "$spawn"
  run "spawn:C floor" "$plain" vfork --count "$n" --rounds 1 --warmup 0 --program /bin/true
  r=$((r + 1))
done
echo "after: $(uptime | sed 's/.*load/load/')"

python3 - "$raw" "$n" <<'PY'
import collections, statistics, sys
path, n = sys.argv[1], int(sys.argv[2])
times = collections.defaultdict(lambda: ([], []))
for line in open(path):
    row, wall, user, system = line.rsplit(" ", 3)
    times[row][0].append(float(wall))
    times[row][1].append(float(user) + float(system))
medians = {row: (statistics.median(w), statistics.median(c)) for row, (w, c) in times.items()}
for workload, title in (("pipeline", "echo x | cat >/dev/null"), ("spawn", "/bin/true")):
    print(f"\n| {n} x `{title}` | wall us | CPU us | wall / dash | CPU / dash |")
    print("|---|---:|---:|---:|---:|")
    dash = medians[f"{workload}:dash"]
    for row, (wall, cpu) in medians.items():
        kind, name = row.split(":", 1)
        if kind == workload:
            print(f"| {name} | {wall / n * 1e6:.0f} | {cpu / n * 1e6:.0f} | "
                  f"{wall / dash[0]:.2f} | {cpu / dash[1]:.2f} |")
PY
