#!/bin/sh
# Writes a syntactically valid POSIX shell script of about SIZE_MB megabytes (default 10) to
# stdout, for the parse benchmark (bench/parse.sh).  The script is never run: it mixes every
# construct the parser knows (functions, if/elif, loops, case, here-documents, substitutions,
# quoting, parameter expansions, pipelines, redirections) so the timing is not dominated by
# one easy path.
set -eu
size_mb=${1:-10}
awk -v target="$((size_mb * 1024 * 1024))" '
BEGIN {
    template = \
"# block @N@: a function with most of the grammar in it\n" \
"func_@N@() {\n" \
"    local_@N@=\"value @N@ with $HOME and ${PATH:-/bin}\"\n" \
"    if [ \"$1\" = \"start\" ] && [ -n \"${2-}\" ]; then\n" \
"        echo \"starting @N@\" >&2\n" \
"    elif test \"$1\" -gt 10 || ! test -z \"$3\"; then\n" \
"        printf \"%s\\n\" \"$(date +%s)\" | tee -a /tmp/log_@N@ >/dev/null 2>&1\n" \
"    else\n" \
"        : \"${local_@N@#value }\" \"${local_@N@%%with*}\" ${#local_@N@}\n" \
"    fi\n" \
"    for item in a b \"c d\" '\''e f'\'' $(ls /tmp) `echo g`; do\n" \
"        case $item in\n" \
"            a|b) count=$((count + 1)) ;;\n" \
"            \"c d\") echo quoted\\ space ;;\n" \
"            *.txt|[0-9]*) continue ;;\n" \
"            *) break ;;\n" \
"        esac\n" \
"    done\n" \
"    while read -r line; do\n" \
"        total=$(( total + ${#line} * 2 ))\n" \
"    done <<EOF\n" \
"first line of block @N@ with $total\n" \
"second line \\$not \\`expanded\\`\n" \
"EOF\n" \
"    cat <<'\''RAW'\'' | sed -e s/a/b/ > /dev/null\n" \
"raw $text in block @N@\n" \
"RAW\n" \
"    ( cd /tmp && ls -l ) | wc -l; { echo grouped; echo twice; } 2>/dev/null &\n" \
"    until [ $count -ge 3 ]; do count=$((count+1)); done\n" \
"    x=$(echo \"$(echo nested $((1+2)))\") y=${x:+set} z=~/dir:~user/bin\n" \
"    return 0\n" \
"}\n"
    written = 0
    for (n = 1; written < target; n++) {
        block = template
        gsub(/@N@/, n, block)
        printf "%s", block
        written += length(block)
    }
}'
