#!/usr/bin/env python3
"""A large shell (issue 16): the cost of ( : ), x=$(echo hi), /bin/true and echo x | cat in a
shell holding 0, 256 MiB or 1 GiB of variables, for spawnsh under each backend, dash and
busybox ash, with the ratio of each to dash at the same size.

    bench/large_shell.py BUILD_DIR [--rounds R] [--sizes 0,256M,1G] [--backends fork,vfork,...]
                         [--before OLD_SPAWNSH]

Each shell runs one script per size: it grows an unexported variable to the size by doubling
(b=$b$b), then runs each workload in a `while [ ]` loop between two marker lines it echoes (a
builtin in every shell, so no process is made for them). This script reads the shell's output
through a pipe and stamps each marker as it arrives, so the time of building the variable and
of starting the shell is left out. The loop itself is measured too (`:`), to read the
workloads' own cost. Rounds are interleaved across the shells; the table shows medians.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

WORKLOADS = [
    ("loop only (:)", ":"),
    ("( : )", "( : )"),
    ("x=$(echo hi)", "x=$(echo hi)"),
    ("/bin/true", "/bin/true"),
    ("echo x | cat", "echo x | cat >/dev/null"),
]
# Iterations per workload at each size: a forked copy of a 1 GiB shell costs tens of ms.
ITERATIONS = {0: 2000, 256 << 20: 300, 1 << 30: 60}


def parse_size(text):
    text = text.strip().upper()
    for suffix, factor in (("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if text.endswith(suffix):
            return int(text[:-1]) * factor
    return int(text)


def script(size, iterations):
    lines = []
    if size > 0:
        doublings = size.bit_length() - 1  # sizes are powers of two
        # Not x: x=$(echo hi) must not drop the ballast.
        lines.append(f"b=a; n=0; while [ $n -lt {doublings} ]; do b=$b$b; n=$((n+1)); done")
    for index, (_, body) in enumerate(WORKLOADS):
        lines.append(f"echo B{index}")
        lines.append(f"i=0; while [ $i -lt {iterations} ]; do {body}; i=$((i+1)); done")
        lines.append(f"echo E{index}")
    return "\n".join(lines) + "\n"


def run(command, text, iterations):
    """Per-iteration nanoseconds of each workload, from the markers' arrival times. The shell
    runs at nice 5 and this reader at its own priority, unbuffered, so that a marker is stamped
    when it is written even on a busy machine."""
    process = subprocess.Popen(["nice", "-n", "5"] + command + [text], stdout=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, bufsize=0)
    fd = process.stdout.fileno()
    begun = {}
    costs = {}
    pending = b""
    while True:
        chunk = os.read(fd, 4096)
        now = time.monotonic_ns()
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            line = line.decode().strip()
            if line.startswith("B"):
                begun[int(line[1:])] = now
            elif line.startswith("E"):
                index = int(line[1:])
                costs[index] = (now - begun[index]) / iterations
    if process.wait() != 0:
        sys.exit(f"{command[0]} failed with status {process.returncode}")
    return costs


def shown(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    return f"{ns / 1e3:.1f} us"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="0,256M,1G")
    parser.add_argument("--backends", default="fork,vfork,clone,posix_spawn")
    parser.add_argument("--iterations", type=int,
                        help="iterations per workload at every size (default: by size)")
    parser.add_argument("--before", help="another spawnsh (the build a change started from), "
                        "run with its default backend in a column of its own")
    args = parser.parse_args()
    spawnsh = os.path.join(args.build, "app", "spawnsh")
    if not os.access(spawnsh, os.X_OK):
        sys.exit(f"no spawnsh at {spawnsh}")

    shells = [(f"spawnsh {b}", [spawnsh, f"--spawn={b}", "-c"]) for b in args.backends.split(",")]
    if args.before:
        shells.append(("before", [args.before, "-c"]))
    shells.append(("dash", ["dash", "-c"]))
    shells.append(("busybox ash", ["busybox", "ash", "-c"]))
    sizes = [parse_size(s) for s in args.sizes.split(",")]

    for size in sizes:
        iterations = args.iterations or ITERATIONS.get(size, 100)
        text = script(size, iterations)
        samples = {name: {i: [] for i in range(len(WORKLOADS))} for name, _ in shells}
        for _ in range(args.rounds):
            for name, command in shells:
                for index, cost in run(command, text, iterations).items():
                    samples[name][index].append(cost)
        label = "0" if size == 0 else f"{size >> 20} MiB"
        print(f"\n### {label} of variables ({iterations} iterations, median of {args.rounds})\n")
        print("| workload | " + " | ".join(name for name, _ in shells) + " |")
        print("|---|" + "---:|" * len(shells))
        for index, (title, _) in enumerate(WORKLOADS):
            medians = {name: statistics.median(samples[name][index]) for name, _ in shells}
            dash = medians["dash"]
            # A cheap row over few iterations can have its two markers arrive in one read, so
            # dash's cost reads 0: no ratio then.
            cells = [f"{shown(medians[name])} ({medians[name] / dash:.2f})" if dash > 0
                     else f"{shown(medians[name])} (n/a)" for name, _ in shells]
            print(f"| `{title}` | " + " | ".join(cells) + " |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
