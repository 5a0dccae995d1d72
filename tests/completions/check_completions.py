"""The zsh and fish completions we ship, asked by a real zsh (on a pty) and a real fish.

usage: check_completions.py COMPLETIONS_DIR {zsh|fish}
Exit status 0 when every check passed; each failure is printed with what the shell showed.
(The bash completion has its own test: tests/unit/test_completion.cpp.)
"""
import re
import subprocess
import sys

import pexpect

TIMEOUT = 60  # a safety net against a hung shell, not a speed limit (generous: a loaded CI)
failures = []


def check(name, ok, shown):
    print(f"{'ok  ' if ok else 'FAIL'} {name}")
    if not ok:
        failures.append(name)
        print(f"     the shell showed: {shown!r}")


def fish_checks(directory):
    def offered(line):
        script = f"source {directory}/spawnsh.fish; complete -C {line!r}"
        out = subprocess.run(["fish", "--no-config", "-c", script], capture_output=True,
                             text=True, timeout=TIMEOUT).stdout
        return [entry.split("\t")[0] for entry in out.splitlines()]

    backends = offered("spawnsh --spawn=")
    check("fish: --spawn= offers every backend",
          all(f"--spawn={b}" in backends
              for b in ("fork", "vfork", "clone", "posix_spawn", "emulated", "auto")), backends)
    options = offered("spawnsh compare --ba")
    check("fish: compare's long options", {"--backends", "--ballast"} <= set(options), options)
    listed = offered("spawnsh compare --backends=fork,")
    check("fish: --backends completes a comma list",
          {"--backends=fork,vfork", "--backends=fork,emulated"} <= set(listed), listed)
    check("fish: --backends offers each emulated channel",
          {"--backends=fork,emulated-serialize", "--backends=fork,emulated-image"} <= set(listed),
          listed)
    names = offered("spawnsh -o ")
    check("fish: -o offers option names", "errexit" in names and "pipefail" in names, names)
    words = offered("spawnsh ")
    check("fish: the compare subcommand", "compare" in words, words)
    check("fish: the applets as first word", {"echo", "printf", "test"} <= set(words), words)
    longs = offered("spawnsh --")
    check("fish: the long options of --help",
          {"--dump-ast", "--list", "--install", "--no-fork", "--no-fork-seccomp",
           "--emulated-channel"} <= set(longs), longs)
    channels = offered("spawnsh --emulated-channel=")
    check("fish: --emulated-channel= offers both channels",
          {"--emulated-channel=serialize", "--emulated-channel=image"} <= set(channels), channels)
    dirs = offered("spawnsh --install /proc/sel")
    check("fish: --install takes a directory", dirs == ["/proc/self/"], dirs)
    files = offered("spawnsh --install /etc/passw")
    check("fish: --install offers no plain file", files == [], files)


def zsh_checks(directory):
    zsh = pexpect.spawn("zsh", ["-f", "-i"], encoding="utf-8", timeout=TIMEOUT,
                        dimensions=(24, 200),
                        env={"PATH": "/usr/bin:/bin", "TERM": "dumb", "HOME": "/nonexistent",
                             "PS1": "ZSH> "})
    zsh.expect("ZSH> ")
    # A function named spawnsh: completion needs a command, not the program itself.
    zsh.send(f"fpath=({directory} $fpath); autoload -U compinit; compinit -u -D; "
             "spawnsh() { :; }\r")
    zsh.expect("ZSH> ")

    def screen_after(typed, wanted):
        """Types `typed`, returns whether `wanted` (a regex) showed, then clears the line."""
        zsh.send(typed)
        try:
            zsh.expect(wanted, timeout=TIMEOUT)
            ok, shown = True, ""
        except pexpect.TIMEOUT:
            ok, shown = False, zsh.before
        zsh.send("\x03")  # Ctrl-C: a fresh line for the next check
        zsh.expect("ZSH> ")
        return ok, shown

    ok, shown = screen_after("spawnsh --spawn=\t\t", r"emulated.*fork.*posix_spawn")
    check("zsh: --spawn= lists every backend", ok, shown)
    ok, shown = screen_after("spawnsh compare --bac\t", r"--backends=")
    check("zsh: compare's --backends", ok, shown)
    ok, shown = screen_after("spawnsh compare --backends=fork,vf\t", r"fork,vfork")
    check("zsh: --backends completes a comma list", ok, shown)
    ok, shown = screen_after("spawnsh compare --backends=fork,em\t", r"fork,emulated")
    check("zsh: --backends offers emulated", ok, shown)
    ok, shown = screen_after("spawnsh compare --backends=fork,emulated-i\t", r"fork,emulated-image")
    check("zsh: --backends offers an emulated channel", ok, shown)
    ok, shown = screen_after("spawnsh -o errex\t", r"errexit")
    check("zsh: -o completes an option name", ok, shown)
    ok, shown = screen_after("spawnsh --emulated-channel=\t\t", r"image +serialize")
    check("zsh: --emulated-channel= lists both channels", ok, shown)
    ok, shown = screen_after("spawnsh --dump\t", r"--dump-ast")
    check("zsh: --dump-ast", ok, shown)
    ok, shown = screen_after("spawnsh --install -\t\t", r"-f.*\n.*-s")
    check("zsh: --install's -s and -f", ok, shown)
    ok, shown = screen_after("spawnsh --install /proc/sel\t", r"/proc/self/")
    check("zsh: --install takes a directory", ok, shown)
    ok, shown = screen_after("spawnsh prin\t", r"spawnsh printf")
    check("zsh: the applets as first word", ok, shown)
    zsh.sendline("exit")
    zsh.expect(pexpect.EOF)


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("zsh", "fish"):
        print(__doc__, file=sys.stderr)
        return 2
    directory, shell = sys.argv[1], sys.argv[2]
    (zsh_checks if shell == "zsh" else fish_checks)(directory)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
