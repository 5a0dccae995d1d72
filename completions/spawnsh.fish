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

# spawnsh compare [options] -- COMMAND
function __spawnsh_no_subcommand
    not __fish_seen_subcommand_from compare
end
function __spawnsh_in_compare
    __fish_seen_subcommand_from compare
end
complete -c spawnsh -n __spawnsh_no_subcommand -a compare -d 'Compare the spawn backends on a command'
complete -c spawnsh -n __spawnsh_in_compare -l backends -x -a '(__fish_complete_list , "echo fork\nvfork\nclone\nposix_spawn\nemulated\nemulated-serialize\nemulated-image")' -d 'Backends to compare (emulated: both channels)'
complete -c spawnsh -n __spawnsh_in_compare -s r -l runs -x -d 'Exactly N runs per backend'
complete -c spawnsh -n __spawnsh_in_compare -s m -l min-runs -x -d 'At least N runs per backend'
complete -c spawnsh -n __spawnsh_in_compare -s M -l max-runs -x -d 'At most N runs per backend'
complete -c spawnsh -n __spawnsh_in_compare -l min-time -x -d 'Seconds per backend at least'
complete -c spawnsh -n __spawnsh_in_compare -s w -l warmup -x -d 'Untimed rounds first'
complete -c spawnsh -n __spawnsh_in_compare -s p -l prepare -x -d 'Shell code run before each run'
complete -c spawnsh -n __spawnsh_in_compare -s i -l ignore-failure -d 'Keep going when the command fails'
complete -c spawnsh -n __spawnsh_in_compare -l no-output-check -d 'Do not require the same output'
complete -c spawnsh -n __spawnsh_in_compare -l seed -x -d 'Seed of the per-round shuffle'
complete -c spawnsh -n __spawnsh_in_compare -l ballast -x -a '(__fish_complete_list , "echo 0\n64M\n256M\n1G\n4G")' -d 'Parent sizes to scan'
complete -c spawnsh -n __spawnsh_in_compare -l export-json -r -F -d 'Write the results as JSON'
complete -c spawnsh -n __spawnsh_in_compare -l export-csv -r -F -d 'Write the results as CSV'
complete -c spawnsh -n __spawnsh_in_compare -l export-markdown -r -F -d 'Write the results as Markdown'
complete -c spawnsh -n __spawnsh_in_compare -l plot -r -F -d 'Write an SVG plot'
