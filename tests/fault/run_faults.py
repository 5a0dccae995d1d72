#!/usr/bin/env python3
"""Fault injection: every script of tests/fault/scripts/ under every backend, with the n-th call
of each family of system calls failing (fault_shim.c, LD_PRELOAD on a dynamically linked
spawnsh), n = 1, 2, ... until the script makes no n-th call (or --max-n).

Each faulty run must end in one of two ways:
  - as the clean run did: the same stdout and status, or
  - with a message from the shell on stderr naming the error (strerror of the injected errno);
    the scripts run under set -e -o pipefail, so the status is then non-zero unless the
    failing command was tested (a while-read loop ends early);
and always: not killed by a signal, finished within --timeout (a safety net against hangs, not
a speed check), the same fds open at exit as in the clean run (the EXIT trap lists them) and no
child left behind (the EXIT trap lists the shell's children, zombies included).

Every family must be reached under every backend (at least one injected failure): a family
the scripts never call there would otherwise pass by testing nothing.

  run_faults.py --spawnsh BUILD/spawnsh_dynamic --shim BUILD/libspawnsh_fault_shim.so
                [--backends fork,vfork,clone,posix_spawn] [--families spawn,pipe,...]
                [--scripts DIR] [--max-n 40] [--verbose]
"""
import argparse
import os
import subprocess
import sys
import tempfile

FAMILIES = {  # name: (errno injected by default, must match fault_shim.c)
    "spawn": "EAGAIN", "pipe": "EMFILE", "open": "EMFILE", "dup": "EMFILE", "dup2": "EBUSY",
    "read": "EIO", "write": "EIO", "memfd": "EMFILE", "wait": "EINTR",
}

# Installed first: lists what the shell holds when it exits. Opening /spawnsh-fault-off turns
# injection off so that the listing itself is never the call that fails. Only builtins run here.
# The script's own fds 3-9 are closed first: it may have ended before closing them, and the
# listing's directory fd then takes a number of its own.
PRELUDE = r"""trap ': </spawnsh-fault-off
exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
echo "@@fds" /proc/self/fd/* >&2
for s in /proc/[0-9]*/stat; do
  read -r st 2>/dev/null <"$s" || continue
  rest=${st##*) }
  set -- $rest
  [ "$2" = $$ ] && echo "@@child ${st%% *} $1" >&2
done
echo "@@end" >&2' EXIT
set -e -o pipefail
"""



def run(args, script, backend, fault, workdir):
    report = os.path.join(workdir, "fault-report")
    if os.path.exists(report):
        os.unlink(report)
    env = dict(os.environ)
    env["LD_PRELOAD"] = ":".join(args.preload_first + [args.shim])
    env["SPAWNSH_FAULT"] = fault
    env["SPAWNSH_FAULT_REPORT"] = report
    for f in ("f1", "f2"):
        with open(os.path.join(workdir, f), "w") as fh:
            fh.write("old\n")
    try:
        p = subprocess.run([args.spawnsh, "--spawn=" + backend, "-c", PRELUDE + script],
                           cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=args.timeout)
        out, err, status = p.stdout, p.stderr.decode(errors="replace"), p.returncode
    except subprocess.TimeoutExpired as e:
        out, err, status = e.stdout or b"", (e.stderr or b"").decode(errors="replace"), "timeout"
    injected = os.path.exists(report) and os.path.getsize(report) > 0
    fds, children, ended, messages = None, [], False, []
    for line in err.splitlines():
        if line.startswith("@@fds"):
            fds = set(line.split()[1:])
        elif line.startswith("@@child"):
            children.append(line)
        elif line.startswith("@@end"):
            ended = True
        else:
            messages.append(line)
    return {"out": out, "status": status, "fds": fds, "children": children, "ended": ended,
            "messages": messages, "injected": injected}


def problems(clean, r, errno_name):
    found = []
    if r["status"] == "timeout":
        return ["no end within the timeout (hang?)"]
    if r["status"] < 0:
        found.append("killed by signal %d" % -r["status"])
    if r["children"]:
        found.append("children left: " + "; ".join(r["children"]))
    # More fds than the clean run are a leak. Not the numbers: a run that ended early may not
    # have opened what the clean run opened lazily (the shell's /dev/null for background jobs),
    # and a failed move to fd 10+ leaves a shell fd low (close-on-exec), as designed.
    if r["ended"] and len(r["fds"]) > len(clean["fds"]):
        found.append("fds left open at exit: %s (clean run: %s)" %
                     (sorted(r["fds"]), sorted(clean["fds"])))
    same = r["out"] == clean["out"] and r["status"] == clean["status"]
    if not same:
        # The scripts run under set -e -o pipefail, so a failure ends them with a non-zero
        # status, except where the failing command is tested (a while-read loop ends early,
        # as it must): there the message alone tells the user.
        text = os.strerror(getattr(__import__("errno"), errno_name))
        # A message may be on stdout when the script sends stderr there (2>&1 | cat).
        lines = r["messages"] + r["out"].decode(errors="replace").splitlines()
        if not any(text in m and "spawnsh" in m for m in lines):
            found.append("outcome changed (status %s) without a message saying %r" %
                         (r["status"], text))
    return found


def schedule(max_n):
    n = 1
    while n <= max_n:
        yield n
        n = n + 1 if n < 16 else n + n // 4


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spawnsh", required=True)
    ap.add_argument("--shim", required=True)
    ap.add_argument("--scripts", default=os.path.join(os.path.dirname(__file__), "scripts"))
    ap.add_argument("--backends", default="fork,vfork,clone,posix_spawn")
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--max-n", type=int, default=40)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--preload-first", action="append", default=[],
                    help="a library to preload before the shim (the ASan runtime)")
    args = ap.parse_args()
    args.shim = os.path.abspath(args.shim)
    scripts = sorted(f for f in os.listdir(args.scripts) if f.endswith(".sh"))
    failures = runs = 0
    families = args.families.split(",")
    backends = args.backends.split(",")
    # (backend, family) pairs where some script made at least one call that failed: a family
    # the scripts never reach under a backend would otherwise pass by testing nothing.
    injected = set()
    with tempfile.TemporaryDirectory(prefix="spawnsh-fault-") as workdir:
        for name in scripts:
            with open(os.path.join(args.scripts, name)) as fh:
                script = fh.read()
            for backend in backends:
                clean = run(args, script, backend, "spawn:0", workdir)
                if clean["status"] != 0 or not clean["ended"] or clean["children"]:
                    print("FAIL %s [%s]: the clean run failed: status %s, stderr %s" %
                          (name, backend, clean["status"], clean["messages"]))
                    failures += 1
                    continue
                for family in families:
                    for n in schedule(args.max_n):
                        r = run(args, script, backend, "%s:%d" % (family, n), workdir)
                        runs += 1
                        if not r["injected"]:
                            break  # the script makes fewer calls of this family
                        injected.add((backend, family))
                        found = problems(clean, r, FAMILIES[family])
                        if found or args.verbose:
                            print("%s %s [%s] %s:%d: %s" % (
                                "FAIL" if found else "ok", name, backend, family, n,
                                "; ".join(found) or "status %s" % r["status"]))
                            if found:
                                for m in r["messages"][:4]:
                                    print("      stderr| " + m)
                        failures += bool(found)
    for backend in backends:
        for family in families:
            if (backend, family) not in injected:
                print("FAIL [%s] %s: no script made such a call, so no fault was injected" %
                      (backend, family))
                failures += 1
    print("fault injection: %d runs, %d failures, %d of %d backend-family pairs injected" %
          (runs, failures, len(injected), len(backends) * len(families)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
