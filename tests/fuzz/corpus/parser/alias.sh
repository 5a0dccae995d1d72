ml
EOF
E
