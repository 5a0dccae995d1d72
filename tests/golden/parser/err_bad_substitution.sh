echo ${x/a/b}
