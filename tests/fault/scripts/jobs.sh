# A subshell, a background job waited for, a function in a pipeline.
(echo in subshell; exit 3) || echo "subshell $?"
sleep 0.01 & wait $!; echo "background $?"
f() { for i in "$@"; do echo "f $i"; done; }
f 1 2 | cat
