echo hello world
a=1
a=1 b=2 cmd arg
cmd a=1
"a"=1 cmd
a\=1 cmd
_x9=value
9x=1
>out echo a 2>err b
