"""Runs every scenario_* function of one scenario file against spawnsh on a pty.

usage: run_scenarios.py SPAWNSH BACKEND SCENARIO_FILE [NAME_FILTER]
SPAWNSH_PTY_EDITOR=builtin in the environment for a spawnsh built with SPAWNSH_LINE_EDITOR=builtin
(CTest sets it): scenarios marked for the other editor are then listed as not run.
Each scenario gets a fresh shell (and HOME); the output names each scenario and its result,
and the exit status is the number of failures (at most 1: it is a CTest verdict).
"""
import importlib.util
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pty_shell import PtyShell, built_editor  # noqa: E402


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary, backend, path = sys.argv[1:4]
    binary = os.path.abspath(binary)  # each shell starts in its own HOME
    wanted = sys.argv[4] if len(sys.argv) > 4 else ""
    spec = importlib.util.spec_from_file_location("scenarios", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    names = sorted(n for n in dir(module) if n.startswith("scenario_") and wanted in n)
    if not names:
        print(f"{path}: no scenario matches {wanted!r}", file=sys.stderr)
        return 2
    failed = []
    editor = built_editor()
    not_run = []
    for name in names:
        make = lambda **kw: PtyShell(binary, backend, **kw)  # noqa: E731
        scenario = getattr(module, name)
        needs = getattr(scenario, "needs_editor", None)
        if needs is not None and needs[0] != editor:
            not_run.append(name)
            print(f"not run {name} [{backend}]: needs the {needs[0]} editor, this is a "
                  f"{editor} build: {needs[1]}")
            continue
        try:
            scenario(make)
            print(f"ok   {name} [{backend}]")
        except Exception:  # every failure is reported, then the next scenario runs
            failed.append(name)
            print(f"FAIL {name} [{backend}]")
            traceback.print_exc(file=sys.stdout)
    ran = len(names) - len(not_run)
    print(f"{ran - len(failed)}/{ran} scenarios passed under {backend} ({editor} editor"
          + (f", {len(not_run)} not run: they need the other editor)" if not_run else ")"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
