#!/bin/sh
# Runs fuzz_shell (shell_fuzzer.cpp) for a while in a scratch directory of its own, as nobody
# when started as root: the inputs are scripts whose redirections create and truncate files in
# the current directory.
#
#   tests/fuzz/run_shell_fuzzer.sh BUILD_FUZZ_DIR [SECONDS] [OUT_DIR]
#
# BUILD_FUZZ_DIR is a clang build configured as in tests/fuzz/README.md. OUT_DIR (default: a new
# directory under /tmp) receives the working corpus (work/), crash or leak inputs (crash-*,
# leak-*) and the fuzzer's log (fuzz.log). The seeds are tests/fuzz/corpus/shell/ (written by
# hand) and corpus/shell-found/ (what earlier runs found, minimised with -merge=1); the working
# corpus is left in OUT_DIR (minimise it with -merge=1 before adding it to shell-found/).
# Fork mode (-fork=1): an input that loops forever is a timeout, skipped, not the end of the run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: run_shell_fuzzer.sh BUILD_FUZZ_DIR [SECONDS] [OUT_DIR]}" && pwd)
seconds=${2:-1800}
out=${3:-$(mktemp -d /tmp/shell-fuzz.XXXXXX)}
mkdir -p "$out/work" "$out/scratch"
# The binary and the dictionary are copied so that nobody can reach them whatever the
# permissions of the checkout.
cp "$build/tests/fuzz/fuzz_shell" "$here/shell.dict" "$out/"
cp "$here"/corpus/shell/* "$here"/corpus/shell-found/* "$out/work/"
as_user=
if [ "$(id -u)" -eq 0 ]; then
  chown -R nobody "$out"
  as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
cd "$out/scratch"
echo "fuzz_shell: $seconds s, output in $out" >&2
# A fork-mode run stopped early with "MERGE: failed to parse the control file" when a script
# wrote into libFuzzer's merge control file (`echo x >&3`); shell_fuzzer.cpp now keeps libFuzzer's
# files out of reach, and should such a stop happen again (it writes no artifact) the run is
# resumed from the working corpus until the time is used up. Any other end (a crash, a leak,
# the time) ends the run.
deadline=$(( $(date +%s) + seconds ))
: >"$out/fuzz.log"
status=0
while :; do
  left=$(( deadline - $(date +%s) ))
  [ "$left" -gt 10 ] || break
  status=0
  $as_user "$out/fuzz_shell" -dict="$out/shell.dict" -fork=1 -ignore_timeouts=1 -timeout=5 \
    -close_fd_mask=1 -max_total_time="$left" -artifact_prefix="$out/" "$out/work" \
    >"$out/fuzz.last.log" 2>&1 || status=$?
  cat "$out/fuzz.last.log" >>"$out/fuzz.log"
  tail -n 1 "$out/fuzz.last.log" | grep -q '^MERGE: failed to parse the control file' || break
  echo "fuzz_shell: libFuzzer's fork-mode merge failed; resuming ($left s were left)" >&2
done
tail -n 5 "$out/fuzz.log" >&2
ls "$out" | grep -E '^(crash|leak|oom|slow-unit|timeout)-' >&2 || true
exit "$status"
