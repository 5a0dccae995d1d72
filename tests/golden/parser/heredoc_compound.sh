if true; then
  cat <<EOF
in if
EOF
fi
while read x; do echo $x; done <<EOF
a
b
EOF
echo $(cat <<EOF
in substitution
EOF
)
f() { cat <<EOF; }
in function
EOF
cat <<EOF | tr a b; echo after
piped
EOF
