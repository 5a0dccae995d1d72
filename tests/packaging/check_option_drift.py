"""The options of `spawnsh --help` and of `spawnsh compare --help` against the manual page and
the three completion files, so that none of them drifts from the program.

usage: check_option_drift.py SPAWNSH MANPAGE COMPLETIONS_DIR
Exit status 0 when every file names exactly the options of each --help; otherwise one line per
difference, naming the option, the command line and the file, and status 1.

What counts as an option: `--name` (long) and `-x` (one letter). `+x` is the same option as
`-x` turned off (fish cannot complete a `+` word at all). The shell's options and compare's are
two lists: in the manual page the OPTIONS and COMPARISON MODE sections, in each completion file
the part for the shell and the part under the `compare` subcommand.
"""
import re
import subprocess
import sys

LONG = re.compile(r"(?<![\w-])--([a-z][a-z0-9-]*)")
SHORT = re.compile(r"(?<![\w-])[-+]([A-Za-z])(?![\w-])")


def options_in(text):
    """The options named in a piece of text: {"--spawn", "-c", ...}."""
    return {"--" + name for name in LONG.findall(text)} | {"-" + c for c in SHORT.findall(text)}


def from_help(command):
    """Everything `command --help` prints but its first line (a description or the usage)."""
    out = subprocess.run(command + ["--help"], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    return options_in(out.split("\n", 1)[1])


def from_manpage(path, section_name):
    """The tags of a section (the line after each .TP), not their descriptions: a description
    mentions combinations such as -ec that are not options of their own."""
    text = open(path, encoding="utf-8").read()
    section = re.search(rf"^\.SH {section_name}\n(.*?)^\.SH ", text, re.S | re.M)
    if not section:
        raise SystemExit(f"{path}: no {section_name} section")
    lines = section.group(1).split("\n")
    tags = [lines[i + 1] for i, line in enumerate(lines[:-1]) if line.startswith(".TP")]
    options = set()
    for tag in tags:
        tag = re.sub(r"^\.[A-Z]+ ?", "", tag)             # .B .BI .BR ... macro names
        tag = re.sub(r"\\f[BIRP]|\\f\(..|\\&", "", tag)     # font changes, zero-width marks
        tag = tag.replace("\\-", "-").replace('"', "")
        options |= options_in(tag)
    return options


def from_bash(path, function):
    """The list the function echoes (_spawnsh_shell_options, _spawnsh_compare_options)."""
    text = open(path, encoding="utf-8").read()
    found = re.search(function + r'\(\) \{\s*echo "([^"]*)"', text)
    if not found:
        raise SystemExit(f"{path}: no {function} function")
    return options_in(found.group(1).replace("=", " "))


def from_zsh(path, compare):
    """The specs of an _arguments call: for the shell the last one (those before are for compare
    and --install's own arguments), for compare the one inside `if [[ $words[2] == compare ]]`.
    Specs: '-c[...]', '*-o[...]', '--spawn=[...]', '(- *)--help[...]',
    '(-h --help)'{-h,--help}'[...]'."""
    text = open(path, encoding="utf-8").read()
    if compare:
        found = re.search(r"^if \[\[ \$words\[2\] == compare \]\]; then\n(.*?)^fi$", text,
                          re.S | re.M)
        if not found:
            raise SystemExit(f"{path}: no `if [[ $words[2] == compare ]]` block")
        part = found.group(1).split("_arguments", 1)[1]
    else:
        part = text.rsplit("_arguments", 1)[1]
    options = set()
    for spec in re.findall(r"'(?:\([^)]*\))?\*?([-+][^'\[=:]*)", part):
        options |= options_in(spec)
    for group in re.findall(r"\{([^}]*)\}'\[", part):
        options |= options_in(group.replace(",", " "))
    return options


def from_fish(path, compare):
    """`complete -c spawnsh` lines: for compare those with `-n __spawnsh_in_compare`, for the
    shell the others. -s X, -l NAME. One line per option: an option made in a loop is not seen
    here (and so reported missing)."""
    options = set()
    for line in open(path, encoding="utf-8"):
        if not line.startswith("complete -c spawnsh"):
            continue
        if ("__spawnsh_in_compare" in line) != compare:
            continue
        options |= {"-" + c for c in re.findall(r" -s ([A-Za-z])\b", line)}
        options |= {"--" + name for name in re.findall(r" -l ([a-z][a-z0-9-]*)", line)}
    return options


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary, manpage, completions = sys.argv[1:]
    bash, zsh, fish = (f"{completions}/{name}" for name in ("spawnsh.bash", "_spawnsh",
                                                             "spawnsh.fish"))
    failures = 0
    for compare in (False, True):
        command = [binary, "compare"] if compare else [binary]
        shown = "spawnsh compare --help" if compare else "spawnsh --help"
        reference = from_help(command)
        if not reference:
            print(f"FAIL: no option found in {shown}")
            failures += 1
            continue
        files = {
            manpage: from_manpage(manpage, "COMPARISON MODE" if compare else "OPTIONS"),
            bash: from_bash(bash, "_spawnsh_compare_options" if compare
                            else "_spawnsh_shell_options"),
            zsh: from_zsh(zsh, compare),
            fish: from_fish(fish, compare),
        }
        drifted = 0
        for path, options in files.items():
            for option in sorted(reference - options):
                print(f"FAIL: {option} is in {shown} but not in {path}")
                drifted += 1
            for option in sorted(options - reference):
                print(f"FAIL: {option} is in {path} but not in {shown}")
                drifted += 1
        if not drifted:
            print(f"ok: the {len(reference)} options of {shown}, and no other, in the manual "
                  f"page and the bash, zsh and fish completions: {' '.join(sorted(reference))}")
        failures += drifted
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
