"""Job control at a terminal (XCU 2.11, set -m): ^Z, jobs, fg, bg, kill %n, a background job
that reads the terminal, ^C in a loop and in a pipeline, exit with stopped jobs, signals the
interactive shell ignores."""
import re
import signal

from pty_shell import Gate, process_state, screen_text, wait_until

# A job that says "ready" once it runs: by then its group has the terminal, so a ^Z or ^C
# typed after that reaches it (typed earlier, the shell would still hold the terminal). The
# quotes keep the echo of the typed line from matching. Nothing forks after "ready": dash (sh)
# starts programs with vfork, and a vfork child stopped before its exec leaves dash in an
# unstoppable wait, a job that neither stops nor ends.
READY = "echo rea''dy"
SLEEPER = f"sh -c '{READY}; exec sleep 30'"
# A job that runs until the test opens its gate (pty_shell.Gate), then ends with status 0: it is
# still there whenever the test looks at it, however slow the machine. Still nothing forks after
# "ready" (flock waits in flock(2) before it starts `true`).
GATED = f"sh -c '{READY}; exec flock {Gate.NAME} true'"
STOPPED_SLEEP = re.compile(r"\[1\] \+ Stopped +sh -c")


def start_and_wait_until_ready(sh, command):
    sh.line(command)
    sh.expect(r"[\r\n]ready\r\n")


def stop_sleep(sh):
    """Starts a sleeper in the foreground and stops it with ^Z: the shell says so and prompts."""
    start_and_wait_until_ready(sh, SLEEPER)
    sh.control("z")
    assert STOPPED_SLEEP.search(sh.prompt()), "no Stopped line for the job"


def scenario_monitor_mode_is_on(make):
    with make() as sh:
        sh.prompt()
        assert "m" in sh.run("echo $-").strip()


def scenario_shell_leads_its_own_group_and_holds_the_terminal(make):
    with make() as sh:
        sh.prompt()
        # ps reports the terminal's foreground group (tpgid) and the shell's own group; in the
        # background, so that the shell has the terminal meanwhile.
        out = sh.run("ps -o pgid=,tpgid= -p $$ & wait").split()
        assert out[0] == str(sh.child.pid) and out[1] == str(sh.child.pid), out


def scenario_foreground_job_gets_its_own_group_and_the_terminal(make):
    with make() as sh:
        sh.prompt()
        out = sh.run("sh -c 'ps -o pid=,pgid=,tpgid= -p $$'").split()
        pid, pgid, tpgid = out
        assert pid == pgid == tpgid, out
        assert pgid != str(sh.child.pid)


def notices_until(sh, first_output, pattern):
    """The output of a command and of `:` typed after it until `pattern` (a job's notice) shows.
    A job killed by a command ends a moment later: its notice comes before the prompt of that
    command or of a later one, whichever the shell reaped it before."""
    seen = [first_output]
    wait_until(lambda: re.search(pattern, "".join(seen)) or seen.append(sh.run(":")),
               f"a notice matching {pattern!r}")
    return "".join(seen)


def scenario_ctrl_z_stops_the_job_and_jobs_lists_it(make):
    with make() as sh:
        sh.prompt()
        stop_sleep(sh)
        assert STOPPED_SLEEP.search(sh.run("jobs"))
        assert re.search(r"\[1\] \+ \d+ Stopped +sh -c", sh.run("jobs -l"))
        assert re.fullmatch(r"\d+\n", sh.run("jobs -p"))
        out = notices_until(sh, sh.run("kill %1"), r"\[1\] \+ Terminated +sh -c")
        assert len(re.findall(r"Terminated", out)) == 1, out  # reported once
        assert sh.run("jobs") == ""


def scenario_fg_brings_the_job_back_and_waits_for_it(make):
    with make() as sh, Gate(sh.home) as gate:
        sh.prompt()
        # The job waits at the gate: a ^Z after "ready" finds it running however long it took.
        start_and_wait_until_ready(sh, GATED)
        sh.control("z")
        assert re.search(r"\[1\] \+ Stopped +sh -c", sh.prompt())
        gate.open()  # while it is stopped: once fg continues it, it ends with status 0
        out = sh.run("fg; echo status $?")
        assert out.endswith("exec flock gate true'\nstatus 0\n"), out
        assert sh.run("jobs") == ""


def scenario_fg_then_ctrl_z_again(make):
    with make() as sh:
        sh.prompt()
        stop_sleep(sh)
        sh.line("fg %sh")
        sh.expect_exact("exec sleep 30'\r\n")  # fg writes the command line ...
        sh.wait_for_running_foreground_job()  # ... then gives the job the terminal, continues it
        sh.control("z")
        assert STOPPED_SLEEP.search(sh.prompt())
        sh.run("kill %%")


def scenario_bg_continues_the_job_in_the_background(make):
    with make() as sh, Gate(sh.home) as gate:
        sh.prompt()
        start_and_wait_until_ready(sh, GATED)
        sh.control("z")
        sh.prompt()
        assert re.search(r"\[1\] sh -c", sh.run("bg"))
        assert re.search(r"\[1\] \+ Running", sh.run("jobs"))  # at the gate: still running
        gate.open()
        out = sh.run("wait %1; echo waited $?")
        assert out == "waited 0\n", out


def scenario_job_ids_name_the_jobs(make):
    with make() as sh:
        sh.prompt()
        sh.run("sleep 31 &")
        sh.run("sleep 32 &")
        out = sh.run("jobs %% %- %?31 %sleep\\ 32 %1")
        lines = out.splitlines()
        assert re.match(r"\[2\] \+ Running +sleep 32", lines[0]), out
        assert re.match(r"\[1\] - Running +sleep 31", lines[1]), out
        assert re.match(r"\[1\]", lines[2]) and re.match(r"\[2\]", lines[3]), out
        sh.run("kill %1 %2")


def scenario_background_job_reading_the_terminal_stops(make):
    with make() as sh:
        sh.prompt()
        sh.run("cat &")
        # The job stops once cat gets to its read, a moment after it started: until then
        # `jobs` says Running.
        stopped = re.compile(r"\[1\] \+ Stopped \(tty input\) +cat")
        listed = []
        wait_until(lambda: stopped.search(listed[-1] if listed else "") or
                   listed.append(sh.run("jobs")), "cat & to stop for tty input")
        sh.line("fg")
        sh.expect_exact("cat\r\n")
        sh.line("typed")
        sh.expect_exact("typed\r\ntyped")  # echo of the line, then cat's copy
        sh.control("d")
        sh.prompt()
        assert sh.run("echo status $?") == "status 0\n"


def scenario_ctrl_c_stops_a_loop(make):
    with make() as sh:
        sh.prompt()
        # Each job outlives any delay of the ^C: one that lands after a job has ended and before
        # the shell has taken the terminal back reaches nobody (dash alike).
        start_and_wait_until_ready(sh, f"while true; do sh -c '{READY}; exec sleep 30'; done; echo not-reached")
        sh.control("c")
        out = sh.prompt()
        assert "not-reached" not in out.replace("echo not-reached", "")
        assert sh.run("echo status $?") == "status 130\n"


def scenario_ctrl_c_stops_a_pipeline(make):
    with make() as sh:
        sh.prompt()
        start_and_wait_until_ready(sh, f"{SLEEPER} | cat; echo not-reached")
        sh.control("c")
        sh.prompt()
        out = sh.run("echo status $?")
        assert out == "status 130\n", out


def scenario_trapped_sigint_runs_its_trap(make):
    with make() as sh:
        sh.prompt()
        sh.run("trap 'echo caught' INT")
        start_and_wait_until_ready(sh, f"{SLEEPER}; echo after")
        sh.control("c")
        out = sh.prompt()
        assert "caught" in out and "after" in out, out


def scenario_exit_with_stopped_jobs_warns_once(make):
    with make() as sh:
        sh.prompt()
        stop_sleep(sh)
        assert "There are stopped jobs." in sh.run("exit")
        sh.line("exit")
        assert sh.exit_status() == 1  # exit's status is the last command's: the first exit's


def scenario_another_command_rearms_the_exit_warning(make):
    with make() as sh:
        sh.prompt()
        stop_sleep(sh)
        assert "There are stopped jobs." in sh.run("exit")
        sh.run(":")
        assert "There are stopped jobs." in sh.run("exit")
        sh.run("kill %1")


def scenario_sigterm_and_sigquit_are_ignored(make):
    with make() as sh:
        sh.prompt()
        sh.child.kill(signal.SIGTERM)
        sh.child.kill(signal.SIGQUIT)
        assert sh.run("echo alive") == "alive\n"


def scenario_notice_before_the_next_prompt(make):
    with make() as sh, Gate(sh.home) as gate:
        sh.prompt()
        sh.run(f"flock {Gate.NAME} true &")
        pid = int(sh.run("echo $!"))
        # A foreground command the test ends (cat, until ^D); the background job ends while it
        # runs: the gate opens, and the test waits until the job has ended (a zombie: the shell
        # waits for cat's group alone meanwhile).
        sh.line("cat")
        sh.expect_exact("cat\r\n")
        gate.open()
        wait_until(lambda: process_state(pid) in ("Z", None), "the background job to end")
        sh.control("d")
        out = screen_text(sh.prompt())
        assert re.search(r"\[1\] \+ Done +flock gate true", out), out
        assert sh.run("jobs") == ""


def scenario_monitor_off_refuses_fg(make):
    with make(args=("-i", "+m")) as sh:
        sh.prompt()
        sh.run("sleep 30 &")
        assert "not created under job control" in sh.run("fg")
        sh.run("kill %1")
