"""Ctrl-C while the shell itself is busy: a loop of builtins, `read`, `wait`, with and without
job control, trapped and reset. The terminal's SIGINT then reaches the shell (it holds the
terminal), not a job: the command line must end with status 130 and a fresh prompt, as dash and
busybox ash do. (Ctrl-C that reaches a job is scenarios_jobs.py.)"""
import re

from pty_shell import screen_text

# Printed once the command line has started; the quotes keep the echo of the typed line from
# matching. After it, the shell is in (or about to enter) the loop that follows.
READY = "echo rea''dy"


def start(sh, command):
    sh.line(command)
    sh.expect(r"[\r\n]ready\r\n")


def interrupted(sh):
    """^C, then the prompt; returns the screen before it. The status must be 130."""
    sh.control("c")
    out = sh.prompt()
    assert "not-reached" not in out.replace("echo not-reached", ""), out
    assert sh.run("echo status $?") == "status 130\n"
    return out


def scenario_ctrl_c_ends_a_loop_of_colons(make):
    with make() as sh:
        sh.prompt()
        start(sh, f"{READY}; while :; do :; done; echo not-reached")
        interrupted(sh)
        assert sh.run("echo still-here") == "still-here\n"


def scenario_ctrl_c_ends_a_loop_of_builtins_and_assignments(make):
    with make() as sh:
        sh.prompt()
        start(sh, f"{READY}; while true; do x=1; done; echo not-reached")
        interrupted(sh)


def scenario_ctrl_c_ends_a_for_loop_inside_a_function(make):
    with make() as sh:
        sh.prompt()
        sh.run("spin() { while :; do for i in 1 2 3; do x=$i; done; done; }")
        start(sh, f"{READY}; spin; echo not-reached")
        interrupted(sh)


def scenario_ctrl_c_ends_a_loop_without_job_control(make):
    # +m: the job and the shell share a group, both get the SIGINT.
    with make(args=("-i", "+m")) as sh:
        sh.prompt()
        start(sh, f"{READY}; while :; do :; done; echo not-reached")
        interrupted(sh)
        start(sh, f"while :; do sh -c '{READY}; exec sleep 1'; done; echo not-reached")
        interrupted(sh)


def scenario_ctrl_c_ends_a_loop_of_quick_programs_without_job_control(make):
    # +m: the ^C reaches the shell with whatever job is running. A loop of programs that end at
    # once makes it land anywhere: in a job (it dies of it), between two jobs, or in a job that
    # is already ending (it never sees it). The shell took a job that lived as one that caught
    # the ^C for itself and went on: the loop ran on about one round in eight, every backend.
    with make(args=("-i", "+m")) as sh:
        sh.prompt()
        for _ in range(40):
            start(sh, f"{READY}; while :; do /bin/true; done; echo not-reached")
            interrupted(sh)


def scenario_ctrl_c_ends_a_loop_of_sleeps(make):
    # Each job outlives any delay of the ^C: with job control a ^C that lands after one job has
    # ended and before the shell has taken the terminal back reaches nobody (dash alike).
    with make() as sh:
        sh.prompt()
        start(sh, f"while :; do sh -c '{READY}; exec sleep 30'; done; echo not-reached")
        interrupted(sh)


def scenario_ctrl_c_ends_a_builtin_loop_piped_into_a_program(make):
    with make() as sh:
        sh.prompt()
        start(sh, f"{READY}; while :; do :; done | cat; echo not-reached")
        interrupted(sh)


def scenario_ctrl_c_while_a_pipeline_is_starting_still_ends_it(make):
    # The ^C is sent as soon as "ready" shows, so it lands anywhere in the start of the job:
    # before the terminal is the job's (the shell gets it and must hand it on), or in a child
    # between the fork and its default action coming back (it must still die of it). Each
    # window is narrow; 25 rounds made a miss show up in nearly every run before the fix.
    with make() as sh:
        sh.prompt()
        for _ in range(25):
            start(sh, f"{READY}; while :; do :; done | cat; echo not-reached")
            interrupted(sh)


def scenario_ctrl_c_ends_read(make):
    with make() as sh:
        sh.prompt()
        start(sh, f"{READY}; read line; echo not-reached")
        interrupted(sh)


def scenario_ctrl_c_ends_wait_for_a_background_job(make):
    with make() as sh:
        sh.prompt()
        sh.run("sleep 30 &")
        start(sh, f"{READY}; wait; echo not-reached")
        interrupted(sh)
        assert re.search(r"\[1\] \+ Running +sleep 30", sh.run("jobs"))
        sh.run("kill %1")


def scenario_trapped_sigint_runs_in_a_builtin_loop_then_trap_reset_ends_it(make):
    with make() as sh:
        sh.prompt()
        # The action resets the trap: the first ^C runs it and the loop goes on; the second
        # meets the interactive shell's own handling again (not the default, which would kill
        # the shell) and ends the command line.
        sh.run("trap 'trap - INT; echo caught' INT")
        start(sh, f"{READY}; while :; do :; done; echo not-reached")
        sh.control("c")
        sh.expect_exact("caught\r\n")
        interrupted(sh)
        assert sh.run("echo alive") == "alive\n"


def scenario_ctrl_c_between_commands_does_not_leak_into_the_next(make):
    with make() as sh:
        sh.prompt()
        start(sh, f"{READY}; while :; do :; done")
        interrupted(sh)
        # Nothing of the interrupt is left for the commands typed next.
        assert sh.run("for i in 1 2 3; do echo $i; done") == "1\n2\n3\n"


def scenario_the_next_prompt_is_below_the_echoed_ctrl_c_even_with_stderr_redirected(make):
    with make() as sh:
        sh.prompt()
        start(sh, f"{READY}; while :; do :; done 2>/dev/null")
        sh.control("c")
        sh.expect_exact("^C")
        # The newline goes to the shell's own standard error once the command is over, not
        # to the loop's (which was /dev/null).
        assert "\n" in screen_text(sh.prompt())
