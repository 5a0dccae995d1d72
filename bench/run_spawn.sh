#!/bin/sh
# Runs the spawn benchmark of issue 2 from an existing build (it builds nothing):
#
#   bench/run_spawn.sh [--quick] [--static-child] [--syscalls] BUILD_DIR [spawn_bench options...]
#
# Prints one table, ballast 0 and 1G side by side: the plain C loop (vfork and posix_spawn
# variants, the reference for the "x C" ratio), every backend of the spawn library, and dash,
# bash, busybox ash and mksh running the same loop where they are installed.
#   --quick     fewer spawns and rounds (a smoke test, not a measurement)
#   --static-child  then the same table again with bench/static_true (a static program that
#               exits at once) instead of /bin/true, which makes the spawn's own cost visible;
#               with --syscalls: count with static_true as the child
#   --syscalls  instead of timing, counts system calls per spawn with `strace -f -c`, for the
#               plain C loop, each backend and dash (the child's exec of /bin/true included)
# Options after BUILD_DIR go to spawn_bench (e.g. --count 5000 --rounds 11).
set -eu

usage() {
  echo "usage: $0 [--quick] [--static-child] [--syscalls] BUILD_DIR [spawn_bench options...]" >&2
  exit 2
}

quick=no
syscalls=no
static_child=no
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=yes; shift ;;
    --syscalls) syscalls=yes; shift ;;
    --static-child) static_child=yes; shift ;;
    --help|-h) usage ;;
    -*) usage ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || usage
build=$1
shift

bench=$build/bench/spawn_bench
plain=$build/bench/plain_loop
static_true=$build/bench/static_true
needed="$bench $plain"
[ "$static_child" = yes ] && needed="$needed $static_true"
for exe in $needed; do
  if [ ! -x "$exe" ]; then
    echo "$0: $exe not found: build the spawn_bench, plain_loop (and static_true) targets first" >&2
    exit 1
  fi
done

if [ "$syscalls" = no ]; then
  if [ "$quick" = yes ]; then
    set -- --count 200 --rounds 3 --max-round 2 "$@"
  fi
  "$bench" --plain "$plain" --ballast 0,1G "$@"
  if [ "$static_child" = yes ]; then
    echo
    "$bench" --plain "$plain" --ballast 0,1G "$@" --program "$static_true"
  fi
  exit 0
fi

# --syscalls: strace every runner for a fixed number of spawns, then divide.
command -v strace >/dev/null 2>&1 || { echo "$0: strace is not installed" >&2; exit 1; }
n=500
[ "$quick" = yes ] && n=100
program=/bin/true
[ "$static_child" = yes ] && program=$static_true
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

trace() {  # trace NAME COMMAND...
  name=$1
  shift
  strace -f -c -o "$tmp/$name" "$@" >/dev/null
}

trace plain-vfork "$plain" vfork --count $n --rounds 1 --warmup 0 --program "$program"
trace plain-posix_spawn "$plain" posix_spawn --count $n --rounds 1 --warmup 0 --program "$program"
for b in fork vfork clone posix_spawn; do
  trace "$b" "$bench" --backend "$b" --plain none --count $n --rounds 1 --warmup 0 \
    --max-round 0 --program "$program" "$@"
done
if command -v dash >/dev/null 2>&1; then
  trace dash dash -c "i=0; while [ \$i -lt $n ]; do '$program'; i=\$((i+1)); done"
fi

echo "system calls per spawn of $program (strace -f -c over $n spawns, divided by $n): both"
echo "sides of the spawn and the child's own start-up; each row also spreads its program's"
echo "start-up (and spawn_bench's warm-up of 3 spawns) over the $n; calls made less than once"
echo "per 20 spawns in every row are left out of the rows, not of the total)"
cd "$tmp"
set -- plain-vfork plain-posix_spawn fork vfork clone posix_spawn
[ -f dash ] && set -- "$@" dash
awk -v n=$n -v order="$*" '
  # strace -c lines: % time, seconds, usecs/call, calls, [errors,] syscall
  $1 ~ /^[0-9.]+$/ && NF >= 5 && $NF != "total" {
    calls[FILENAME, $NF] = $4
    if (!($NF in seen)) { seen[$NF] = 1; names[++k] = $NF }
  }
  $NF == "total" { total[FILENAME] = $3 }
  END {
    m = split(order, runs, " ")
    printf "%-18s", "syscall"
    for (j = 1; j <= m; j++) printf " %17s", runs[j]
    printf "\n"
    # sort syscall names by the fork column, descending, then by name
    for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) {
      a = calls["fork", names[i]] + 0; b = calls["fork", names[j]] + 0
      if (b > a || (b == a && names[j] < names[i])) { t = names[i]; names[i] = names[j]; names[j] = t }
    }
    for (i = 1; i <= k; i++) {
      # leave out what is not per spawn (one-off start-up calls, spread over the n)
      big = 0
      for (j = 1; j <= m; j++) if (calls[runs[j], names[i]] / n >= 0.05) big = 1
      if (!big) continue
      printf "%-18s", names[i]
      for (j = 1; j <= m; j++) {
        c = calls[runs[j], names[i]] + 0
        if (c == 0) printf " %17s", "."
        else printf " %17.2f", c / n
      }
      printf "\n"
    }
    printf "%-18s", "total"
    for (j = 1; j <= m; j++) {
      s = 0
      for (i = 1; i <= k; i++) s += calls[runs[j], names[i]]
      printf " %17.2f", s / n
    }
    printf "\n"
  }' "$@"
