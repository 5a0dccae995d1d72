# Files opened by the shell for builtins and for programs, fds moved and restored.
echo first >f1
echo second >>f1
while read -r l; do echo "read $l"; done <f1
exec 3>f2
echo three >&3
exec 3>&-
cat f2 f1 2>&1
{ echo group; echo err >&2; } 2>&1 >f1 | cat
cat f1
