"""Line editing at the prompt: Ctrl-C, vi and emacs keys, ignoreeof, prompts with ! and colour."""
from pty_shell import needs_editor, screen_text

VI_IS_READLINES = ("vi editing mode is GNU Readline's; spawnsh's own editor has emacs-like keys "
                   "only (set -o vi is accepted and changes nothing there)")


def scenario_ctrl_c_drops_the_typed_line_and_sets_130(make):
    with make() as sh:
        sh.prompt()
        sh.send("echo typed-but-dropped")
        sh.control("c")
        dropped = screen_text(sh.prompt())
        assert "^C" in dropped
        # Enter on the fresh prompt runs nothing left over from the dropped line, and the ^C
        # ends no later command line.
        assert sh.run("") == ""
        assert sh.run("echo status=$?") == "status=130\n"
        assert sh.run("for i in 1 2; do echo $i; done") == "1\n2\n"


def scenario_ctrl_c_on_a_continuation_line_drops_the_whole_command(make):
    with make() as sh:
        sh.prompt()
        sh.line("if true")
        sh.expect_exact("> ")
        sh.line("then echo inside")
        sh.expect_exact("> ")
        sh.control("c")
        sh.prompt()
        # A fresh command: were the `if` still pending, this would get a PS2 prompt instead.
        assert sh.run("echo status=$?; echo fresh") == "status=130\nfresh\n"


def scenario_ctrl_c_at_the_prompt_runs_an_int_trap(make):
    with make() as sh:
        sh.prompt()
        sh.run("trap 'echo trapped-int' INT")
        sh.send("echo x")
        sh.control("c")
        assert "trapped-int" in screen_text(sh.prompt())


def scenario_ctrl_c_right_after_typing_never_hangs(make):
    # The ^C lands while readline is still taking the typed keys; the terminal flushes the
    # rest of them. The prompt used to hang in a read of those keys (1 run in 5 or so).
    with make() as sh:
        sh.prompt()
        sh.run("trap 'echo trapped-int' INT")
        for _ in range(20):
            sh.send("echo typed-but-dropped")
            sh.control("c")
            assert "trapped-int" in screen_text(sh.prompt())
        assert sh.run("echo still-reading") == "still-reading\n"


@needs_editor("readline", VI_IS_READLINES)
def scenario_vi_mode_edits_with_escape_b_and_cw(make):
    with make() as sh:
        sh.prompt()
        sh.run("set -o vi")
        assert sh.run("set -o | grep -E '^(vi|emacs) '").split() == ["vi", "on", "emacs", "off"]
        # ESC: command mode; b: back a word (to "bbb"); cw: change it; ESC, A: append at the
        # end. The output (aaa 5!) differs from anything typed, so readline's redrawing of the
        # line cannot be mistaken for it.
        sh.send("echo aaa bbb")
        sh.send("\x1b")
        sh.send("b")
        sh.send("cw")
        sh.send("$((2+3))")
        sh.send("\x1b")
        sh.send("A!")
        sh.line("")
        sh.expect_exact("aaa 5!\r\n")
        sh.prompt()


@needs_editor("readline", VI_IS_READLINES)
def scenario_vi_mode_history_with_k(make):
    with make() as sh:
        sh.prompt()
        sh.run("set -o vi")
        sh.run("echo from-$((1+1))")
        sh.send("\x1b")
        sh.send("k")  # the previous command, in command mode
        sh.line("")
        sh.expect_exact("from-2\r\n")
        sh.prompt()


def scenario_back_to_emacs_keys(make):
    with make() as sh:
        sh.prompt()
        sh.run("set -o vi")
        sh.run("set -o emacs")
        # Ctrl-W deletes a word, Ctrl-A goes to the start, Ctrl-F moves right, Ctrl-E to the end.
        sh.send("echo $((1+1)) wrong")
        sh.control("w")
        sh.control("a")
        for _ in range(5):
            sh.control("f")
        sh.send("x")
        sh.control("e")
        sh.send("y")
        sh.line("")
        sh.expect_exact("x2 y\r\n")  # echo x$((1+1)) y
        sh.prompt()


def scenario_ignoreeof_warns_then_leaves_after_ten(make):
    with make() as sh:
        sh.prompt()
        sh.run("set -o ignoreeof")
        sh.control("d")
        assert 'Use "exit" to leave the shell.' in screen_text(sh.prompt())
        assert sh.run("echo still-here") == "still-here\n"
        # Nine more in a row are refused; the tenth leaves (bash's count).
        for _ in range(9):
            sh.control("d")
            sh.prompt()
        sh.control("d")
        assert sh.exit_status() == 0


def scenario_bang_in_ps1_is_the_history_number(make):
    with make() as sh:
        sh.prompt()
        sh.line("PS1='[!] !! PTY$ '")
        # The assignment was command 1; the prompt for command 2 shows 2, and !! shows one !.
        sh.expect_exact("[2] ! PTY$ ")
        sh.line("true")
        sh.expect_exact("[3] ! PTY$ ")


def scenario_coloured_prompt_reaches_the_screen_without_markers(make):
    # spawnsh wraps the escape sequences in readline's \1 \2 (prompt_text.h, unit-tested for
    # the column count); readline must print the colours and swallow the markers.
    with make() as sh:
        sh.prompt()
        sh.line("PS1=\"$(printf '\\033[1;31m')red$(printf '\\033[0m') PTY$ \"")
        sh.expect_exact("\x1b[1;31mred\x1b[0m PTY$ ")
        # What comes before the next PTY$ is the output, then the next prompt's coloured "red ".
        assert sh.run("echo $((6*7))") == "42\nred "


def scenario_bash_markers_in_ps1_are_not_shown(make):
    # bash's \[ \] around the colours: readline gets its markers, the screen only the colours.
    with make() as sh:
        sh.prompt()
        sh.line("PS1=\"\\\\[$(printf '\\033[1;32m')\\\\]green\\\\[$(printf '\\033[0m')\\\\] !$ \"")
        sh.expect_exact("\x1b[1;32mgreen\x1b[0m 2$ ")
        sh.line("echo $((6*7))")
        sh.expect_exact("42\r\n")
        sh.expect_exact("\x1b[1;32mgreen\x1b[0m 3$ ")
