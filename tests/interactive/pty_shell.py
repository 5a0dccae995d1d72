"""A spawnsh (or any shell) on a real pseudo-terminal, driven as a user would drive it.

Scenario files (tests/interactive/scenarios_*.py) define functions named `scenario_*` that take a
factory: `with make() as sh:` starts a shell (keyword arguments go to PtyShell). run_scenarios.py runs every scenario of one file under one spawn backend; CTest runs
that once per (file, backend). A scenario fails by raising (an assert, or pexpect.TIMEOUT/EOF with
the screen so far in the message).
"""
import contextlib
import os
import re
import shutil
import sys
import tempfile

import pexpect

# The prompt is unusual so that no command output is mistaken for it.
PROMPT = "PTY$ "
PROMPT_RE = re.escape(PROMPT)
TIMEOUT = 10  # seconds: a safety net against hangs, not a speed limit
# Terminal control sequences readline writes (bracketed paste on/off, cursor moves).
CONTROL_SEQUENCE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]")


@contextlib.contextmanager
def temporary_home():
    """A HOME that outlives one shell (history across shells, start-up files written first)."""
    home = tempfile.mkdtemp(prefix="spawnsh-pty-home-")
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


def screen_text(raw):
    """What a reader of the screen sees: no control sequences, newlines as \\n."""
    return CONTROL_SEQUENCE.sub("", raw).replace("\r\n", "\n").replace("\r", "")


class PtyShell:
    """One interactive shell on a pty, with its own HOME in a temporary directory."""

    def __init__(self, binary, backend, args=("-i",), env=None, home=None, rows=24, cols=200,
                 argv0=None):
        self.own_home = home is None
        self.home = home or tempfile.mkdtemp(prefix="spawnsh-pty-")
        base = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "TERM": "xterm",
            "PS1": PROMPT,
            "PS2": "> ",
            "LC_ALL": "C",
            "INPUTRC": "/dev/null",  # the user's readline settings must not change the tests
        }
        if env:
            base.update(env)
        argv = [f"--spawn={backend}"] if backend else []
        argv += list(args)
        if argv0 is not None:
            # login(1) starts a shell with a name beginning with '-': exec it under that name.
            argv = ["-c", "import os, sys; os.execv(sys.argv[1], [sys.argv[2]] + sys.argv[3:])",
                    binary, argv0] + argv
            binary = sys.executable
        self.child = pexpect.spawn(binary, argv, env=base, cwd=self.home, encoding="utf-8",
                                   codec_errors="replace", timeout=TIMEOUT,
                                   dimensions=(rows, cols))

    # ---- reading -------------------------------------------------------------------------
    def expect(self, pattern, timeout=TIMEOUT):
        """Wait for a regular expression; returns the raw text before it."""
        try:
            self.child.expect(pattern, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            raise AssertionError(f"waited for {pattern!r}; the screen said:\n"
                                 f"{self.child.before!r}") from e
        return self.child.before

    def expect_exact(self, text, timeout=TIMEOUT):
        return self.expect(re.escape(text), timeout)

    def prompt(self, timeout=TIMEOUT):
        """Wait for the next primary prompt; returns what came before it."""
        return self.expect(PROMPT_RE, timeout)

    # ---- writing -------------------------------------------------------------------------
    def send(self, text):
        self.child.send(text)

    def line(self, text):
        self.child.send(text + "\r")

    def control(self, letter):
        """Ctrl-<letter>: the terminal turns it into a signal or an editing key."""
        self.child.sendcontrol(letter)

    def run(self, command, timeout=TIMEOUT):
        """Type a command, wait for the next prompt, return its output without the echo."""
        self.line(command)
        out = screen_text(self.prompt(timeout))
        # The terminal echoes the typed line first.
        first, _, rest = out.partition("\n")
        return rest if command in first else out

    # ---- ending: use a PtyShell as a context manager so every path closes it ----------------
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    # ---- ending --------------------------------------------------------------------------
    def exit_status(self, timeout=TIMEOUT):
        """Wait for the shell to end; returns its status (128+n for a signal)."""
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.child.close()
        if self.child.signalstatus is not None:
            return 128 + self.child.signalstatus
        return self.child.exitstatus

    def close(self):
        if self.child.isalive():
            self.child.close(force=True)
        if self.own_home:
            shutil.rmtree(self.home, ignore_errors=True)
