"""The terminal between the shell and its jobs: set -b notices while readline waits for a line
(the prompt and the typed text drawn again below), and the terminal modes of a job stopped by
^Z (kept for fg) or killed (the shell's own put back)."""
import os
import re
import termios

from pty_shell import PROMPT, screen_text, wait_until

READY = "echo rea''dy"


def start_and_wait_until_ready(sh, command):
    sh.line(command)
    sh.expect(r"[\r\n]ready\r\n")


# A background job that goes on once the test creates the file `go` in the shell's directory:
# it changes state while readline waits for a line, whatever the machine's speed.
WAIT_FOR_GO = "while [ ! -e go ]; do sleep 0.05; done"


def go(sh):
    open(os.path.join(sh.home, "go"), "w").close()


def scenario_set_b_reports_a_job_while_a_line_is_being_typed(make):
    with make() as sh:
        sh.prompt()
        sh.run("set -b")
        sh.run(f"sh -c '{WAIT_FOR_GO}' &")
        sh.send("echo half")
        sh.expect_exact("echo half")  # the terminal's echo of the typed text
        go(sh)
        sh.expect(r"\[1\] \+ Done +sh -c.*\r\n")
        # The prompt and what was typed, drawn again: typing goes on where it was.
        sh.expect_exact(PROMPT + "echo half")
        sh.line("-typed")
        sh.expect_exact("half-typed\r\n")
        sh.prompt()
        assert sh.run("jobs") == ""


def scenario_set_b_reports_a_job_stopped_in_the_background(make):
    with make() as sh:
        sh.prompt()
        sh.run("set -b")
        # A background job that reads the terminal is stopped by SIGTTIN once it tries.
        sh.run(f"sh -c '{WAIT_FOR_GO}; read x' &")
        go(sh)
        sh.expect(r"\[1\] \+ Stopped \(tty input\) +sh -c")
        sh.expect_exact(PROMPT)
        sh.run("kill %1")


def modes(sh, command="stty -a"):
    """The terminal's local modes as `stty -a` words: {'echo': True, 'icanon': False, ...}."""
    words = re.split(r"[\s;]+", screen_text(sh.run(command)))
    return {w.lstrip("-"): not w.startswith("-") for w in words if w.strip("-").isalpha()}


def scenario_fg_gives_a_stopped_job_its_terminal_modes_back(make):
    with make() as sh:
        sh.prompt()
        # A job in cbreak mode without echo, as an editor or a pager sets it, stopped by ^Z.
        start_and_wait_until_ready(
            sh, f"sh -c 'stty -echo -icanon; {READY}; read x; stty -a; stty echo icanon'")
        sh.control("z")
        assert re.search(r"\[1\] \+ Stopped +sh -c", sh.prompt())
        # The shell's own modes while the job is stopped.
        at_prompt = modes(sh)
        assert at_prompt["echo"] and at_prompt["icanon"], at_prompt
        # fg: the job's modes again. The typed line is not echoed, and the job sees its modes.
        sh.line("fg")
        sh.expect_exact("stty echo icanon'\r\n")  # fg writes the job's command line ...
        # ... and then puts the job's modes back: text typed before that would still be echoed.
        wait_until(lambda: not sh.terminal_modes() & (termios.ECHO | termios.ICANON),
                   "fg to put the job's modes (-echo -icanon) back")
        sh.line("secret-typed")
        out = screen_text(sh.prompt())
        assert "secret-typed" not in out, out
        assert re.search(r"(^|\s)-echo\s", out) and re.search(r"(^|\s)-icanon\s", out), out


def scenario_a_killed_job_leaves_the_shells_modes_as_the_user_set_them(make):
    with make() as sh:
        sh.prompt()
        # stty run as a command changes the shell's own modes (it ended well: as bash, the
        # shell takes the modes it left as its own) ...
        sh.run("stty -echoe")
        # ... and a job killed while it had other modes leaves those the user chose.
        start_and_wait_until_ready(sh, f"sh -c 'stty echoe -echo; {READY}; exec sleep 30'")
        sh.control("c")
        sh.prompt()
        after = modes(sh)
        assert after["echo"] and not after["echoe"], after
