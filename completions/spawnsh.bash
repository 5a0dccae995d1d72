# bash completion for spawnsh (and `spawnsh compare`)
#
# bash splits the line at the characters of COMP_WORDBREAKS, which holds '=' by default: for
# `spawnsh --spawn=fo<TAB>` the words are `--spawn`, `=`, `fo`. Both layouts are handled (with
# '=' removed from COMP_WORDBREAKS the word is `--spawn=fo` and the reply must keep the prefix).

# The shell's own options, as `spawnsh --help` lists them (tests/packaging/check_option_drift.py
# compares the two).
_spawnsh_shell_options() {
  echo "-c -s -i -l -a -b -C -e -f -h -m -n -p -u -v -x -o --spawn= --emulated-channel= --no-fork --no-fork-seccomp --log-level= --dump-ast --list --install --version --help"
}

# The options of `spawnsh compare`, as `spawnsh compare --help` lists them (compared as above).
_spawnsh_compare_options() {
  echo "--backends= -r --runs= -m --min-runs= -M --max-runs= --min-time= -w --warmup= -p --prepare= -i --ignore-failure --no-output-check --seed= --ballast= --export-json= --export-csv= --export-markdown= --plot= -h --help"
}

# The applets, which `spawnsh APPLET [args...]` runs (but `[`: nobody types `spawnsh [`).
_spawnsh_applets() {
  echo "sh spawnsh echo false kill printf pwd test true"
}

_spawnsh_values() { # the values of an option taking one, or nothing
  case $1 in
    --spawn) echo "fork vfork clone posix_spawn emulated auto" ;;
    --emulated-channel) echo "serialize image" ;;
    --log-level) echo "off error warn info debug trace" ;;
    -o|+o) echo "allexport notify noclobber errexit noglob hashall monitor noexec nounset verbose xtrace privileged ignoreeof nolog pipefail vi emacs" ;;
    --backends) echo "fork vfork clone posix_spawn emulated emulated-serialize emulated-image" ;;
    --ballast) echo "0 64M 256M 1G 4G" ;;
  esac
}

# Replies for the value `value` of `option`; `prefix` is put back in front of each reply.
_spawnsh_complete_value() { # option value prefix
  local option=$1 value=$2 prefix=$3 list=$1
  case $option in
    --export-json|--export-csv|--export-markdown|--plot)
      COMPREPLY=($(compgen -f -- "$value"))
      [[ -n $prefix ]] && COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
      return 0 ;;
    -r|--runs|-m|--min-runs|-M|--max-runs|-w|--warmup|--min-time|--seed|-p|--prepare)
      COMPREPLY=(); return 0 ;;
  esac
  list=$(_spawnsh_values "$option")
  [[ -z $list ]] && return 1
  # --backends and --ballast take comma-separated lists: complete the last element.
  local head=""
  if [[ $option == --backends || $option == --ballast ]] && [[ $value == *,* ]]; then
    head=${value%,*},
    value=${value##*,}
  fi
  COMPREPLY=($(compgen -W "$list" -P "$prefix$head" -- "$value"))
  return 0
}

_spawnsh() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local compare=0 i
  [[ ${COMP_WORDS[1]} == compare && $COMP_CWORD -gt 1 ]] && compare=1
  # spawnsh --install [-s] [-f] DIRECTORY
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} == --install ]]; then
      if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W "-s -f" -- "$cur")); else COMPREPLY=($(compgen -d -- "$cur")); fi
      return
    fi
  done
  if ((compare)); then
    for ((i = 2; i < COMP_CWORD; i++)); do
      if [[ ${COMP_WORDS[i]} == -- ]]; then # the command: programs, then files
        if ((COMP_CWORD == i + 1)); then COMPREPLY=($(compgen -c -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
        return
      fi
    done
  fi
  # --option=value, as bash splits it (`--option` `=` `value`) or whole (`--option=value`).
  if [[ $cur == = ]]; then
    _spawnsh_complete_value "$prev" "" "" && return
  elif [[ $prev == = && $COMP_CWORD -ge 2 ]]; then
    _spawnsh_complete_value "${COMP_WORDS[COMP_CWORD-2]}" "$cur" "" && return
  elif [[ $cur == --*=* ]]; then
    _spawnsh_complete_value "${cur%%=*}" "${cur#*=}" "${cur%%=*}=" && return
  fi
  _spawnsh_complete_value "$prev" "$cur" "" && return
  if ((compare)); then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "$(_spawnsh_compare_options) --" -- "$cur"))
      [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace
    else
      COMPREPLY=($(compgen -c -- "$cur"))
    fi
    return
  fi
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_spawnsh_shell_options)" -- "$cur"))
    [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace
    return
  fi
  if ((COMP_CWORD == 1)); then
    COMPREPLY=($(compgen -W "compare $(_spawnsh_applets)" -- "$cur") $(compgen -f -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _spawnsh spawnsh
