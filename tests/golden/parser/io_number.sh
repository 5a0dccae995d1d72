echo 2>x
echo a2>x
echo 2 >x
echo x2>&1
