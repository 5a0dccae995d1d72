"""The shell's options, as `spawnsh --help` lists them, against the manual page and the three
completion files, so that none of them drifts from the program.

usage: check_option_drift.py SPAWNSH MANPAGE COMPLETIONS_DIR
Exit status 0 when every file names exactly the options of --help; otherwise one line per
difference, naming the option and the file, and status 1.

What counts as an option: `--name` (long) and `-x` (one letter). `+x` is the same option as
`-x` turned off (fish cannot complete a `+` word at all). Only the shell's own command line is
compared: `spawnsh compare` has options of its own, which are left out of every file (its
completions are the ones under the `compare` subcommand).
"""
import re
import subprocess
import sys

LONG = re.compile(r"(?<![\w-])--([a-z][a-z0-9-]*)")
SHORT = re.compile(r"(?<![\w-])[-+]([A-Za-z])(?![\w-])")


def options_in(text):
    """The options named in a piece of text: {"--spawn", "-c", ...}."""
    return {"--" + name for name in LONG.findall(text)} | {"-" + c for c in SHORT.findall(text)}


def from_help(binary):
    """Everything --help prints but its first line (the program's one-line description)."""
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    return options_in(out.split("\n", 1)[1])


def from_manpage(path):
    """The tags of the OPTIONS section (the line after each .TP), not their descriptions: a
    description mentions combinations such as -ec that are not options of their own."""
    text = open(path, encoding="utf-8").read()
    section = re.search(r"^\.SH OPTIONS\n(.*?)^\.SH ", text, re.S | re.M)
    if not section:
        raise SystemExit(f"{path}: no OPTIONS section")
    lines = section.group(1).split("\n")
    tags = [lines[i + 1] for i, line in enumerate(lines[:-1]) if line.startswith(".TP")]
    options = set()
    for tag in tags:
        tag = re.sub(r"^\.[A-Z]+ ?", "", tag)             # .B .BI .BR ... macro names
        tag = re.sub(r"\\f[BIRP]|\\f\(..|\\&", "", tag)     # font changes, zero-width marks
        tag = tag.replace("\\-", "-").replace('"', "")
        options |= options_in(tag)
    return options


def from_bash(path):
    """The list in _spawnsh_shell_options."""
    text = open(path, encoding="utf-8").read()
    found = re.search(r'_spawnsh_shell_options\(\) \{\s*echo "([^"]*)"', text)
    if not found:
        raise SystemExit(f"{path}: no _spawnsh_shell_options function")
    return options_in(found.group(1).replace("=", " "))


def from_zsh(path):
    """The specs of the last _arguments call (the shell's; the ones before are for compare and
    --install's own arguments): '-c[...]', '*-o[...]', '--spawn=[...]', '(- *)--help[...]',
    '(-h --help)'{-h,--help}'[...]'."""
    text = open(path, encoding="utf-8").read()
    last = text.rsplit("_arguments", 1)[1]
    options = set()
    for spec in re.findall(r"'(?:\([^)]*\))?\*?([-+][^'\[=:]*)", last):
        options |= options_in(spec)
    for group in re.findall(r"\{([^}]*)\}'\[", last):
        options |= options_in(group.replace(",", " "))
    return options


def from_fish(path):
    """`complete -c spawnsh` lines, but those only for the compare subcommand: -s X, -l NAME.
    One line per option: an option made in a loop is not seen here (and so reported missing)."""
    options = set()
    for line in open(path, encoding="utf-8"):
        if not line.startswith("complete -c spawnsh") or "__spawnsh_in_compare" in line:
            continue
        options |= {"-" + c for c in re.findall(r" -s ([A-Za-z])\b", line)}
        options |= {"--" + name for name in re.findall(r" -l ([a-z][a-z0-9-]*)", line)}
    return options


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary, manpage, completions = sys.argv[1:]
    reference = from_help(binary)
    if not reference:
        print(f"FAIL: no option found in {binary} --help", file=sys.stderr)
        return 1
    files = {
        manpage: from_manpage(manpage),
        f"{completions}/spawnsh.bash": from_bash(f"{completions}/spawnsh.bash"),
        f"{completions}/_spawnsh": from_zsh(f"{completions}/_spawnsh"),
        f"{completions}/spawnsh.fish": from_fish(f"{completions}/spawnsh.fish"),
    }
    failures = 0
    for path, options in files.items():
        for option in sorted(reference - options):
            print(f"FAIL: {option} is in spawnsh --help but not in {path}")
            failures += 1
        for option in sorted(options - reference):
            print(f"FAIL: {option} is in {path} but not in spawnsh --help")
            failures += 1
    if failures:
        return 1
    print(f"ok: the {len(reference)} options of --help, and no other, in the manual page and "
          f"the bash, zsh and fish completions: {' '.join(sorted(reference))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
