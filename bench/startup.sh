#!/bin/sh
# Start-up and memory beside dash, busybox ash and bash (issue 16), in one run:
#   bench/startup.sh BUILD_DIR [RUNS]       (default 9 runs for the medians)
# Per shell: instructions of `SHELL -c :` (callgrind, exact and load-proof), its minor page
# faults and max RSS (/usr/bin/time, medians), the instructions of a syntax error
# (`SHELL -c 'if; then'`: the first exception thrown), and `SHELL -n` over a 10 MB script from
# bench/gen_script.sh: max RSS and user seconds (medians), with spawnsh's ratios to dash.
# SPAWNSH_BEFORE=PATH adds another spawnsh (the build a change started from).
set -eu
build=${1:?usage: bench/startup.sh BUILD_DIR [RUNS]}
runs=${2:-9}
spawnsh=$build/app/spawnsh
[ -x "$spawnsh" ] || { echo "no spawnsh at $spawnsh" >&2; exit 2; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/startup.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
"$(dirname "$0")/gen_script.sh" 10 > "$scratch/script"

shells="spawnsh=$spawnsh"
[ -n "${SPAWNSH_BEFORE:-}" ] && shells="$shells before=$SPAWNSH_BEFORE"
shells="$shells dash=dash"
command -v busybox >/dev/null && shells="$shells busybox_ash=busybox_ash"
command -v bash >/dev/null && shells="$shells bash=bash"

# Each tool starts the shell itself (no wrapper: a max RSS would include the wrapper's, which
# getrusage carries over an exec). busybox ash is the two words `busybox ash`.
command_of() { if [ "$1" = busybox_ash ]; then echo "busybox ash"; else echo "$1"; fi; }
instructions() {
  shell=$1; shift
  # shellcheck disable=SC2046
  valgrind --tool=callgrind --callgrind-out-file=/dev/null $(command_of "$shell") "$@" 2>&1 \
    >/dev/null | awk '/refs:/ { gsub(",", "", $4); v = $4 } END { print v }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
measure() {  # measure FORMAT SHELL ARGS...: the median of RUNS /usr/bin/time figures
  format=$1; shift
  shell=$1; shift
  i=0
  while [ $i -lt "$runs" ]; do
    # shellcheck disable=SC2046
    /usr/bin/time -f "$format" -o "$scratch/time" $(command_of "$shell") "$@" >/dev/null 2>&1 || true
    cat "$scratch/time"
    i=$((i + 1))
  done | median
}

printf '%-12s %14s %12s %12s %16s %12s %10s\n' shell 'instr -c :' 'faults -c :' \
  'max RSS -c :' 'instr syntax err' 'max RSS -n' 'user s -n'
for s in $shells; do
  name=${s%%=*} shell=${s#*=}
  i=$(instructions "$shell" -c :)
  f=$(measure %R "$shell" -c :)
  m=$(measure %M "$shell" -c :)
  e=$(instructions "$shell" -c 'if; then')
  nm=$(measure %M "$shell" -n "$scratch/script")
  nu=$(measure %U "$shell" -n "$scratch/script")
  printf '%-12s %14s %12s %9s KB %16s %9s KB %10s\n' "$name" "$i" "$f" "$m" "$e" "$nm" "$nu"
done
