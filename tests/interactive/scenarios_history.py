"""History: the file across shells, two shells leaving at once, HISTSIZE, an unwritable file,
fc -l / -s / -e, and the up-arrow list."""
import os

from pty_shell import temporary_home


def history_file(home):
    with open(os.path.join(home, ".spawnsh_history")) as f:
        return f.read()


def scenario_history_is_saved_and_reloaded_by_the_next_shell(make):
    with temporary_home() as home:
        with make(home=home) as sh:
            sh.prompt()
            sh.run("echo first-$((1+1))")
            sh.line("if true")
            sh.expect_exact("> ")
            sh.line("then echo two-lines; fi")
            sh.prompt()
            sh.line("exit")
            assert sh.exit_status() == 0
        # A command of two lines is kept whole, after a #+2 marker.
        assert history_file(home) == \
            "echo first-$((1+1))\n#+2\nif true\nthen echo two-lines; fi\nexit\n"
        with make(home=home) as sh:
            sh.prompt()
            assert sh.run("fc -l") == \
                "1\techo first-$((1+1))\n2\tif true\nthen echo two-lines; fi\n3\texit\n"
            # The up arrow (Ctrl-P) reaches the loaded commands.
            for _ in range(4):  # fc -l, exit, the if, the echo
                sh.control("p")
            sh.line("")
            sh.expect_exact("first-2\r\n")
            sh.prompt()


def scenario_two_shells_leaving_at_once_keep_both_sessions(make):
    with temporary_home() as home:
        with make(home=home) as a, make(home=home) as b:
            a.prompt()
            b.prompt()
            a.run("echo from-a")
            b.run("echo from-b")
            a.line("exit")
            b.line("exit")
            assert a.exit_status() == 0
            assert b.exit_status() == 0
        lines = history_file(home).splitlines()
        assert sorted(lines) == ["echo from-a", "echo from-b", "exit", "exit"], lines


def scenario_histsize_cuts_the_file_to_its_newest_commands(make):
    with temporary_home() as home:
        with open(os.path.join(home, ".spawnsh_history"), "w") as f:
            f.write("".join(f"echo old{i}\n" for i in range(1, 6)))
        with make(home=home, env={"HISTSIZE": "3"}) as sh:
            sh.prompt()
            # Only the newest three were loaded; with `fc -l 1` itself the first fell off the
            # front, and numbers are not reused: 1 is before the first, so the list starts at 2.
            assert sh.run("fc -l 1") == "2\techo old4\n3\techo old5\n"
            sh.line("exit")
            assert sh.exit_status() == 0
        assert history_file(home) == "echo old5\nfc -l 1\nexit\n"


def scenario_an_unwritable_history_file_gives_one_warning(make):
    with make(env={"HISTFILE": "/nonexistent-dir/history"}) as sh:
        sh.prompt()
        sh.run("echo one")
        sh.run("echo two")
        sh.line("exit 4")
        sh.expect_exact("cannot write history file /nonexistent-dir/history")
        rest = sh.child.read()
        assert "cannot write" not in rest
        assert sh.exit_status() == 4


def scenario_fc_lists_with_numbers_ranges_and_reverse(make):
    with make() as sh:
        sh.prompt()
        for word in ("alpha", "beta", "gamma"):
            sh.run(f"echo {word}")
        assert sh.run("fc -l") == "1\techo alpha\n2\techo beta\n3\techo gamma\n"
        # -2 counts back from this fc (5): gamma (3) and the fc -l before it (4).
        assert sh.run("fc -ln -2") == "\techo gamma\n\tfc -l\n"
        assert sh.run("fc -lr 1 2") == "2\techo beta\n1\techo alpha\n"
        assert sh.run("fc -l echo\\ b echo\\ g") == "2\techo beta\n3\techo gamma\n"
        assert sh.run("history 2 2") == "2\techo beta\n"


def scenario_fc_s_runs_a_command_again_with_a_substitution(make):
    with make() as sh:
        sh.prompt()
        sh.run("echo one-$((2+2))")
        out = sh.run("fc -s one=two")
        assert out == "echo two-$((2+2))\ntwo-4\n", out
        # fc -s itself is not in the history: the command it ran is.
        assert sh.run("fc -l") == "1\techo one-$((2+2))\n2\techo two-$((2+2))\n"
        # By string: the newest command starting with "echo o".
        assert sh.run("fc -s 'echo o'") == "echo one-$((2+2))\none-4\n"


def scenario_fc_e_runs_what_the_editor_left(make):
    with make() as sh:
        sh.prompt()
        sh.run("echo before-$((1+2))")
        # A scripted editor: sed edits the file fc hands it.
        assert sh.run("fc -e 'sed -i s/before/after/'") == "echo after-$((1+2))\nafter-3\n"
        sh.run("FCEDIT='sed -i s/after/again/'")
        assert sh.run("fc 2") == "echo again-$((1+2))\nagain-3\n"
        # An editor that fails: nothing runs, and its status is fc's.
        assert sh.run("fc -e false 1; echo status=$?") == "status=1\n"


def scenario_a_closed_terminal_still_saves_the_history(make):
    with temporary_home() as home:
        with make(home=home) as sh:
            sh.prompt()
            sh.run("echo before-hangup")
            sh.run("trap 'echo exit-trap-ran > \"$HOME/trap-ran\"' EXIT")
            # Closing the master side hangs up the terminal: the shell gets SIGHUP at the prompt.
            sh.hang_up()
            assert sh.child.exitstatus == 129, (sh.child.exitstatus, sh.child.signalstatus)
        assert history_file(home).startswith("echo before-hangup\ntrap ")
        with open(os.path.join(home, "trap-ran")) as f:
            assert f.read() == "exit-trap-ran\n"


def listed(sh):
    """The commands `fc -l` lists (without numbers), `fc -l` itself dropped."""
    return [line for line in sh.run("fc -ln 1").splitlines() if line.strip() != "fc -ln 1"]


def scenario_histcontrol_ignorespace_keeps_no_line_starting_with_a_space(make):
    with temporary_home() as home:
        with make(home=home, env={"HISTCONTROL": "ignorespace"}) as sh:
            sh.prompt()
            assert sh.run(" echo hidden-$((1+1))") == "hidden-2\n"
            sh.run("echo shown")
            assert listed(sh) == ["\techo shown"], listed(sh)
            # Nor does the up arrow reach it.
            sh.control("p")
            sh.control("p")
            sh.line("")
            sh.expect_exact("shown\r\n")
            sh.prompt()
            sh.line(" exit")
            assert sh.exit_status() == 0
        assert "hidden" not in history_file(home)


def scenario_histcontrol_ignoredups_drops_a_repeat_of_the_previous_command(make):
    with make(env={"HISTCONTROL": "ignoredups"}) as sh:
        sh.prompt()
        for command in ("echo a", "echo a", "echo b", "echo a", "echo a"):
            sh.run(command)
        assert listed(sh) == ["\techo a", "\techo b", "\techo a"], listed(sh)


def scenario_histcontrol_ignoreboth_is_both(make):
    with make(env={"HISTCONTROL": "ignoreboth"}) as sh:
        sh.prompt()
        for command in ("echo a", " echo hidden", "echo a", "echo b"):
            sh.run(command)
        assert listed(sh) == ["\techo a", "\techo b"], listed(sh)


def scenario_histcontrol_erasedups_keeps_only_the_newest_of_each_command(make):
    with make(env={"HISTCONTROL": "erasedups:ignorespace"}) as sh:
        sh.prompt()
        for command in ("echo a", "echo b", "echo a", "echo c", " echo hidden", "echo b"):
            sh.run(command)
        assert listed(sh) == ["\techo a", "\techo c", "\techo b"], listed(sh)


def scenario_histsize_zero_keeps_nothing_and_histfilesize_cuts_the_file(make):
    with temporary_home() as home:
        with open(os.path.join(home, ".spawnsh_history"), "w") as f:
            f.write("".join(f"echo old{i}\n" for i in range(1, 6)))
        # HISTFILESIZE, not HISTSIZE, decides the file's length.
        with make(home=home, env={"HISTSIZE": "100", "HISTFILESIZE": "3"}) as sh:
            sh.prompt()
            assert sh.run("fc -ln 1 2") == "\techo old1\n\techo old2\n"
            sh.line("exit")
            assert sh.exit_status() == 0
        assert history_file(home) == "echo old5\nfc -ln 1 2\nexit\n"
        with make(home=home, env={"HISTSIZE": "0"}) as sh:
            sh.prompt()
            sh.run("echo not-kept")
            assert sh.run("fc -l") == ""
            sh.line("exit")
            assert sh.exit_status() == 0
        # HISTFILESIZE defaults to HISTSIZE: 0 empties the file.
        assert history_file(home) == ""


def scenario_a_negative_histfilesize_never_cuts_the_file(make):
    with temporary_home() as home:
        with open(os.path.join(home, ".spawnsh_history"), "w") as f:
            f.write("".join(f"echo old{i}\n" for i in range(1, 6)))
        with make(home=home, env={"HISTSIZE": "2", "HISTFILESIZE": "-1"}) as sh:
            sh.prompt()
            sh.line("exit")
            assert sh.exit_status() == 0
        assert history_file(home).splitlines() == [f"echo old{i}" for i in range(1, 6)] + ["exit"]


def scenario_fc_counts_from_the_newest_command_when_it_was_not_kept_itself(make):
    with make(env={"HISTCONTROL": "ignorespace"}) as sh:
        sh.prompt()
        sh.run("echo one")
        sh.run("echo two")
        # The fc starts with a space: it is not in the history, so -1 and the default are the
        # newest command (echo two), not the one before it.
        assert sh.run(" fc -l -1") == "2\techo two\n"
        assert sh.run(" fc -s") == "echo two\ntwo\n"
