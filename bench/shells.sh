#!/bin/sh
# Interpreter workloads (issues 4 and 5), spawnsh beside dash, bash, busybox ash and mksh in one
# run. Each workload runs ROUNDS times per shell; the table shows the median time per iteration
# and its ratio to dash.
#   bench/shells.sh BUILD_DIR [ROUNDS]      (default 5 rounds)
# Environment: SPAWNSH_BEFORE=PATH adds a column for another spawnsh (a build of the commit a
# change started from), so before and after are measured side by side in one run;
# ONLY_DASH=1 leaves out bash, busybox and mksh; NO_STARTUP=1 skips the start-up row;
# ONLY=name,name runs only those workloads; DIVIDE=D runs each with 1/D of its iterations (a
# loaded machine, where the full counts take too long); MEASURE=cpu takes the CPU time (user +
# system) of the shell and its children instead of the wall time, which other work on the
# machine stretches (start-up is still timed by hyperfine, in wall time).
set -eu
build=${1:?usage: bench/shells.sh BUILD_DIR [ROUNDS]}
rounds=${2:-5}
spawnsh=$build/app/spawnsh
[ -x "$spawnsh" ] || { echo "no spawnsh at $spawnsh" >&2; exit 2; }

shells="spawnsh=$spawnsh"
[ -n "${SPAWNSH_BEFORE:-}" ] && shells="$shells before=$SPAWNSH_BEFORE"
shells="$shells dash=dash"
if [ -z "${ONLY_DASH:-}" ]; then
  command -v bash >/dev/null && shells="$shells bash=bash"
  command -v busybox >/dev/null && shells="$shells busybox=busybox_ash"
  command -v mksh >/dev/null && shells="$shells mksh=mksh"
fi

# name|iterations|script (N is replaced by the iteration count). Start-up is measured apart
# (hyperfine), since timing one process from a shell costs more than the process itself.
workloads='interp-loop|200000|i=0; y=a.b.c; while [ $i -lt N ]; do i=$((i+1)); x=${y%.*}; done
param-expansion|100000|i=0; p=/usr/local/lib/file.tar.gz; while [ $i -lt N ]; do i=$((i+1)); a=${p##*/}; b=${a%%.*}; c=${p%/*}; d=${#p}; e=${u:-default}; done
function-calls|100000|f() { :; }; i=0; while [ $i -lt N ]; do f; i=$((i+1)); done
spawn|2000|i=0; while [ $i -lt N ]; do /bin/true; i=$((i+1)); done
command-subst|2000|i=0; while [ $i -lt N ]; do x=$(echo hi); i=$((i+1)); done
pipeline|1000|i=0; while [ $i -lt N ]; do echo x | cat >/dev/null; i=$((i+1)); done
subshell|2000|i=0; while [ $i -lt N ]; do ( : ); i=$((i+1)); done
subshell-wide|2000|f() { local v=$1; echo $v; }; i=0; while [ $i -lt N ]; do x=$(cd /; f a); ( for j in 1 2; do set -- $j; shift; done ); i=$((i+1)); done'

now_ns() { date +%s%N; }

run_once() {  # shell-spec script -> nanoseconds
  shell=$1 script=$2
  if [ "${MEASURE:-wall}" = cpu ]; then
    # user + system time of the shell and every child it waited for (/usr/bin/time's rusage:
    # 10 ms steps, so each run should take a second or more).
    out=$(mktemp)
    case $shell in
      busybox_ash) /usr/bin/time -f '%U %S' -o "$out" busybox ash -c "$script" >/dev/null ;;
      *) /usr/bin/time -f '%U %S' -o "$out" "$shell" -c "$script" >/dev/null ;;
    esac
    awk '{ printf "%d\n", ($1 + $2) * 1e9 }' "$out"
    rm -f "$out"
    return
  fi
  start=$(now_ns)
  case $shell in
    busybox_ash) busybox ash -c "$script" >/dev/null ;;
    *) "$shell" -c "$script" >/dev/null ;;
  esac
  end=$(now_ns)
  echo $((end - start))
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf '%-16s' workload
for s in $shells; do printf ' %16s' "${s%%=*}"; done
printf '\n'

if [ -z "${NO_STARTUP:-}" ] && command -v hyperfine >/dev/null; then
  printf '%-16s' startup
  for s in $shells; do
    shell=${s#*=}
    [ "$shell" = busybox_ash ] && shell="busybox ash"
    csv=$(mktemp)
    hyperfine -N --warmup 50 --runs $((rounds * 200)) --style none --export-csv "$csv" \
      "$shell -c :" >/dev/null 2>&1
    mean=$(awk -F, 'NR == 2 { printf "%d", $2 * 1e9 }' "$csv")
    rm -f "$csv"
    [ "${s%%=*}" = dash ] && dash_start=$mean
    [ "${s%%=*}" = spawnsh ] && spawnsh_start=$mean
    printf ' %16s' "$(awk -v ns="$mean" 'BEGIN { printf "%.1f us", ns / 1e3 }')"
  done
  printf '   spawnsh/dash %s\n' "$(awk -v a="$spawnsh_start" -v b="$dash_start" 'BEGIN { printf "%.2f", a / b }')"
fi
echo "$workloads" | while IFS='|' read -r name count script; do
  case ",${ONLY:-$name}," in *",$name,"*) ;; *) continue ;; esac
  count=$((count / ${DIVIDE:-1}))
  script=$(printf '%s' "$script" | sed "s/N/$count/g")
  printf '%-16s' "$name"
  dash_ns=
  for s in $shells; do
    shell=${s#*=}
    samples=$(for r in $(seq "$rounds"); do run_once "$shell" "$script"; done | median)
    per=$((samples / count))
    [ "${s%%=*}" = dash ] && dash_ns=$per
    printf ' %16s' "$(awk -v ns="$per" 'BEGIN { if (ns >= 1000000) printf "%.2f ms", ns / 1e6; else printf "%.2f us", ns / 1e3 }')"
    eval "per_$(echo "${s%%=*}")=$per"
  done
  if [ -n "$dash_ns" ] && [ "$dash_ns" -gt 0 ]; then
    printf '   spawnsh/dash %s' "$(awk -v a="$per_spawnsh" -v b="$dash_ns" 'BEGIN { printf "%.2f", a / b }')"
    if [ -n "${SPAWNSH_BEFORE:-}" ]; then
      printf '   before/dash %s' "$(awk -v a="$per_before" -v b="$dash_ns" 'BEGIN { printf "%.2f", a / b }')"
    fi
  fi
  printf '\n'
done
