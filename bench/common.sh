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

# Shell state of MiB mebibytes: that many variables of 1 MiB each (none for 0).
# shellcheck disable=SC2016 # the text is shell code for the measured shell to expand
state_script() {
  mib=$1
  [ "$mib" -eq 0 ] && return
  printf '%s\n' 'pad=$(head -c 1048575 /dev/zero | tr "\0" a)'
  k=1
  while [ "$k" -lt "$mib" ]; do printf 'v%s=$pad\n' "$k"; k=$((k + 1)); done
}
