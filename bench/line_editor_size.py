#!/usr/bin/env python3
"""What each line editor costs in the static spawnsh: the bytes of the symbols that come from GNU
Readline and ncurses' tinfo (readline build) against those of spawnsh's own editor
(SPAWNSH_LINE_EDITOR=builtin), summed from `nm -S`, and the two binaries' stripped sizes.

usage: bench/line_editor_size.py READLINE_BUILD_DIR BUILTIN_BUILD_DIR
(two build dirs of the same build type, configured without and with
-DSPAWNSH_LINE_EDITOR=builtin, spawnsh built in both)
"""
import glob
import os
import subprocess
import sys
import tempfile

ARCHIVE_DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib")


def nm(*args):
    return subprocess.run(["nm", *args], capture_output=True, text=True, check=False).stdout


def defined_in(paths):
    """Names of the code and data symbols the objects or archives define."""
    names = set()
    for path in paths:
        for line in nm("--defined-only", path).splitlines():
            fields = line.split()
            if len(fields) == 3 and fields[1] in "TtDdBbRrVW":
                names.add(fields[2])
    return names


def sizes(binary):
    out = {}
    for line in nm("-S", binary).splitlines():
        fields = line.split()
        if len(fields) == 4:
            out[fields[3]] = out.get(fields[3], 0) + int(fields[1], 16)
    return out


def archive(name):
    for d in ARCHIVE_DIRS:
        if os.path.exists(os.path.join(d, name)):
            return os.path.join(d, name)
    raise SystemExit(f"{name} not found in {ARCHIVE_DIRS}")


def objects(build, *names):
    return [p for n in names for p in glob.glob(f"{build}/shell/**/{n}.o", recursive=True)]


def own_symbols(build, names):
    """The symbols only these objects of `build` define: template code and inline functions that
    other objects define too (std::string's, say) would be in the binary without them."""
    mine = objects(build, *names)
    others = [p for p in glob.glob(f"{build}/**/*.o", recursive=True)
              if p not in mine and "/tests/" not in p and "/bench/" not in p]
    return defined_in(mine) - defined_in(others)


def stripped_size(binary):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "stripped")
        subprocess.run(["strip", "-o", out, binary], check=True)
        return os.path.getsize(out)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    readline_build, builtin_build = sys.argv[1:]
    rl_bin = f"{readline_build}/app/spawnsh"
    bi_bin = f"{builtin_build}/app/spawnsh"
    rl_sizes, bi_sizes = sizes(rl_bin), sizes(bi_bin)

    def total(table, names):
        return sum(table.get(n, 0) for n in names)

    rows = [
        ("readline build: libreadline.a symbols",
         total(rl_sizes, defined_in([archive("libreadline.a")]))),
        ("readline build: libtinfo.a symbols", total(rl_sizes, defined_in([archive("libtinfo.a")]))),
        ("readline build: readline_source.cpp",
         total(rl_sizes, own_symbols(readline_build, ["readline_source.cpp"]))),
        ("builtin build: line_editor, line_buffer, file_completion",
         total(bi_sizes, own_symbols(builtin_build, ["line_editor.cpp", "line_buffer.cpp",
                                                     "file_completion.cpp"]))),
        ("both builds: prompt_signals.cpp",
         total(bi_sizes, own_symbols(builtin_build, ["prompt_signals.cpp"]))),
    ]
    rl_stripped, bi_stripped = stripped_size(rl_bin), stripped_size(bi_bin)
    rows += [
        ("readline build: spawnsh stripped", rl_stripped),
        ("builtin build: spawnsh stripped", bi_stripped),
        ("difference (readline, tinfo and the libc they pull in)", rl_stripped - bi_stripped),
    ]
    for name, value in rows:
        print(f"{name:<52} {value:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
