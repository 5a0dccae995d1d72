#!/bin/sh
# Only spawn/ may create or reap processes: fail if any other source folder calls fork, vfork,
# clone, execve (or the exec family), posix_spawn, wait4 or waitpid, includes <sys/wait.h>, or
# reads /proc/self/exe (finding the shell's own executable is spawn/self.h's job).
top=${1:?usage: check_process_calls.sh SOURCE_DIR}
found=$(grep -rnE '(^|[^[:alnum:]_.>])(fork|vfork|clone|clone3|execve|execv|execvp|execl|execlp|posix_spawnp?|wait4|waitpid|wait3|system|popen)[[:space:]]*\(' \
          "$top/shell" "$top/builtins" "$top/app" "$top/compare" 2>/dev/null |
        grep -vE '^[^:]+:[0-9]+:[[:space:]]*(//|\*|/\*)')
headers=$(grep -rnE '#[[:space:]]*include[[:space:]]*<sys/wait\.h>|/proc/self/exe' \
            "$top/shell" "$top/builtins" "$top/app" 2>/dev/null)
if [ -n "$found" ] || [ -n "$headers" ]; then
  echo "process creation or reaping outside spawn/:"
  [ -n "$found" ] && echo "$found"
  [ -n "$headers" ] && echo "$headers"
  exit 1
fi
echo "only spawn/ creates or reaps processes"
