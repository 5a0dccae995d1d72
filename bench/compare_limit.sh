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
# Prints each repeat's ratios, then the medians; exits 1 when they disagree by more than 10 % at
# any size, 2 on a usage error.
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

# The median of a backend at a ballast (bytes) from compare's CSV export (columns by name).
compare_median() { # csv backend bytes
  awk -F, -v b="$2" -v s="$3" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["backend"] == b && $col["ballast_bytes"] == s { print $col["median"] }' "$1"
}
run_compare() { # repeat
  "$spawnsh" compare --backends fork,vfork --ballast "0,$size" -r "$runs" -w 5 --seed "$1" \
    --export-csv "$work/compare.$1.csv" -- /bin/true >/dev/null
}
# plain_loop's line: "round r count wall own children fork_median vfork_median" (ns).
run_plain() { # repeat
  for b in 0 "$size"; do
    printf '%s ' "$b"
    "$plain" fork --interleave-with vfork --ballast "$b" --count "$runs" --warmup 5 --seed "$1"
  done >"$work/plain.$1"
}

for k in $(seq 1 "$repeats"); do
  if [ $((k % 2)) = 1 ]; then run_compare "$k"; run_plain "$k"; else run_plain "$k"; run_compare "$k"; fi
done

bytes=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "ballast_bytes") c = i; next }
           $c != 0 { print $c; exit }' "$work/compare.1.csv")
# One line per repeat and size: "size k compare_ratio fork_ms vfork_ms c_ratio fork_ms vfork_ms".
for k in $(seq 1 "$repeats"); do
  for b in 0 "$bytes"; do
    label=$([ "$b" = 0 ] && echo 0 || echo "$size")
    cf=$(compare_median "$work/compare.$k.csv" fork "$b")
    cv=$(compare_median "$work/compare.$k.csv" vfork "$b")
    awk -v l="$label" -v k="$k" -v cf="$cf" -v cv="$cv" '$1 == l {
      printf "%s %d %.4f %.3f %.3f %.4f %.3f %.3f\n", l, k, cf / cv, cf * 1e3, cv * 1e3,
        $8 / $9, $8 / 1e6, $9 / 1e6 }' "$work/plain.$k"
  done
done >"$work/ratios"

printf '%-8s %-7s %-30s %s\n' ballast repeat "spawnsh compare fork/vfork" "plain C fork/vfork (interleaved)"
awk '{ printf "%-8s %-7s %-30s %s\n", $1, $2, sprintf("%.2f (%.3f / %.3f ms)", $3, $4, $5),
       sprintf("%.2f (%.3f / %.3f ms)", $6, $7, $8) }' "$work/ratios"
echo
# The verdict: the median over the repeats of compare's ratio over the C ratio of the same
# repeat (the two ran back to back, so what drifted between repeats, such as the load of a
# shared machine, divides out). The median of each program's ratios is printed beside it.
printf '%-8s %-22s %-22s %-26s %s\n' ballast "compare, median" "plain C, median" \
  "median of compare / C" agree
status=0
for label in 0 "$size"; do
  line=$(awk -v l="$label" '
    function median(xs, n,   i, j, t) {
      for (i = 2; i <= n; i++) for (j = i; j > 1 && xs[j - 1] > xs[j]; j--) {
        t = xs[j]; xs[j] = xs[j - 1]; xs[j - 1] = t }
      return n % 2 ? xs[(n + 1) / 2] : (xs[n / 2] + xs[n / 2 + 1]) / 2
    }
    $1 == l { n++; c[n] = $3; p[n] = $6; q[n] = $3 / $6 }
    END {
      mq = median(q, n); d = mq - 1; if (d < 0) d = -d
      printf "%.2f|%.2f|%.3f|%s (%.0f %%)|%d", median(c, n), median(p, n), mq,
        (d <= 0.10 ? "yes" : "NO"), d * 100, (d > 0.10)
    }' "$work/ratios")
  IFS='|' read -r mc mp mq ok bad <<EOT
$line
EOT
  printf '%-8s %-22s %-22s %-26s %s\n' "$label" "$mc" "$mp" "$mq" "$ok"
  [ "$bad" = 1 ] && status=1
done
echo "load: $(uptime | sed 's/.*load/load/')"
exit $status
