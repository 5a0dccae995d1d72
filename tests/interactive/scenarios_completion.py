"""Tab completion: commands (functions, builtins, PATH programs, after `command`), variables,
file names with special characters, ~user and %job."""
import os
import pwd
import stat

from pty_shell import screen_text


def scenario_completes_a_function_name_as_a_command(make):
    with make() as sh:
        sh.prompt()
        sh.run("zz_unique_fn() { echo fn-$((3*3)); }")
        sh.send("zz_uniq\t")
        sh.line("")
        sh.expect_exact("fn-9\r\n")
        sh.prompt()


def scenario_completes_a_program_on_path_and_after_command(make):
    with make() as sh:
        bin_dir = os.path.join(sh.home, "bin")
        os.mkdir(bin_dir)
        program = os.path.join(bin_dir, "zzprogram")
        with open(program, "w") as f:
            f.write("#!/bin/sh\necho program-$((4+4))\n")
        os.chmod(program, stat.S_IRWXU)
        sh.prompt()
        sh.run('PATH="$HOME/bin:$PATH"')
        sh.send("zzprog\t")
        sh.line("")
        sh.expect_exact("program-8\r\n")
        sh.prompt()
        # After `command` (and sudo, exec, time) the next word is a command again.
        sh.send("command zzprog\t")
        sh.line("")
        sh.expect_exact("program-8\r\n")
        sh.prompt()
        # sudo here is a function that runs its operands: only completion is being tested.
        sh.run('sudo() { "$@"; }')
        sh.send("sudo zzprog\t")
        sh.line("")
        sh.expect_exact("program-8\r\n")
        sh.prompt()


def scenario_an_argument_completes_as_a_file_not_a_command(make):
    with make() as sh:
        open(os.path.join(sh.home, "zz_unique_fn.txt"), "w").close()
        sh.prompt()
        sh.run("zz_unique_fn() { :; }")
        sh.send("echo zz_uniq\t")
        sh.line("")
        sh.expect_exact("zz_unique_fn.txt\r\n")
        sh.prompt()


def scenario_completes_variable_names(make):
    with make() as sh:
        sh.prompt()
        sh.run("ZZ_LONG_VARIABLE=value-one")
        sh.send("echo $ZZ_LONG_V\t")
        sh.line("")
        sh.expect_exact("value-one\r\n")
        sh.prompt()
        # ${ completes to the closing brace, so the word can go on.
        sh.send("echo ${ZZ_LONG_V\t-two")
        sh.line("")
        sh.expect_exact("value-one-two\r\n")
        sh.prompt()


def scenario_completes_a_file_name_with_a_space_quoted(make):
    with make() as sh:
        with open(os.path.join(sh.home, "my file.txt"), "w") as f:
            f.write("inside-the-file\n")
        sh.prompt()
        sh.send("cat my\t")
        sh.line("")
        sh.expect_exact("inside-the-file\r\n")
        sh.prompt()
        assert sh.run("fc -l -1") == "1\tcat my\\ file.txt \n"


def scenario_completes_a_user_name(make):
    with make() as sh:
        sh.prompt()
        sh.send("echo ~roo\t")
        sh.line("")
        sh.expect_exact(pwd.getpwnam("root").pw_dir + "/\r\n")  # ~root/ expanded
        sh.prompt()


def scenario_completes_a_job(make):
    with make() as sh:
        sh.prompt()
        sh.run("sleep 30 &")
        # The wait on the same line: with a prompt between, the shell may reap the killed job
        # and report it there (it is then gone, and `wait %1` would fail), or not yet.
        sh.send("kill %\t")
        sh.line("; wait %1; echo status=$?")
        # kill %1 ended it: wait gives its status (128 + SIGTERM).
        assert screen_text(sh.prompt()).endswith("status=143\n")
        assert sh.run("fc -l -1") == "2\tkill %1 ; wait %1; echo status=$?\n"
