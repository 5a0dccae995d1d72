#!/usr/bin/env python3
"""The size of the embedded spawnsh by part (bench/size.sh runs it).

Usage: size_table.py LINK_MAP UNSTRIPPED_BINARY

The link map (ld -Map) says which input each allocated section came from: a member of a static
library (libc.a, libstdc++.a, libreadline.a ...) or spawnsh's own code, which link-time
optimisation hands to the linker as ltrans partitions, with no trace of the source file. So
spawnsh's own bytes are split by the symbols in them (nm -S on the unstripped twin): the C++
namespace says the module (spawnsh::spawn: spawn/, spawnsh::builtins: builtins/,
spawnsh::compare and compare_run: compare/ and the compare mode, spawnsh::app: app/, any other
spawnsh:: namespace: shell/), std:: templates instantiated for spawnsh count as their own row.
Figures are bytes of the loaded sections (code, read-only data, unwind tables, data): what the
stripped file holds but for headers and alignment.
"""
import re
import subprocess
import sys
from collections import defaultdict

LOADED = re.compile(r"^\.(text|rodata|data|eh_frame|gcc_except_table|init_array|fini_array|tdata|"
                    r"__libc|stapsdt|note|rela|plt|got|init|fini)")


def library_of(path, section):
    """The row a link-map input belongs to."""
    if "ltrans" in path:
        return None  # spawnsh's own code: split by symbol below
    match = re.search(r"([^/]+\.a)\(", path)
    name = match.group(1) if match else path.rsplit("/", 1)[-1]
    if name.startswith("libm-"):
        name = "libm.a"
    rows = {"libc.a": "glibc (libc.a)", "libm.a": "glibc libm (libm.a)", "libpthread.a": "glibc (libc.a)",
            "libstdc++.a": "libstdc++ (compiled library)", "libgcc.a": "libgcc + unwinder",
            "libgcc_eh.a": "libgcc + unwinder", "libreadline.a": "GNU Readline + tinfo",
            "libtinfo.a": "GNU Readline + tinfo", "libhistory.a": "GNU Readline + tinfo"}
    if name in rows:
        return rows[name]
    if section == ".eh_frame_hdr":
        return "unwind index (.eh_frame_hdr, made by the linker)"
    if name.startswith("crt") or name.endswith(".o"):
        return "C start-up files (crt*.o)"
    return "other: " + name


def read_map(path):
    """[(start, end, row)] of every loaded input section, and the totals per row."""
    ranges, totals = [], defaultdict(int)
    in_memory_map = False
    pending = None  # an input section whose name was too long: address and size on the next line
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("Linker script and memory map"):
                in_memory_map = True
                continue
            if not in_memory_map:
                continue
            fields = line.split()
            if pending is not None and len(fields) >= 3 and fields[0].startswith("0x"):
                fields = [pending] + fields
            elif not line.startswith(" .") or not fields:
                pending = None
                continue
            elif len(fields) == 1:
                pending = fields[0]
                continue
            pending = None
            if len(fields) < 4 or not fields[1].startswith("0x") or not fields[2].startswith("0x"):
                continue
            section, start, size, source = fields[0], int(fields[1], 16), int(fields[2], 16), " ".join(fields[3:])
            if size == 0 or start == 0 or not LOADED.match(section) or section.startswith(".bss"):
                continue
            row = library_of(source, section)
            ranges.append((start, start + size, row))
            totals[row] += size
    ranges.sort()
    return ranges, totals


def module_of(symbol):
    if symbol.startswith(("std::", "__gnu_cxx::", "void std::", "bool std::")) or " std::" in symbol[:40] and "spawnsh::" not in symbol.split("(")[0]:
        return "std:: templates instantiated for spawnsh"
    head = symbol.split("(")[0]
    for prefix, row in (("spawnsh::spawn::", "spawn/"), ("spawnsh::builtins::", "builtins/"),
                        ("spawnsh::compare::", "compare/ + compare mode"),
                        ("spawnsh::compare_run::", "compare/ + compare mode"),
                        ("spawnsh::app::", "app/"), ("spawnsh::", "shell/")):
        if prefix in head:
            return row
    if head in ("main",) or head.startswith("__wrap_"):
        return "app/"
    return "spawnsh, unattributed (local data, vtables, tables)"


def main():
    map_path, binary = sys.argv[1], sys.argv[2]
    ranges, totals = read_map(map_path)
    own_total = totals.pop(None, 0)
    nm = subprocess.run(["nm", "-C", "-S", "--size-sort", binary], capture_output=True, text=True,
                        check=True).stdout
    starts = [r[0] for r in ranges]
    import bisect
    own = defaultdict(int)
    for line in nm.splitlines():
        parts = line.split(" ", 3)
        if len(parts) < 4 or parts[2] in "bBuUwWvV":
            continue
        address, size, name = int(parts[0], 16), int(parts[1], 16), parts[3]
        i = bisect.bisect_right(starts, address) - 1
        if i < 0 or not (ranges[i][0] <= address < ranges[i][1]) or ranges[i][2] is not None:
            continue
        own[module_of(name)] += size
    named = sum(own.values())
    # What the symbols do not cover of spawnsh's own sections: unwind tables (.eh_frame,
    # .gcc_except_table) and string literals, which carry no symbol.
    own["spawnsh, unattributed (local data, vtables, tables)"] += max(0, own_total - named)
    print(f"{'part':<55} {'bytes':>10} {'KiB':>8}")
    grand = 0
    for row, size in sorted(own.items(), key=lambda kv: -kv[1]):
        print(f"  {row:<53} {size:>10} {size / 1024:>8.1f}")
    print(f"{'spawnsh own code and data (LTO), total':<55} {own_total:>10} {own_total / 1024:>8.1f}")
    grand += own_total
    for row, size in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"{row:<55} {size:>10} {size / 1024:>8.1f}")
        grand += size
    print(f"{'loaded sections, total':<55} {grand:>10} {grand / 1024:>8.1f}")


if __name__ == "__main__":
    main()
