echo \a \$ \\ \' \"
echo 'single $x "d" \n'
echo "double $x \$ \` \" \\ \a 'q'"
echo "multi
line"
echo a"b"'c'\d
echo ''
echo ""
echo "line\
continued"
