"""The prompt, a command, its output and status, PS2, and leaving the shell."""


def scenario_runs_a_command_and_shows_the_next_prompt(make):
    with make() as sh:
        sh.prompt()
        assert sh.run("echo hello; echo $((6*7))") == "hello\n42\n"


def scenario_external_program_output(make):
    with make() as sh:
        sh.prompt()
        assert sh.run("printf '%s\\n' a b | cat") == "a\nb\n"


def scenario_continuation_prompt(make):
    with make() as sh:
        sh.prompt()
        sh.line("if true")
        sh.expect_exact("> ")
        sh.line("then echo inside; fi")
        assert "inside" in sh.prompt()


def scenario_exit_status(make):
    with make() as sh:
        sh.prompt()
        sh.line("exit 3")
        assert sh.exit_status() == 3


def scenario_end_of_input_leaves(make):
    with make() as sh:
        sh.prompt()
        sh.run("false")
        sh.control("d")
        assert sh.exit_status() == 1
