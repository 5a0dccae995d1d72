echo ${x/a/b} ${} ${ x} ${x:} ${!x} ${#x:-a}
echo "${x/"}"/b}" after
