echo $'a\nb\tc\\d\'e'
echo $'\x41\101\u00e9\cA\e'
echo "$'not special'"
echo $'unknown \q'
