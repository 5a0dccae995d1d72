#!/bin/sh
# A utility applet's start-up (issue 15), beside the programs it stands in for, in one run:
#   bench/applets.sh BUILD_DIR [RUNS]       (default 9 runs for the medians)
# `echo hi` run as: spawnsh linked as echo, `spawnsh echo`, the shell's builtin (`spawnsh -c`,
# for scale), coreutils /bin/echo (dynamic), `busybox echo` and `dash -c`. Per row: instructions
# (callgrind, exact and load-proof), minor page faults and max RSS (/usr/bin/time, medians), and
# the median wall time from hyperfine (1000 runs); ratios to busybox echo.
set -eu
# shellcheck disable=SC2034 # read by common.sh
usage='bench/applets.sh BUILD_DIR [RUNS]'
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
runs=${2:-9}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/applets.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
ln -s "$(cd "$(dirname "$spawnsh")" && pwd)/spawnsh" "$scratch/echo"

wall_us() {  # median wall time in microseconds (hyperfine, no shell in between)
  hyperfine -N --warmup 20 --runs 1000 --export-json "$scratch/h.json" "$*" >/dev/null 2>&1
  python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][0]["median"]*1e6))' \
    "$scratch/h.json"
}

row() {  # row NAME COMMAND...
  name=$1; shift
  printf '%-22s %10s %8s %8s KB %8s us\n' "$name" "$(instructions "$@")" \
    "$(measure %R "$@")" "$(measure %M "$@")" "$(wall_us "$@")"
}

printf '%-22s %10s %8s %11s %11s\n' program instr faults 'max RSS' wall
row 'spawnsh as echo' "$scratch/echo" hi
row 'spawnsh echo' "$spawnsh" echo hi
row "spawnsh -c 'echo hi'" "$spawnsh" -c 'echo hi'
row '/bin/echo' /bin/echo hi
command -v busybox >/dev/null && row 'busybox echo' busybox echo hi
row "dash -c 'echo hi'" dash -c 'echo hi'
