echo ok
echo "never closed
