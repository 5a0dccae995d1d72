"""A spawnsh (or any shell) on a real pseudo-terminal, driven as a user would drive it.

Scenario files (tests/interactive/scenarios_*.py) define functions named `scenario_*` that take a
factory: `with make() as sh:` starts a shell (keyword arguments go to PtyShell). run_scenarios.py runs every scenario of one file under one spawn backend; CTest runs
that once per (file, backend). A scenario fails by raising (an assert, or pexpect.TIMEOUT/EOF with
the screen so far in the message).
"""
import contextlib
import fcntl
import io
import os
import re
import shutil
import signal
import sys
import tempfile
import termios
import time

import pexpect

# The prompt is unusual so that no command output is mistaken for it.
PROMPT = "PTY$ "
PROMPT_RE = re.escape(PROMPT)
# Seconds: a safety net against hangs, not a speed limit. Nothing waits for it to pass; on a
# loaded 2-core CI machine a step can take seconds, so it is generous.
TIMEOUT = 60
# Terminal control sequences readline writes (bracketed paste on/off, cursor moves).
CONTROL_SEQUENCE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]")


# The line editor the spawnsh under test was built with (SPAWNSH_LINE_EDITOR): CTest sets
# SPAWNSH_PTY_EDITOR from the build's cache; by hand, set it for a `builtin` build.
EDITORS = ("readline", "builtin")


def built_editor():
    editor = os.environ.get("SPAWNSH_PTY_EDITOR", "readline")
    if editor not in EDITORS:
        raise ValueError(f"SPAWNSH_PTY_EDITOR={editor!r}: expected one of {EDITORS}")
    return editor


def needs_editor(editor, why):
    """Marks a scenario that tests what only one line editor does (vi mode is readline's; the
    sideways scrolling of a long line is the builtin editor's). run_scenarios.py does not run it
    against the other editor's build and prints `why` instead."""
    assert editor in EDITORS

    def mark(scenario):
        scenario.needs_editor = (editor, why)
        return scenario
    return mark


@contextlib.contextmanager
def temporary_home():
    """A HOME that outlives one shell (history across shells, start-up files written first)."""
    home = tempfile.mkdtemp(prefix="spawnsh-pty-home-")
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


def wait_until(condition, what, timeout=TIMEOUT):
    """Polls `condition` (a state the test can see: a process's, the terminal's) until it holds;
    fails with `what` if it never does. The synchronisation is the state, not the time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.01)


def process_state(pid):
    """The state letter of /proc/PID/stat (R, S, T, Z...), or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return None


class Gate:
    """A file in the shell's HOME the test holds locked: a job running `flock gate true` waits in
    flock(2) (one process, nothing forked) until the test opens the gate, whatever the machine's
    speed. A job that must still be running when the test looks at it waits at a gate, not in a
    sleep of a guessed length."""

    NAME = "gate"

    def __init__(self, home):
        self.fd = os.open(os.path.join(home, self.NAME), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC)
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def open(self):
        if self.fd >= 0:
            os.close(self.fd)  # the lock goes with the last descriptor
            self.fd = -1

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.open()
        return False


def screen_text(raw):
    """What a reader of the screen sees: no control sequences, newlines as \\n."""
    return CONTROL_SEQUENCE.sub("", raw).replace("\r\n", "\n").replace("\r", "")


class Screen:
    """What a VT100 shows after `raw`, the shell's whole output: enough of one for the builtin
    line editor's few sequences (printable characters, CR, LF, BS, ESC [ K, ESC [ n C/D,
    ESC [ H, ESC [ J, ESC [ 2 J; others are skipped) and for what Readline draws of a line that
    fits the row (TERM=xterm: characters, CR and LF, and bracketed paste's ESC [ ? 2004 h/l). Like xterm and the Linux console it defers
    the wrap at the last column: a character written there leaves the cursor on it, and only
    the next printable character goes to the next row (a CR before that stays on the row)."""

    def __init__(self, raw, rows=24, cols=80):
        self.cols = cols
        self.rows = [[" "] * cols for _ in range(rows)]
        self.row = self.col = 0
        self.wrap_pending = False
        for match in re.finditer(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b[=>]|.", raw, re.S):
            if match.group(2):
                self._sequence(match.group(1), match.group(2))
            elif not match.group(0).startswith("\x1b"):
                self._character(match.group(0))

    def lines(self):
        return ["".join(row).rstrip() for row in self.rows]

    def _line_feed(self):
        if self.row + 1 < len(self.rows):
            self.row += 1
        else:
            self.rows.pop(0)
            self.rows.append([" "] * self.cols)

    def _character(self, c):
        if c == "\r":
            self.col, self.wrap_pending = 0, False
        elif c == "\n":
            self._line_feed()
            self.wrap_pending = False
        elif c == "\b":
            self.col, self.wrap_pending = max(0, self.col - 1), False
        elif c >= " ":
            if self.wrap_pending:
                self.col, self.wrap_pending = 0, False
                self._line_feed()
            self.rows[self.row][self.col] = c
            if self.col + 1 < self.cols:
                self.col += 1
            else:
                self.wrap_pending = True

    def _sequence(self, parameters, final):
        n = int(parameters) if parameters.isdigit() else 0
        if final in "CD":
            step = max(n, 1) if final == "C" else -max(n, 1)
            self.col, self.wrap_pending = min(self.cols - 1, max(0, self.col + step)), False
        elif final == "K":
            self.rows[self.row][self.col:] = [" "] * (self.cols - self.col)
        elif final == "H":
            self.row = self.col = 0
            self.wrap_pending = False
        elif final == "J":
            first = 0 if n == 2 else self.row + 1
            if n != 2:
                self.rows[self.row][self.col:] = [" "] * (self.cols - self.col)
            for r in range(first, len(self.rows)):
                self.rows[r] = [" "] * self.cols


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
        # Everything the shell wrote, for a Screen: pexpect copies each read here.
        self.transcript = io.StringIO()
        self.child.logfile_read = self.transcript

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

    # ---- the terminal, as the shell's jobs see it -------------------------------------------
    def foreground_group(self):
        """The terminal's foreground process group (asked on the master side, which may ask)."""
        return os.tcgetpgrp(self.child.child_fd)

    def wait_for_running_foreground_job(self):
        """Until a job holds the terminal and runs (fg has given it the terminal and continued
        it). fg writes the job's command line before it does either, so a ^Z typed as soon as
        that line shows may still reach the shell, which ignores it, or reach the job before
        its SIGCONT, which cancels a pending stop."""
        def job_runs():
            group = self.foreground_group()
            return group != self.child.pid and process_state(group) not in ("T", "t", None)
        wait_until(job_runs, "a job holding the terminal and running")

    def terminal_modes(self):
        """The local modes (c_lflag) of the shell's terminal, read on the slave side."""
        fd = os.open(os.readlink(f"/proc/{self.child.pid}/fd/0"), os.O_RDONLY | os.O_NOCTTY)
        try:
            return termios.tcgetattr(fd)[3]
        finally:
            os.close(fd)

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
        return self._status_once_ended(timeout)

    def hang_up(self, timeout=TIMEOUT):
        """Closes the master side, as a closed terminal window does: the kernel hangs up the
        terminal and the shell gets SIGHUP. Waits for the shell to end; returns its status.
        (pexpect's close() would send SIGHUP, SIGCONT and SIGINT of its own to a shell still
        busy after 0.1 s, then give up: a race with the shell's saving of its history.)"""
        self.child.ptyproc.fileobj.close()
        return self._status_once_ended(timeout)

    def _status_once_ended(self, timeout):
        # The end of the terminal's output comes when the shell closes it, a moment before the
        # shell has ended: wait for the end itself, so that close() has nobody to signal.
        wait_until(lambda: not self.child.isalive(), "the shell to end", timeout)
        self.child.close()
        if self.child.signalstatus is not None:
            return 128 + self.child.signalstatus
        return self.child.exitstatus

    def close(self):
        if self.child.isalive():
            try:
                self.child.close(force=True)
            except pexpect.ExceptionPexpect:
                # pexpect gives a shell 0.1 s after each of its signals, SIGKILL last, then
                # calls it unkillable: on a loaded machine the killed shell is just not reaped
                # yet (seen once: "Could not terminate the child" after a scenario had passed).
                # Its end is a state to wait for.
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.child.pid, signal.SIGKILL)
                wait_until(lambda: not self.child.isalive(), "the killed shell to end")
        if self.own_home:
            shutil.rmtree(self.home, ignore_errors=True)
