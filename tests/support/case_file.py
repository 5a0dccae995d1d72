"""Reads the case files of tests/cases for the Python tools (tests/differential/run.py,
tests/stress_cases.py). The format is described in tests/unit/test_cases.cpp, whose C++ reader
is the one the test suite uses; this one must agree with it."""
import os
import signal


def default_signals():
    """A subprocess preexec_fn: the shell under test starts with every signal at its default
    action and none blocked. Python ignores SIGPIPE, and a runner started in the background has
    SIGINT and SIGQUIT ignored: a shell would keep them so, and `trap` would list them as ignored
    on entry (test_cases.cpp resets them too)."""
    for sig in range(1, signal.NSIG):
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
    signal.pthread_sigmask(signal.SIG_SETMASK, [])


def parse(path):
    """The cases of one file, each a dict: file, line, where ("file:line"), name, script,
    stdout, status, stderr (the stderr-contains texts), sanitizers and dash (the reasons)."""
    cases, block = [], None
    name = os.path.basename(path)
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, 1):
        if line.startswith("### "):
            cases.append({"file": name, "line": number, "where": f"{name}:{number}",
                          "name": line[4:], "script": "", "stdout": "", "status": 0,
                          "stderr": [], "sanitizers": "", "dash": ""})
            block = "script"
            continue
        if not cases:
            continue
        case = cases[-1]
        if line.startswith("## "):
            directive, block = line[3:], None
            if directive == "stdout:":
                block = "stdout"
            elif directive.startswith("status: "):
                case["status"] = int(directive[8:])
            elif directive.startswith("stderr-contains: "):
                case["stderr"].append(directive[17:])
            elif directive.startswith("sanitizers: "):
                case["sanitizers"] = directive[12:]
            elif directive.startswith("dash: "):
                case["dash"] = directive[6:]
            continue
        if block:
            case[block] += line + "\n"
    for case in cases:
        for key in ("script", "stdout"):
            text = case[key]
            while text.endswith("\n\n"):
                text = text[:-1]
            case[key] = "" if text == "\n" else text
    return cases
