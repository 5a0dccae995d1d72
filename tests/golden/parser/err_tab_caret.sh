	echo "café" ) x
