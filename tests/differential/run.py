#!/usr/bin/env python3
"""Differential runner: every case of tests/cases/*.case under spawnsh and its peers.

Each case script runs as `SHELL -c SCRIPT` under spawnsh and under dash, bash --posix, mksh and
yash (whichever are installed), the way tests/unit/test_cases.cpp runs it: in a fresh empty
directory, stdin from /dev/null, a small fixed environment, every signal at its default action.
A case's result is its stdout and exit status. The peers' most common result is the majority;
the runner prints each case where spawnsh's result differs from it, and a count per case file:
cases, differ (spawnsh is not the majority), as-dash (of those, dash gives spawnsh's result:
where POSIX leaves a choice the project follows dash) and no-majority (the peers disagree).

It is a survey, not a test: a difference is a question to decide against the standard (then a
case records the answer, with `## dash:` lines where a peer is wrong), not a failure. Never run
by CTest. Usage:

    tests/differential/run.py [--spawnsh PATH] [--cases SUBSTRING]... [--jobs N] [--all] [-v]

--all also prints cases where the peers do not agree with each other (no majority).
Exit status: 0 when spawnsh matches every majority, 1 otherwise, 2 on a usage error.
"""
import argparse
import collections
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import case_file  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "..", "cases")
PEERS = [("dash", ["dash"]), ("bash", ["bash", "--posix"]), ("mksh", ["mksh"]),
         ("yash", ["yash"])]
TIMEOUT_SECONDS = 30  # a survey tool, not a unit test: a hung peer must not stop the run


def run(argv, script):
    """(stdout, status) of one shell on one script; status 128+n when killed by signal n."""
    with tempfile.TemporaryDirectory(prefix="spawnsh-diff-") as directory:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": directory,
               "LC_ALL": "C", "PWD": directory}
        try:
            p = subprocess.run(argv + ["-c", script], cwd=directory, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, timeout=TIMEOUT_SECONDS,
                               preexec_fn=case_file.default_signals)
        except subprocess.TimeoutExpired:
            return ("<timed out>", -1)
        except OSError as error:
            return (f"<could not run: {error}>", -1)
        status = p.returncode if p.returncode >= 0 else 128 - p.returncode
        return (p.stdout.decode("utf-8", "replace"), status)


def survey(case, spawnsh, peers):
    results = {"spawnsh": run(spawnsh, case["script"])}
    for name, argv in peers:
        results[name] = run(argv, case["script"])
    return case, results


def shown(result):
    out, status = result
    text = out if len(out) <= 300 else out[:300] + "[...]"
    return f"status {status}, stdout {text!r}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spawnsh", default=os.path.join(HERE, "..", "..", "build", "app",
                                                          "spawnsh"))
    parser.add_argument("--cases", action="append", default=[],
                        help="only case files whose name contains this (may be repeated)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--all", action="store_true", help="also show cases without a majority")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every peer's result")
    args = parser.parse_args()
    if not os.access(args.spawnsh, os.X_OK):
        print(f"run.py: no spawnsh at {args.spawnsh} (build it, or give --spawnsh)",
              file=sys.stderr)
        return 2
    peers = [(name, [shutil.which(argv[0])] + argv[1:]) for name, argv in PEERS
             if shutil.which(argv[0])]
    missing = [name for name, _ in PEERS if name not in dict(peers)]
    if missing:
        print(f"run.py: not installed, left out: {' '.join(missing)}", file=sys.stderr)
    if len(peers) < 2:
        print("run.py: fewer than two peers: no majority to compare with", file=sys.stderr)
        return 2
    files = sorted(f for f in os.listdir(CASES_DIR) if f.endswith(".case") and
                   (not args.cases or any(part in f for part in args.cases)))
    cases = [c for f in files for c in case_file.parse(os.path.join(CASES_DIR, f))]

    # per file: cases, spawnsh differs from the majority, of those as dash does, no majority
    per_file = collections.OrderedDict((f, [0, 0, 0, 0]) for f in files)
    differences = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for case, results in pool.map(lambda c: survey(c, [args.spawnsh], peers), cases):
            counts = per_file[case["file"]]
            counts[0] += 1
            votes = collections.Counter(results[name] for name, _ in peers)
            majority, count = votes.most_common(1)[0]
            if count * 2 <= len(peers):  # no result shared by more than half of the peers
                counts[3] += 1
                if not args.all:
                    continue
                header = "no majority"
            elif results["spawnsh"] == majority:
                continue
            else:
                counts[1] += 1
                differences += 1
                header = f"spawnsh differs from {count} of {len(peers)}"
                if results.get("dash") == results["spawnsh"]:
                    counts[2] += 1  # the project's rule where POSIX is open: as dash
                    header += ", as dash"
            where = f"{case['file']}:{case['line']}"
            print(f"== {where}: {case['name']} ({header})")
            print(f"   spawnsh:  {shown(results['spawnsh'])}")
            if header != "no majority":
                print(f"   majority: {shown(majority)}")
            expected = (case["stdout"], case["status"])
            expects = "spawnsh" if results["spawnsh"] == expected else "something else"
            recorded = f"; recorded: {case['dash']}" if case["dash"] else ""
            print(f"   the case expects {expects}{recorded}")
            if args.verbose or header == "no majority":
                for name, _ in peers:
                    print(f"   {name + ':':9} {shown(results[name])}")

    print("\ncase file                        cases  differ  as-dash  no-majority")
    for f, (n, d, a, m) in per_file.items():
        print(f"{f:32} {n:5}  {d:6}  {a:7}  {m:11}")
    total = [sum(v[i] for v in per_file.values()) for i in range(4)]
    print(f"{'total':32} {total[0]:5}  {total[1]:6}  {total[2]:7}  {total[3]:11}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
