#!/bin/sh
# Instructions (callgrind, exact) of interpreter workloads under two spawnsh binaries side by
# side: a change measured against the build it started from, or two builds of one commit
# (e.g. the embedded build with and without SPAWNSH_SMALL_STRING). The machine has no hardware
# counters, and instructions do not move with the load of a shared machine, as time does.
#   bench/instructions.sh BUILD_DIR_A BUILD_DIR_B
# Only the shell's own process is counted (the workloads run no external command). The last
# column is A / B.
set -eu
# shellcheck disable=SC2034 # read by common.sh
usage="bench/instructions.sh BUILD_DIR_A BUILD_DIR_B"
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
a=$spawnsh
b=${2:?usage: $usage}/app/spawnsh
[ -x "$b" ] || { echo "no spawnsh at $b" >&2; exit 2; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/instructions.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
"$(dirname "$0")/gen_script.sh" 1 > "$scratch/script"

printf '%-16s %14s %14s %7s\n' workload A B 'A / B'
while IFS='|' read -r name script; do
  # A workload "-n" parses a script of 1 MB (bench/gen_script.sh) without running it.
  if [ "$script" = -n ]; then set -- -n "$scratch/script"; else set -- -c "$script"; fi
  ia=$(instructions "$a" "$@")
  ib=$(instructions "$b" "$@")
  printf '%-16s %14s %14s %7s\n' "$name" "$ia" "$ib" "$(awk -v a="$ia" -v b="$ib" 'BEGIN { printf "%.3f", a / b }')"
done <<'WORKLOADS'
start-up|:
interp-loop|i=0; y=a.b.c; while [ $i -lt 20000 ]; do i=$((i+1)); x=${y%.*}; done
param-expansion|i=0; p=/usr/local/lib/file.tar.gz; while [ $i -lt 10000 ]; do i=$((i+1)); a=${p##*/}; b=${a%%.*}; c=${p%/*}; d=${#p}; done
function-calls|f() { :; }; i=0; while [ $i -lt 10000 ]; do f; i=$((i+1)); done
long-strings|x=$(printf '%02000d' 0); i=0; while [ $i -lt 300 ]; do i=$((i+1)); y=${x%0}; z="$x$x"; case $z in *1*) ;; esac; set -- $z; done
parse-1MB|-n
WORKLOADS
