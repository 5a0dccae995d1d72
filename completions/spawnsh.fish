# fish completion for spawnsh
complete -c spawnsh -s c -d 'Read commands from the first operand'
complete -c spawnsh -s s -d 'Read commands from standard input'
complete -c spawnsh -s i -d 'Interactive shell'
complete -c spawnsh -s l -d 'Login shell: read /etc/profile and ~/.profile'
for pair in a:allexport b:notify C:noclobber e:errexit f:noglob h:hashall m:monitor n:noexec p:privileged u:nounset v:verbose x:xtrace
    set -l parts (string split : $pair)
    complete -c spawnsh -s $parts[1] -d "set -o $parts[2]"
end
complete -c spawnsh -s o -x -a 'allexport notify noclobber errexit noglob hashall monitor noexec nounset verbose xtrace privileged ignoreeof nolog pipefail vi emacs' -d 'Set an option by name'
complete -c spawnsh -l spawn -x -a 'fork vfork clone posix_spawn emulated auto' -d 'Process-spawn backend'
complete -c spawnsh -l log-level -x -a 'off error warn info debug trace' -d 'Diagnostics on stderr'
complete -c spawnsh -l version -d 'Print the version'
complete -c spawnsh -l help -d 'Print a summary of the options'
