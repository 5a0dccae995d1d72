#!/bin/sh
# Dependencies point down. Fails when
#  - a builtin includes a shell/exec/ header that is not part of exec's public interface
#    (builtins reach execution through shell/exec/commands.h, not its internals);
#  - the shell's state (traps, variables, options) includes shell/exec/ or the command loop
#    (shell/run.h): the loop runs trap actions, the state only records them;
#  - a builtin, or the history (shell/interactive/history.*), includes readline: fc and history
#    work on shell.history; only shell/interactive/readline_source.cpp talks to readline.
# The lists are explicit on purpose: a new public header is added here by name.
top=${1:?usage: check_layers.sh SOURCE_DIR}
status=0

# The shell/exec/ headers builtins may include.
allowed_for_builtins='
shell/exec/commands.h
'

for file in "$top"/builtins/*.cpp "$top"/builtins/*.h; do
  [ -f "$file" ] || continue
  relative=${file#"$top"/}
  for header in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\(shell\/exec\/[^"]*\)".*/\1/p' "$file"); do
    case "$allowed_for_builtins" in *"
$header
"*) continue ;; esac
    echo "$relative includes $header, which is internal to shell/exec (use shell/exec/commands.h)"
    status=1
  done
done

for file in "$top"/shell/traps.h "$top"/shell/traps.cpp "$top"/shell/vars.h "$top"/shell/vars.cpp \
            "$top"/shell/options.h "$top"/shell/options.cpp; do
  [ -f "$file" ] || continue
  relative=${file#"$top"/}
  found=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"shell/(exec/|run\.h)' "$file")
  if [ -n "$found" ]; then
    echo "$relative is shell state and must not include execution or the command loop:"
    echo "$found"
    status=1
  fi
done

for file in "$top"/builtins/*.cpp "$top"/builtins/*.h "$top"/shell/interactive/history.h \
            "$top"/shell/interactive/history.cpp "$top"/shell/interactive/session_history.cpp; do
  [ -f "$file" ] || continue
  found=$(grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](readline|editline)/' "$file")
  if [ -n "$found" ]; then
    echo "${file#"$top"/} must not include the line editor (use shell.history):"
    echo "$found"
    status=1
  fi
done

[ "$status" -eq 0 ] && echo "dependencies point down: builtins use shell/exec's public headers, state includes no exec, history needs no readline"
exit "$status"
