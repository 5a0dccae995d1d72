#!/bin/sh
# The comparison mode against the C limit (issue 12): `spawnsh compare --ballast 0,SIZE --
# /bin/true` and bench/plain_loop (fork+exec and vfork+exec, the same ballast), and whether their
# fork/vfork ratios agree within 10 % at each size.
#
#   bench/compare_limit.sh BUILD_DIR [RUNS] [BALLAST] [REPEATS]   (defaults: 100, 1G, 7)
#
# What is compared, and why this way:
# - The same schedule. compare interleaves its backends (each round runs fork and vfork once, in
#   a shuffled order), and in a 1 GiB parent the schedule matters: a vfork that follows a fork
#   pays for the cold caches and TLBs the fork child's page-table copy and teardown left (~2.5 ms
#   against ~1.5 ms for vfork alone). So plain_loop runs fork --interleave-with vfork: the same
#   coin-drawn order per round, and both sides of its ratio timed in one process, as compare's
#   are.
# - Medians of the runs, not means: a spawn of /bin/true here has outliers ten times the typical
#   run, and one of them moves a mean of 200 by several per cent.
# - Several independent repeats, and the median of the per-repeat ratios. How much a vfork after
#   a 1 GiB fork costs is not a property of the run, it is one of the process: it swings between
#   2.1 and 2.9 ms from one process to the next (the ballast's placement in memory, of the guest
#   and of the host, differs each time) while it is steady within one. One compare against one C
#   loop is two draws from that spread and misses 10 % either way (session 5: 12 % and 14 %, in
#   opposite directions). Each repeat starts both programs afresh (new ballast), in alternating
#   order so slow drift reaches both alike; the median over the repeats is the estimate of each
#   program's ratio that one unlucky process cannot move. The verdict takes, per repeat, compare's
#   ratio over the C loop's (the two ran back to back, so a drift between repeats, such as a
#   shared machine's load, divides out) and asks the median of these quotients to be within
#   10 % of 1.
# - Two measures of a spawn: wall time, and CPU time (the spawning process's during the spawn plus
#   the child's, from wait4: what compare reports as user + system). On a quiet machine they
#   tell the same. On a loaded one the wall time of a spawn also holds the time its child waited
#   for a CPU, and after a fork that copied 1 GiB of page tables the scheduler makes the parent's
#   next child wait behind whatever else runs (the parent, and the child inheriting its place,
#   just used 100-200 ms of CPU): a vfork then takes either ~1 or ~4 ms, the mode fixed for the
#   whole process (session 6, load 10). That wait belongs to neither program, so the verdict is
#   on CPU time; the wall ratios and their agreement are printed beside it.
# Prints each repeat's ratios, then the medians; exits 1 when the CPU ratios disagree by more
# than 10 % at any size, 2 on a usage error.
set -eu
build=${1:?usage: compare_limit.sh BUILD_DIR [RUNS] [BALLAST] [REPEATS]}
runs=${2:-100}
size=${3:-1G}
repeats=${4:-7}
spawnsh=$build/app/spawnsh
plain=$build/bench/plain_loop
for f in "$spawnsh" "$plain"; do
  [ -x "$f" ] || { echo "missing $f (cmake --build $build --target spawnsh plain_loop)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "start: $(uptime | sed 's/.*load/load/')"

# An awk function for the scripts below: the median of xs[1..n] (sorts xs).
median_awk='
  function median(xs, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && xs[j - 1] > xs[j]; j--) {
      t = xs[j]; xs[j] = xs[j - 1]; xs[j - 1] = t }
    return n % 2 ? xs[(n + 1) / 2] : (xs[n / 2] + xs[n / 2 + 1]) / 2
  }'

# From compare's JSON export (one field per line): "backend ballast wall_median cpu_median" per
# result, the CPU of a run being its user + system time, in seconds.
compare_medians() { # json
  awk "$median_awk"'
    function values(line, out,   n) {  # the numbers of a one-line JSON array
      sub(/^[^[]*\[/, "", line); sub(/\].*$/, "", line)
      return split(line, out, ",")
    }
    /"backend":/ { b = $2; gsub(/[",]/, "", b) }
    /"ballast_bytes":/ { size = $2; sub(/,/, "", size) }
    /"median":/ { wall = $2; sub(/,/, "", wall) }
    /"user_times":/ { n = values($0, user) }
    /"system_times":/ {
      values($0, sys)
      for (i = 1; i <= n; i++) cpu[i] = user[i] + sys[i]
      printf "%s %s %s %.9f\n", b, size, wall, median(cpu, n)
    }' "$1"
}
run_compare() { # repeat
  "$spawnsh" compare --backends fork,vfork --ballast "0,$size" -r "$runs" -w 5 --seed "$1" \
    --export-json "$work/compare.$1.json" -- /bin/true >/dev/null
  compare_medians "$work/compare.$1.json" >"$work/compare.$1"
}
# plain_loop's line: "round r count wall own children fork_wall vfork_wall fork_cpu vfork_cpu",
# the last four medians (ns).
run_plain() { # repeat
  for b in 0 "$size"; do
    printf '%s ' "$b"
    "$plain" fork --interleave-with vfork --ballast "$b" --count "$runs" --warmup 5 --seed "$1"
  done >"$work/plain.$1"
}

for k in $(seq 1 "$repeats"); do
  if [ $((k % 2)) = 1 ]; then run_compare "$k"; run_plain "$k"; else run_plain "$k"; run_compare "$k"; fi
done

bytes=$(awk '$2 != 0 { print $2; exit }' "$work/compare.1")
# One line per repeat and size: "size k" then for wall and for CPU: compare's fork/vfork ratio,
# its fork and vfork ms, the C loop's ratio, its fork and vfork ms.
for k in $(seq 1 "$repeats"); do
  for b in 0 "$bytes"; do
    label=$([ "$b" = 0 ] && echo 0 || echo "$size")
    set -- $(awk -v b="$b" '$2 == b && $1 == "fork" { f = $3; fc = $4 }
                            $2 == b && $1 == "vfork" { v = $3; vc = $4 }
                            END { print f, v, fc, vc }' "$work/compare.$k")
    awk -v l="$label" -v k="$k" -v cf="$1" -v cv="$2" -v ccf="$3" -v ccv="$4" '$1 == l {
      printf "%s %d %.4f %.3f %.3f %.4f %.3f %.3f %.4f %.3f %.3f %.4f %.3f %.3f\n", l, k,
        cf / cv, cf * 1e3, cv * 1e3, $8 / $9, $8 / 1e6, $9 / 1e6,
        ccf / ccv, ccf * 1e3, ccv * 1e3, $10 / $11, $10 / 1e6, $11 / 1e6 }' "$work/plain.$k"
  done
done >"$work/ratios"

for measure in wall cpu; do
  [ $measure = wall ] && first=3 || first=9
  echo
  echo "$([ $measure = wall ] && echo "Wall time" || echo "CPU time (own + child's)"): fork/vfork (fork / vfork ms)"
  printf '%-8s %-7s %-30s %s\n' ballast repeat "spawnsh compare" "plain C, interleaved"
  awk -v f="$first" '{ printf "%-8s %-7s %-30s %s\n", $1, $2,
       sprintf("%.2f (%.3f / %.3f)", $f, $(f + 1), $(f + 2)),
       sprintf("%.2f (%.3f / %.3f)", $(f + 3), $(f + 4), $(f + 5)) }' "$work/ratios"
done

# The verdict, per measure and size: the median over the repeats of compare's ratio over the C
# ratio of the same repeat (the two ran back to back, so what drifted between repeats divides
# out); the median of each program's ratios is printed beside it.
echo
printf '%-6s %-8s %-16s %-16s %-22s %s\n' measure ballast "compare, median" "plain C, median" \
  "median of compare / C" agree
status=0
for measure in wall cpu; do
  [ $measure = wall ] && first=3 || first=9
  for label in 0 "$size"; do
    line=$(awk -v l="$label" -v f="$first" "$median_awk"'
      $1 == l { n++; c[n] = $f; p[n] = $(f + 3); q[n] = $f / $(f + 3) }
      END {
        mq = median(q, n); d = mq - 1; if (d < 0) d = -d
        printf "%.2f|%.2f|%.3f|%s (%.0f %%)|%d", median(c, n), median(p, n), mq,
          (d <= 0.10 ? "yes" : "NO"), d * 100, (d > 0.10)
      }' "$work/ratios")
    IFS='|' read -r mc mp mq ok bad <<EOT
$line
EOT
    printf '%-6s %-8s %-16s %-16s %-22s %s\n' "$measure" "$label" "$mc" "$mp" "$mq" "$ok"
    [ "$measure" = cpu ] && [ "$bad" = 1 ] && status=1
  done
done
echo "end: $(uptime | sed 's/.*load/load/')"
exit $status
