cat <<EOF
plain $x ${y} $(echo z) `echo w` \$not \\ \"kept
EOF
cat <<'EOF'
quoted $x \$y
EOF
cat <<"E F"
spaced delimiter
E F
cat <<\EOF
backslash quoted $x
EOF
cat <<-EOF
	tab stripped $x
		two tabs
	EOF
cat <<A <<B
first
A
second
B
cat <<EOF
EOF
cat <<EOF
continued \
EOF
EOF
