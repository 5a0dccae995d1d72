# fish completion for spawnsh
# One `complete` line per option, no loop: tests/packaging/check_option_drift.py reads them.
complete -c spawnsh -s c -d 'Read commands from the first operand'
complete -c spawnsh -s s -d 'Read commands from standard input'
complete -c spawnsh -s i -d 'Interactive shell'
complete -c spawnsh -s l -d 'Login shell: read /etc/profile and ~/.profile'
complete -c spawnsh -s a -d 'set -o allexport'
complete -c spawnsh -s b -d 'set -o notify'
complete -c spawnsh -s C -d 'set -o noclobber'
complete -c spawnsh -s e -d 'set -o errexit'
complete -c spawnsh -s f -d 'set -o noglob'
complete -c spawnsh -s h -d 'set -o hashall'
complete -c spawnsh -s m -d 'set -o monitor'
complete -c spawnsh -s n -d 'set -o noexec'
complete -c spawnsh -s p -d 'set -o privileged'
complete -c spawnsh -s u -d 'set -o nounset'
complete -c spawnsh -s v -d 'set -o verbose'
complete -c spawnsh -s x -d 'set -o xtrace'
complete -c spawnsh -s o -x -a 'allexport notify noclobber errexit noglob hashall monitor noexec nounset verbose xtrace privileged ignoreeof nolog pipefail vi emacs' -d 'Set an option by name'
complete -c spawnsh -l spawn -x -a 'fork vfork clone posix_spawn emulated auto' -d 'Process-spawn backend'
complete -c spawnsh -l emulated-channel -x -a 'serialize image' -d 'How the emulated backend hands a child the state'
complete -c spawnsh -l no-fork -d 'Never fork: shell code runs in emulated children'
complete -c spawnsh -l no-fork-seccomp -d '--no-fork, proven by a seccomp filter'
complete -c spawnsh -l log-level -x -a 'off error warn info debug trace' -d 'Diagnostics on stderr'
complete -c spawnsh -l dump-ast -d 'Print the syntax tree instead of running'
complete -c spawnsh -l list -d 'Print the applets'
# --install [-s] [-f] DIRECTORY (-s and -f are offered as the shell's own letters above)
complete -c spawnsh -l install -x -a '(__fish_complete_directories (commandline -ct))' -d 'Link every applet into a directory'
complete -c spawnsh -l version -d 'Print the version'
complete -c spawnsh -l help -d 'Print a summary of the options'
# `spawnsh APPLET [args...]` runs an applet (all but `[`, which nobody types there).
complete -c spawnsh -n __fish_is_first_arg -a 'sh spawnsh echo false kill printf pwd test true' -d 'Applet'

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
complete -c spawnsh -n __spawnsh_in_compare -s h -l help -d 'Print the options of compare'
