# Programs in a pipeline, a builtin feeding a program, a program feeding a loop.
echo hello world | tr a-z A-Z | cat
printf '%s\n' one two three | while read -r line; do echo "got $line"; done
