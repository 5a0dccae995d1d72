"""Start-up files on a real terminal: a login shell (-l, or a name starting with '-') reads
/etc/profile and ~/.profile; an interactive shell then reads $ENV (parameter-expanded); the
history file is read after them, so they may set HISTFILE."""
import os

from pty_shell import temporary_home

# /etc/profile may set PS1 (Debian's sets '# ' or '$ '): the profile puts the test's back.
PROFILE = "PS1='PTY$ '\necho profile-ran-$((5*5))\nPROFILE_VAR=from-profile\n"


def write(home, name, text):
    with open(os.path.join(home, name), "w") as f:
        f.write(text)


def _login_reads_profile(make, **kw):
    with temporary_home() as home:
        write(home, ".profile", PROFILE)
        with make(home=home, **kw) as sh:
            sh.expect_exact("profile-ran-25")
            sh.prompt()
            assert sh.run("echo $PROFILE_VAR") == "from-profile\n"


def scenario_dash_l_reads_the_profile(make):
    _login_reads_profile(make, args=("-l", "-i"))


def scenario_a_name_starting_with_a_dash_reads_the_profile(make):
    _login_reads_profile(make, args=("-i",), argv0="-spawnsh")


def scenario_not_a_login_shell_reads_no_profile(make):
    with make() as sh:
        write(sh.home, ".profile", PROFILE)
        sh.prompt()
        assert sh.run("echo ${PROFILE_VAR-unset}") == "unset\n"


def scenario_env_names_a_file_after_parameter_expansion(make):
    with temporary_home() as home:
        write(home, ".shrc", "alias zzgreet='echo env-ran-$((6*6))'\nHISTFILE=$HOME/from-env\n")
        with make(home=home, env={"ENV": "$HOME/.shrc"}) as sh:
            sh.prompt()
            assert sh.run("zzgreet") == "env-ran-36\n"
            sh.line("exit")
            assert sh.exit_status() == 0
        # HISTFILE set by the ENV file is the one used.
        with open(os.path.join(home, "from-env")) as f:
            assert f.read() == "zzgreet\nexit\n"


def scenario_login_profile_then_env(make):
    with temporary_home() as home:
        write(home, ".profile", PROFILE + "ORDER=profile\n")
        write(home, ".shrc", 'ORDER="$ORDER,env"\n')
        with make(home=home, args=("-l", "-i"), env={"ENV": "$HOME/.shrc"}) as sh:
            sh.prompt()
            assert sh.run("echo $ORDER") == "profile,env\n"


def scenario_privileged_shell_reads_no_env_file(make):
    with temporary_home() as home:
        write(home, ".shrc", "ENV_RAN=yes\n")
        with make(home=home, args=("-i", "-p"), env={"ENV": "$HOME/.shrc"}) as sh:
            sh.prompt()
            assert sh.run("echo ${ENV_RAN-skipped}") == "skipped\n"


def scenario_ctrl_c_ends_a_start_up_file_stuck_in_a_loop(make):
    with temporary_home() as home:
        write(home, ".shrc", "echo rea''dy\nwhile :; do :; done\necho not-reached\n")
        with make(home=home, env={"ENV": "$HOME/.shrc"}) as sh:
            sh.expect(r"ready\r\n")
            sh.control("c")
            out = sh.prompt()
            assert "not-reached" not in out, out
            assert sh.run("echo alive") == "alive\n"
