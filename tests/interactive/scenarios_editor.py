"""The line editor's keys, one by one, in every form a terminal sends them: spawnsh's own editor
(SPAWNSH_LINE_EDITOR=builtin) is what these are for, and they run against readline's build too
wherever both editors promise the same thing (the rest is marked needs_editor).

Each typed command computes its output ($((...))), so the output the test waits for cannot be
the terminal's echo of what was typed."""
import os
import re
import termios

from pty_shell import (CONTROL_SEQUENCE, PROMPT, Screen, needs_editor, screen_text,
                       temporary_home, wait_until)

ESC = "\x1b"
LEFT = (ESC + "[D", ESC + "OD", "\x02")
RIGHT = (ESC + "[C", ESC + "OC", "\x06")
HOME = (ESC + "[H", ESC + "OH", "\x01")
END = (ESC + "[F", ESC + "OF", "\x05")
# The VT220 and rxvt forms (the Linux console sends these): readline knows them only from an
# inputrc that binds them, and the pty scenarios run readline with INPUTRC=/dev/null.
VT220_HOME = (ESC + "[1~", ESC + "[7~")
VT220_END = (ESC + "[4~", ESC + "[8~")
UP = (ESC + "[A", ESC + "OA", "\x10")
DOWN = (ESC + "[B", ESC + "OB", "\x0e")
BACKSPACE = ("\x7f", "\x08")
DELETE = ESC + "[3~"
SCROLLING_IS_THE_BUILTIN_EDITORS = (
    "a line wider than the terminal scrolls sideways in spawnsh's own editor; readline wraps it")


def completed_to(text):
    """A pattern for `text` written by a completion: readline rings the bell at an ambiguous
    completion before it inserts the common part, so a BEL may come in between."""
    return "\a?".join(re.escape(c) for c in text)


def typed(sh, keys, output):
    """Types `keys` and Enter; waits for `output` on a line of its own, then the prompt."""
    sh.send(keys)
    sh.line("")
    sh.expect_exact(output + "\r\n")
    sh.prompt()


def scenario_home_and_end_in_every_form(make):
    with make() as sh:
        sh.prompt()
        for i, (home, end) in enumerate(zip(HOME, END)):
            # `cho :$((i*10))`, Home, `e`, End, `:` is `echo :10i:`.
            typed(sh, f"cho :$(({i}*10))" + home + "e" + end + ":", f":{i * 10}:")


@needs_editor("builtin", "readline binds ESC [ 1 ~ and ESC [ 4 ~ only through an inputrc")
def scenario_home_and_end_in_the_vt220_forms(make):
    with make() as sh:
        sh.prompt()
        for i, (home, end) in enumerate(zip(VT220_HOME, VT220_END)):
            typed(sh, f"cho :$(({i}*10))" + home + "e" + end + ":", f":{i * 10}:")


def scenario_left_and_right_in_every_form(make):
    with make() as sh:
        sh.prompt()
        for i, (left, right) in enumerate(zip(LEFT, RIGHT)):
            # `echo 14`, back two, forward one: between 1 and 4.
            typed(sh, f"echo 1{i}" + left + left + right + "$((2+3))", f"15{i}")


def scenario_backspace_and_delete_take_one_character(make):
    with make() as sh:
        sh.prompt()
        for n, backspace in enumerate(BACKSPACE):
            # The X before the cursor goes: $((40+2)).
            typed(sh, f"echo $((4{n}+X2))" + LEFT[0] * 3 + backspace, f"{40 + n + 2}")
        for n, delete in enumerate((DELETE, "\x04")):  # Delete, and Ctrl-D on a non-empty line
            # The X under the cursor goes: $((50+5)).
            typed(sh, f"echo $((5{n}+X5))" + LEFT[0] * 4 + delete, f"{50 + n + 5}")
        # Backspace at the start of the line and Delete at its end change nothing.
        typed(sh, "\x7fecho $((7*7))" + DELETE, "49")


def scenario_ctrl_d_on_an_empty_line_ends_the_shell(make):
    with make() as sh:
        sh.prompt()
        sh.send("echo x")
        sh.send("\x7f" * 6)  # the line is empty again: now ^D is the end of input
        sh.control("d")
        assert sh.exit_status() == 0


def scenario_ctrl_k_u_w_and_y_kill_and_yank(make):
    with make() as sh:
        sh.prompt()
        typed(sh, "echo $((6*7)) wrongtail\x17", "42")       # ^W: the word before the cursor
        typed(sh, "echo $((7*7))junk" + LEFT[0] * 4 + "\x0b", "49")  # ^K: to the end
        typed(sh, "garbage\x15echo $((8*8))", "64")           # ^U: to the start
        typed(sh, "echo $((9*9))\x17\x19", "81")              # ^Y: what ^W took, back


def scenario_ctrl_l_draws_the_prompt_and_line_again(make):
    with make() as sh:
        sh.prompt()
        sh.send("echo $((3*3))")
        sh.control("l")
        sh.expect_exact(PROMPT + "echo $((3*3))")
        typed(sh, "", "9")


def scenario_multibyte_characters_move_and_delete_whole(make):
    with make(env={"LC_ALL": "C.UTF-8"}) as sh:
        sh.prompt()
        # Left over é (two bytes) then `-`: a move by bytes would split é.
        typed(sh, "echo é" + LEFT[0] + "-", "-é")
        # Backspace after a three-byte character takes all three.
        typed(sh, "echo a€b" + LEFT[0] + BACKSPACE[0], "ab")
        typed(sh, "echo a€b" + LEFT[0] * 2 + DELETE, "ab")


def scenario_history_up_and_down_in_every_form(make):
    with make() as sh:
        sh.prompt()
        sh.run("echo h$((1))")
        sh.run("echo h$((2))")
        for up, down in zip(UP, DOWN):
            # Up stops at the oldest command (h1) with a bell; each round adds an `echo h2`, so
            # three Ups and a Down land on one in every round.
            typed(sh, up + up + up + down, "h2")
        # Down past the newest command brings back the line being typed.
        typed(sh, "echo draft$((5))" + UP[0] + UP[0] + DOWN[0] + DOWN[0], "draft5")


def scenario_history_across_sessions_in_histfile_with_histsize(make):
    with temporary_home() as home:
        histfile = os.path.join(home, "hist")
        env = {"HISTFILE": histfile}
        with make(home=home, env=env) as sh:
            sh.prompt()
            sh.run("echo one-$((1))")
            sh.run("echo two-$((2))")
            sh.line("exit")
            assert sh.exit_status() == 0
        with open(histfile) as f:
            assert f.read() == "echo one-$((1))\necho two-$((2))\nexit\n"
        with make(home=home, env=dict(env, HISTSIZE="2")) as sh:
            sh.prompt()
            # HISTSIZE=2: only `echo two` and `exit` were loaded; a third Up stays on the oldest.
            typed(sh, UP[0] * 3, "two-2")
            # fc sees the same list the arrows walk: the recalled command ran as command 3.
            assert sh.run("fc -l -2") == "3\techo two-$((2))\n"


def scenario_ctrl_c_drops_a_half_typed_line_and_history_does_not_keep_it(make):
    with make() as sh:
        sh.prompt()
        sh.run("echo kept-$((1))")
        sh.send("echo dropped-$((2))" + LEFT[0] * 3)
        sh.control("c")
        assert "^C" in screen_text(sh.prompt())
        assert sh.run("echo status=$?") == "status=130\n"
        typed(sh, UP[0] * 2, "kept-1")  # Up: `echo status`, then `echo kept`


def scenario_tab_completes_one_file_name(make):
    with make() as sh:
        with open(os.path.join(sh.home, "zz_only_file.txt"), "w") as f:
            f.write("only-one\n")
        os.mkdir(os.path.join(sh.home, "zz_dir"))
        with open(os.path.join(sh.home, "zz_dir", "inner"), "w") as f:
            f.write("inner-file\n")
        sh.prompt()
        typed(sh, "cat zz_on\t", "only-one")
        # A directory completes with its slash and no space, so the path goes on.
        typed(sh, "cat zz_d\tin\t", "inner-file")


def scenario_tab_twice_lists_several_candidates(make):
    with make() as sh:
        for suffix in ("alpha", "beta"):
            with open(os.path.join(sh.home, "zzmulti_" + suffix), "w") as f:
                f.write(f"content-{suffix}\n")
        sh.prompt()
        sh.send("cat zzm\t")  # the common part, zzmulti_
        sh.expect(completed_to("zzmulti_"))
        # Nothing more in common: the next Tab rings the bell, and the one after lists both
        # (as readline: a Tab lists when the Tab before it changed nothing).
        sh.send("\t")
        sh.expect_exact("\a")
        sh.send("\t")
        sh.expect(r"zzmulti_alpha +zzmulti_beta\s*\r\n")
        sh.expect_exact(PROMPT + "cat zzmulti_")  # the prompt and the line again
        typed(sh, "b\t", "content-beta")


@needs_editor("builtin", SCROLLING_IS_THE_BUILTIN_EDITORS)
def scenario_a_line_wider_than_the_terminal_scrolls_within_it(make):
    columns = 40
    with make(cols=columns) as sh:
        sh.prompt()
        long_word = "a" * 70
        sh.send(f"echo {long_word} $((2*21))")
        sh.send(HOME[2] + RIGHT[0] * 5 + "b")  # to the start of the word; `b` before it
        sh.line("")
        drawn = sh.expect_exact(f"b{long_word} 42\r\n")
        rows_within_the_width(drawn, columns)
        sh.prompt()


@needs_editor("builtin", SCROLLING_IS_THE_BUILTIN_EDITORS)
def scenario_a_resized_terminal_is_drawn_at_its_new_width(make):
    with make(cols=200) as sh:
        sh.prompt()
        sh.send("echo " + "c" * 100 + " $((3*11))")
        sh.expect_exact("$((3*11))")
        sh.child.setwinsize(24, 30)  # SIGWINCH to the shell, before the next key is typed
        sh.send(HOME[2])  # the start of the line drawn again, at the new width
        sh.line("")
        after_resize = sh.expect_exact("c" * 100 + " 33\r\n")
        assert "echo ccc" in after_resize, after_resize
        rows_within_the_width(after_resize, 30)
        sh.prompt()


@needs_editor("builtin", SCROLLING_IS_THE_BUILTIN_EDITORS)
def scenario_a_prompt_wider_than_the_terminal_leaves_the_line_its_last_row(make):
    columns = 40
    # 45 + 5 columns of prompt: the terminal wraps it, and the line starts at column 10.
    with make(cols=columns, env={"PS1": "w" * 45 + PROMPT}) as sh:
        sh.prompt()
        sh.send("echo " + "d" * 50 + " $((4*11))" + HOME[2] + RIGHT[0] * 5 + "e")
        sh.line("")
        drawn = sh.expect_exact("e" + "d" * 50 + " 44\r\n")
        rows_within_the_width(drawn, columns)
        assert re.search(r"\x1b\[10C", drawn), drawn  # moves past the prompt's 10 columns
        sh.prompt()


def scenario_a_prompt_as_wide_as_the_terminal_keeps_its_row(make):
    # A terminal defers the wrap at the last column: after a prompt of exactly `columns`, the
    # cursor still sits on the prompt's row, and a CR there goes back over the prompt. A key
    # that redraws the line (Up, here, as the first key) must draw it on the row below. Both
    # editors: each ends such a prompt with " \r", which makes the terminal take the wrap.
    columns = 40
    prompt = "w" * (columns - len(PROMPT)) + PROMPT
    with make(cols=columns, env={"PS1": prompt}) as sh:
        sh.prompt()
        typed(sh, "echo $((6*7))", "42")
        sh.send(UP[0])
        sh.expect_exact("$((6*7))")
        typed(sh, "", "42")
        shown = [line for line in Screen(sh.transcript.getvalue(), cols=columns).lines() if line]
        command = ["echo $((6*7))", "42", prompt.rstrip()]
        assert shown[-7:] == [prompt.rstrip()] + command + command, shown


def rows_within_the_width(drawn, columns):
    """Every stretch the editor drew between carriage returns fits in `columns`, and every
    cursor move (ESC [ n C) stays inside the row: nothing wrapped."""
    for move in re.findall(r"\x1b\[(\d+)C", drawn):
        assert int(move) < columns, (move, drawn)
    for piece in re.split(r"[\r\n]", drawn):
        shown = CONTROL_SEQUENCE.sub("", piece)
        assert len(shown) < columns, (len(shown), shown)


def scenario_multi_line_prompts_and_ps2(make):
    with make(env={"PS1": "top-line\n" + PROMPT}) as sh:
        sh.expect_exact("top-line\r\n" + PROMPT)
        typed(sh, "cho $((5*5))" + HOME[0] + "e", "25")
        # PS2: a continuation line is edited the same way.
        sh.line("if true")
        sh.expect_exact("> ")
        sh.send("hen echo $((6*6)); fi" + HOME[2] + "t")
        sh.line("")
        sh.expect_exact("36\r\n")
        sh.prompt()
        # ^L draws the whole prompt again, both of its lines.
        sh.send("echo $((7*7))")
        sh.control("l")
        sh.expect_exact("top-line\r\n" + PROMPT + "echo $((7*7))")
        typed(sh, "", "49")


def slave_modes(sh):
    fd = os.open(os.readlink(f"/proc/{sh.child.pid}/fd/0"), os.O_RDONLY | os.O_NOCTTY)
    try:
        return termios.tcgetattr(fd)
    finally:
        os.close(fd)


def scenario_raw_mode_only_at_the_prompt_and_stty_the_same_after(make):
    with make() as sh:
        sh.prompt()
        spawnsh = os.readlink(f"/proc/{sh.child.pid}/exe")
        sh.run("stty -a > before")
        # A second shell of the same build: keys, ^C, a listing, history, then ^D ends it.
        sh.line(f"PS1='inner$ ' {spawnsh} -i")
        sh.expect_exact("inner$ ")
        for name in ("zzx_one", "zzx_two"):
            open(os.path.join(sh.home, name), "w").close()
        sh.send("echo zzx\t")
        sh.expect(completed_to("zzx_"))
        sh.send("\t\t")
        sh.expect(r"zzx_one +zzx_two")
        sh.control("c")
        # The ^C's own echo first: the prompt drawn again after the listing is already there.
        sh.expect_exact("^C")
        sh.expect_exact("inner$ ")
        sh.send("echo $((2*50))" + LEFT[0] + HOME[0] + END[0] + "\r")
        sh.expect_exact("100\r\n")
        sh.expect_exact("inner$ ")
        sh.send(UP[0] + "\x15")
        sh.control("d")
        sh.prompt()
        assert sh.run("stty -a > after; cmp before after && echo same") == "same\n"


def scenario_terminal_is_raw_only_while_a_line_is_read(make):
    with make() as sh:
        sh.prompt()
        # At the prompt: no canonical mode, no echo (the editor echoes).
        lflag = slave_modes(sh)[3]
        assert not lflag & termios.ICANON and not lflag & termios.ECHO
        # While a command runs: the modes the user set (cooked).
        sh.line("read x")
        wait_until(lambda: slave_modes(sh)[3] & termios.ICANON, "cooked mode for read")
        assert slave_modes(sh)[3] & termios.ECHO
        sh.line("typed")
        sh.prompt()


def terminal_file_flags(sh):
    """The file status flags of the shell's fd 0 (the terminal), from /proc."""
    with open(f"/proc/{sh.child.pid}/fdinfo/0") as f:
        for line in f:
            if line.startswith("flags:"):
                return int(line.split()[1], 8)
    raise AssertionError("no flags in fdinfo")


def scenario_the_terminal_is_never_left_non_blocking_at_the_prompt(make):
    """fds 0-2 on a terminal are one open file: O_NONBLOCK on it while the prompt waits would
    make every writer to the terminal meanwhile (a background job, the editor's own output on a
    slow serial line) fail with EAGAIN once the terminal's buffer is full. The editors set it
    for each one-byte read only."""
    with make() as sh:
        sh.prompt()
        assert not terminal_file_flags(sh) & os.O_NONBLOCK
        sh.send("echo $((3*3))")
        sh.expect_exact("echo $((3*3))")  # echoed: the editor has read and handled the keys
        assert not terminal_file_flags(sh) & os.O_NONBLOCK
        sh.line("")
        sh.expect_exact("9\r\n")
        sh.prompt()


@needs_editor("builtin", "readline edits even with TERM=dumb; spawnsh's own editor reads plain "
                         "lines there, as the fd source does")
def scenario_term_dumb_reads_plain_lines(make):
    with make(env={"TERM": "dumb"}) as sh:
        sh.prompt()
        lflag = slave_modes(sh)[3]
        assert lflag & termios.ICANON and lflag & termios.ECHO  # the terminal's own line
        assert sh.run("echo $((4*4))") == "16\n"
        sh.control("d")
        assert sh.exit_status() == 0
