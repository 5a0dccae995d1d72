#!/bin/sh
# Start-up and memory beside dash, busybox ash and bash (issue 16), in one run:
#   bench/startup.sh BUILD_DIR [RUNS]       (default 9 runs for the medians)
# Per shell: instructions of `SHELL -c :` (callgrind, exact and load-proof), its minor page
# faults and max RSS (/usr/bin/time, medians), the instructions of a syntax error
# (`SHELL -c 'if; then'`: the first exception thrown), and `SHELL -n` over a 10 MB script from
# bench/gen_script.sh: max RSS and user seconds (medians), with spawnsh's ratios to dash.
# SPAWNSH_BEFORE=PATH adds another spawnsh (the build a change started from).
set -eu
# shellcheck disable=SC2034 # read by common.sh
usage='bench/startup.sh BUILD_DIR [RUNS]'
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
runs=${2:-9}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/startup.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
"$(dirname "$0")/gen_script.sh" 10 > "$scratch/script"

shells="spawnsh=$spawnsh"
[ -n "${SPAWNSH_BEFORE:-}" ] && shells="$shells before=$SPAWNSH_BEFORE"
shells="$shells dash=dash"
command -v busybox >/dev/null && shells="$shells busybox_ash=busybox_ash"
command -v bash >/dev/null && shells="$shells bash=bash"

# The command of a shell's name: busybox ash is the two words `busybox ash`.
command_of() { if [ "$1" = busybox_ash ]; then echo "busybox ash"; else echo "$1"; fi; }

printf '%-12s %14s %12s %12s %16s %12s %10s\n' shell 'instr -c :' 'faults -c :' \
  'max RSS -c :' 'instr syntax err' 'max RSS -n' 'user s -n'
for s in $shells; do
  name=${s%%=*}
  # shellcheck disable=SC2046 # busybox ash: two words
  set -- $(command_of "${s#*=}")
  i=$(instructions "$@" -c :)
  f=$(measure %R "$@" -c :)
  m=$(measure %M "$@" -c :)
  e=$(instructions "$@" -c 'if; then')
  nm=$(measure %M "$@" -n "$scratch/script")
  nu=$(measure %U "$@" -n "$scratch/script")
  printf '%-12s %14s %12s %9s KB %16s %9s KB %10s\n' "$name" "$i" "$f" "$m" "$e" "$nm" "$nu"
done
