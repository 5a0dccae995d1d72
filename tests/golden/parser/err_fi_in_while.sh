while true; do
  echo x
fi
