#!/bin/sh
# The embedded build's promises, checked on its binary (CTest embedded_build_contents):
#   - no spdlog or fmt code linked (SPAWNSH_LOGGING=OFF) and no iostream (no std::basic_ostream,
#     no std::ios_base::Init: the standard streams' start-up initialisation);
#   - --log-level=LEVEL other than off is refused with a message and status 2; off is accepted.
# Usage: check_embedded.sh PATH/TO/spawnsh (its unstripped twin PATH.unstripped is read by nm).
set -u
shell=$1
symbols=$shell.unstripped
failed=0
fail() { echo "check_embedded: $*" >&2; failed=1; }

[ -f "$symbols" ] || { echo "check_embedded: no $symbols (not the embedded build?)" >&2; exit 1; }
list=$(mktemp) || exit 1
trap 'rm -f "$list"' EXIT
nm -C "$symbols" > "$list" || { echo "check_embedded: nm failed on $symbols" >&2; exit 1; }
[ -s "$list" ] || fail "nm found no symbols in $symbols"
# The main function must be found: proves the list is the program's, so that an absence means.
grep -q ' [Tt] main$' "$list" || fail "no main in the symbol list of $symbols"
for pattern in 'spdlog::' 'fmt::' 'std::basic_ostream' 'std::basic_istream' 'std::ios_base::Init' \
               'std::basic_filebuf' 'std::basic_stringbuf'; do
  found=$(grep -F -c -- "$pattern" "$list")
  [ "$found" -eq 0 ] || { fail "$found symbols of $pattern in $symbols:"; grep -F -m 5 -- "$pattern" "$list" >&2; }
done

# --log-level: the build cannot log, and says so.
message=$("$shell" --log-level=debug -c 'echo ran' 2>&1)
status=$?
[ "$status" -eq 2 ] || fail "--log-level=debug: status $status, expected 2"
case $message in
  *"built without logging"*) ;;
  *) fail "--log-level=debug: message '$message' does not say the build has no logging" ;;
esac
output=$("$shell" --log-level=off -c 'echo ran' 2>&1)
[ "$output" = ran ] || fail "--log-level=off: '$output', expected 'ran'"

[ "$failed" -eq 0 ] && echo "check_embedded: no spdlog, fmt or iostream in $symbols; --log-level refused"
exit "$failed"
