f() { echo f; }
g() ( echo g )
h()
{
  echo h
}
k() { :; } >out 2>&1
name_with_9() if a; then b; fi
