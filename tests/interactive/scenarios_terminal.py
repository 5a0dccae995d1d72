"""The terminal between the shell and its jobs: set -b notices while readline waits for a line
(the prompt and the typed text drawn again below), and the terminal modes of a job stopped by
^Z (kept for fg) or killed (the shell's own put back)."""
import re

from pty_shell import PROMPT, screen_text

READY = "echo rea''dy"


def start_and_wait_until_ready(sh, command):
    sh.line(command)
    sh.expect(r"[\r\n]ready\r\n")


def scenario_set_b_reports_a_job_while_a_line_is_being_typed(make):
    with make() as sh:
        sh.prompt()
        sh.run("set -b")
        # Ends a moment after the prompt is back: the notice must come while readline waits.
        sh.run("sleep 1 &")
        sh.send("echo half")
        sh.expect_exact("echo half")  # the terminal's echo of the typed text
        sh.expect(r"\[1\] \+ Done +sleep 1\r\n")
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
        sh.run("sh -c 'sleep 1; read x' &")
        sh.expect(r"\[1\] \+ Stopped \(tty input\) +sh -c")
        sh.expect_exact(PROMPT)
        sh.run("kill %1")
