#!/bin/sh
# The emulated backend (issue 13): what a shell-code child costs when it is a fresh spawnsh given
# the state (by each channel: serialize and image), against fork, with 0, 1 and 16 MiB of shell
# state, beside busybox ash (which forks). Each cell is the median over ROUNDS runs of (time of N iterations - time of the
# same script with 0 iterations) / N, so the state's set-up is not counted.
#   bench/emulated.sh BUILD_DIR [ROUNDS] [N]      (defaults: 5 rounds, 200 iterations)
set -eu
# shellcheck disable=SC2034 # read by common.sh
usage='bench/emulated.sh BUILD_DIR [ROUNDS] [N]'
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
rounds=${2:-5}
iterations=${3:-200}

# name|loop body
workloads='subshell|( : )
command-subst|x=$(echo hi)
pipe-to-read|echo x | read y
function-pipeline|f | g'

functions='f() { echo x; }; g() { read -r y; }'

run_ns() {  # shell-spec script -> nanoseconds
  start=$(now_ns)
  case $1 in
    fork) "$spawnsh" --spawn=fork -c "$2" >/dev/null ;;
    emulated) "$spawnsh" --spawn=emulated --emulated-channel=serialize -c "$2" >/dev/null ;;
    image) "$spawnsh" --spawn=emulated --emulated-channel=image -c "$2" >/dev/null ;;
    busybox) busybox ash -c "$2" >/dev/null ;;
  esac
  echo $(( $(now_ns) - start ))
}


printf '%-18s %5s %12s %12s %12s %12s\n' workload MiB 'fork [ms]' 'serialize [ms]' 'image [ms]' \
  'busybox [ms]'
echo "$workloads" | while IFS='|' read -r name body; do
  for mib in 0 1 16; do
    setup="$functions
$(state_script "$mib")"
    loop="$setup
i=0; while [ \$i -lt $iterations ]; do $body; i=\$((i+1)); done"
    empty="$setup
i=0; while [ \$i -lt 0 ]; do $body; i=\$((i+1)); done"
    line=$(printf '%-18s %5s' "$name" "$mib")
    for shell in fork emulated image busybox; do
      per=$(r=0; while [ $r -lt "$rounds" ]; do
              full=$(run_ns "$shell" "$loop"); base=$(run_ns "$shell" "$empty")
              echo $(( (full - base) / iterations )); r=$((r + 1)); done | median)
      line="$line $(awk -v ns="$per" 'BEGIN { printf "%12.3f", ns / 1e6 }')"
    done
    echo "$line"
  done
done
