# bash completion for spawnsh
_spawnsh() {
  local cur prev
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  case $cur in
    --spawn=*) COMPREPLY=($(compgen -W "fork vfork clone posix_spawn emulated auto" -- "${cur#--spawn=}")); return ;;
    --log-level=*) COMPREPLY=($(compgen -W "off error warn info debug trace" -- "${cur#--log-level=}")); return ;;
  esac
  case $prev in
    -o|+o) COMPREPLY=($(compgen -W "allexport notify noclobber errexit noglob hashall monitor noexec nounset verbose xtrace privileged ignoreeof nolog pipefail vi emacs" -- "$cur")); return ;;
    --spawn) COMPREPLY=($(compgen -W "fork vfork clone posix_spawn emulated auto" -- "$cur")); return ;;
    --log-level) COMPREPLY=($(compgen -W "off error warn info debug trace" -- "$cur")); return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "-c -s -i -l -a -b -C -e -f -h -m -n -p -u -v -x -o --spawn= --log-level= --version --help" -- "$cur"))
    [[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace
    return
  fi
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -F _spawnsh spawnsh
