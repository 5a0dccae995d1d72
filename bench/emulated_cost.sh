#!/bin/sh
# The emulated backend's cost per child and per MiB of state (issue 13), in CPU time rather than
# wall time, so that a machine shared with other work still gives usable figures: perf stat's
# task-clock and page faults summed over the shell and every process it starts, for N runs of
# `echo x | read y` (one shell-code child each: the builtin echo runs in the shell, `read y` in
# the child) minus the same script with none, at 0, 1 and 16 MiB of state, under fork, the
# emulated backend's two channels and busybox ash (which forks).
#
# The "+use" rows run `echo x | { read y; : ${#pad} ${#v1} ...; }` instead: the child reads
# every value of the state (which makes an emulated child copy each into its own table: until
# used, a value stays where it lies in the shared value file or the image), so they show what a
# child that uses its whole state pays per MiB.
#
# The floor, measured the same way in the same run: N runs of a static program that does
# nothing, started by spawnsh (vfork + exec, what the emulated backend starts its child with):
# a minimal static C program, and spawnsh itself (`spawnsh --version`: the C library's start,
# the static initialisers, the argument scan, one write). So "emulated child = floor + X".
#   bench/emulated_cost.sh BUILD_DIR [N]      (default: 200 iterations; needs perf and cc)
set -eu
# shellcheck disable=SC2034 # read by common.sh
usage='bench/emulated_cost.sh BUILD_DIR [N]'
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
iterations=${2:-200}
command -v perf >/dev/null || { echo "perf is needed" >&2; exit 2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
printf 'int main(void) { return 0; }\n' >"$scratch/nothing.c"
cc -O2 -static -o "$scratch/nothing" "$scratch/nothing.c" ||
  { echo "cannot build a static C program (cc -static)" >&2; exit 2; }

measure() {  # shell-and-options script -> "task-clock-ms page-faults"
  # shellcheck disable=SC2086 # the shell and its options are words
  perf stat -x, -e task-clock,page-faults $1 -c "$2" 2>&1 >/dev/null |
    awk -F, '{ printf "%s ", $1 } END { print "" }'
}

# shellcheck disable=SC2016 # shell code for the measured shell
loop() {  # count body
  printf 'i=0; while [ $i -lt %s ]; do %s; i=$((i+1)); done\n' "$1" "$2"
}

# The kernel's transparent huge page counters: the image channel's arena asks for 2 MiB pages,
# and whether it gets them (or waits for compaction, or falls back to 4 KiB pages, each zeroed
# and faulted in alone) decides its cost per MiB. Printed per row as "allocated/fell back".
thp() { awk '$1 == "thp_fault_alloc" { a = $2 } $1 == "thp_fault_fallback" { f = $2 }
             END { print a + 0, f + 0 }' /proc/vmstat 2>/dev/null || echo 0 0; }

row() {  # label MiB shell-and-options setup body
  thp_before=$(thp)
  full=$(measure "$3" "$4
$(loop "$iterations" "$5")")
  empty=$(measure "$3" "$4
$(loop 0 "$5")")
  echo "$full $empty $thp_before $(thp)" | awk -v n="$iterations" -v v="$1" -v m="$2" \
    '{ printf "%-22s %4s %16.3f %16.0f %9d/%d\n", v, m, ($1 - $3) / n, ($2 - $4) / n,
       $7 - $5, $8 - $6 }'
}

printf '%-22s %4s %16s %16s %12s\n' variant MiB 'CPU/child [ms]' 'faults/child' 'THP faults'
row 'floor: static C' 0 "$spawnsh --spawn=vfork" '' "$scratch/nothing"
row 'floor: spawnsh' 0 "$spawnsh --spawn=vfork" '' "$spawnsh --version"
# `: ${#pad} ${#v1} ...`: a use of every variable state_script makes.
# shellcheck disable=SC2016 # shell code for the measured shell
uses() {
  [ "$1" -eq 0 ] && return
  printf ' ${#pad}'
  k=1
  while [ "$k" -lt "$1" ]; do printf ' ${#v%s}' "$k"; k=$((k + 1)); done
}

for variant in fork serialize image busybox fork+use serialize+use image+use; do
  case $variant in
    fork*) shell="$spawnsh --spawn=fork" ;;
    serialize*) shell="$spawnsh --spawn=emulated --emulated-channel=serialize" ;;
    image*) shell="$spawnsh --spawn=emulated --emulated-channel=image" ;;
    busybox) shell='busybox ash' ;;
  esac
  [ "$variant" = busybox ] && ! command -v busybox >/dev/null && continue
  for mib in 0 1 16; do
    case $variant in
      *+use) body="echo x | { read y; :$(uses "$mib"); }" ;;
      *) body='echo x | read y' ;;
    esac
    row "$variant" "$mib" "$shell" "$(state_script "$mib")" "$body"
  done
done
