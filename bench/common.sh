# shellcheck shell=sh
# Sourced by the bench/*.sh scripts: what each of them did at its start (the build directory's
# spawnsh, checked) and the small helpers they share. The caller sets `usage` first.
#   . "$(dirname "$0")/common.sh"
# shellcheck disable=SC2154 # usage: set by the caller
build=${1:?usage: $usage}
spawnsh=$build/app/spawnsh
[ -x "$spawnsh" ] || { echo "no spawnsh at $spawnsh" >&2; exit 2; }

now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The instructions COMMAND... executes (callgrind: exact and load-proof).
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '/refs:/ { gsub(",", "", $4); v = $4 } END { print v }'
}

# measure FORMAT COMMAND...: the median of $runs /usr/bin/time figures of COMMAND (a minor
# page-fault count %R, a max RSS %M, user seconds %U ...). The caller sets runs and scratch (a
# directory). /usr/bin/time starts COMMAND itself: through a wrapper, a max RSS would include
# the wrapper's, which getrusage carries over an exec.
# shellcheck disable=SC2154 # runs, scratch: set by the caller
measure() {
  format=$1; shift
  i=0
  while [ "$i" -lt "$runs" ]; do
    /usr/bin/time -f "$format" -o "$scratch/time" "$@" >/dev/null 2>&1 || true
    cat "$scratch/time"
    i=$((i + 1))
  done | median
}

# Shell state of MiB mebibytes: that many variables of 1 MiB each (none for 0).
# shellcheck disable=SC2016 # the text is shell code for the measured shell to expand
state_script() {
  mib=$1
  [ "$mib" -eq 0 ] && return
  printf '%s\n' 'pad=$(head -c 1048575 /dev/zero | tr "\0" a)'
  k=1
  while [ "$k" -lt "$mib" ]; do printf 'v%s=$pad\n' "$k"; k=$((k + 1)); done
}
