#!/usr/bin/env python3
"""Runs the case suite (tests/cases/*.case) many times, many cases at once, and names every case
that fails even once: a hunt for cases that depend on timing. Not run by CTest.

usage: stress_cases.py SPAWNSH [--rounds N] [--jobs N] [--backends LIST] [--files TEXT]
                       [--name TEXT] [--sanitized]
  --backends  comma-separated spawn backends, and `dash` for /bin/dash (default: all five)
  --files     only the .case files whose name contains TEXT; --name: only the cases whose name
              contains TEXT
  --sanitized leave out the cases marked `## sanitizers:` (for an SPAWNSH_SANITIZE build)
Each case runs as test_cases.cpp runs it: `SPAWNSH --spawn=B -c SCRIPT` in an empty directory,
stdin /dev/null, PATH/HOME/LC_ALL/PWD only, every signal at its default and none blocked. More
jobs than cores is the point (load, as on a busy CI machine); run it under `nice -n 19`.
Exit status 1 when any run failed.
"""
import argparse
import collections
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
import case_file  # noqa: E402

CASES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
BACKENDS = "fork,vfork,clone,posix_spawn,emulated"


def run(binary, backend, case):
    """One run: (passed, what was seen)."""
    directory = tempfile.mkdtemp(prefix="spawnsh-stress-")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": directory, "LC_ALL": "C",
           "PWD": directory}
    argv = (["/bin/dash"] if backend == "dash" else [binary, f"--spawn={backend}"])
    argv += ["-c", case["script"]]
    try:
        p = subprocess.run(argv, cwd=directory, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=600, preexec_fn=case_file.default_signals)
        out = p.stdout.decode(errors="replace")
        err = p.stderr.decode(errors="replace")
        status = p.returncode if p.returncode >= 0 else 128 - p.returncode
    except subprocess.TimeoutExpired:
        out, err, status = "", "(no end within 600 s)", -1
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    passed = out == case["stdout"] and status == case["status"]
    if backend != "dash":  # dash is held to stdout and status only (as test_cases.cpp does)
        passed = (passed and all(text in err for text in case["stderr"])
                  and "Sanitizer" not in err and "runtime error: " not in err)
    return passed, f"status {status}\n  stdout {out[:500]!r}\n  stderr {err[:500]!r}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("spawnsh")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2 * (os.cpu_count() or 2))
    ap.add_argument("--backends", default=BACKENDS)
    ap.add_argument("--files", default="")
    ap.add_argument("--name", default="")
    ap.add_argument("--sanitized", action="store_true")
    args = ap.parse_args()
    binary = os.path.abspath(args.spawnsh)
    cases = []
    for name in sorted(os.listdir(CASES_DIR)):
        if name.endswith(".case") and args.files in name:
            cases += [c for c in case_file.parse(os.path.join(CASES_DIR, name))
                      if args.name in c["name"] and not (args.sanitized and c["sanitizers"])]
    # dash runs only the cases it is known to agree with (as the CTest dash run).
    runs = [(b, c) for _ in range(args.rounds) for b in args.backends.split(",") for c in cases
            if not (b == "dash" and c["dash"])]
    failures = collections.Counter()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        pending = {pool.submit(run, binary, b, c): (b, c) for b, c in runs}
        for done in concurrent.futures.as_completed(pending):
            backend, case = pending[done]
            passed, seen = done.result()
            if not passed:
                failures[(case["where"], case["name"], backend)] += 1
                print(f"FAIL {case['where']} {case['name']} [{backend}]\n  {seen}", flush=True)
    print(f"{len(runs)} runs ({len(cases)} cases, {args.backends}, {args.rounds} rounds): "
          f"{sum(failures.values())} failed")
    for (where, name, backend), count in sorted(failures.items()):
        print(f"  {count} x {where} {name} [{backend}]")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
