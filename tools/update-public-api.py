#!/usr/bin/env python3
"""Brings each src/*/PublicAPI.Unshipped.txt in line with the code.

Builds the given project (default: every project under src/), reads the public API analyzer's
RS0016 (symbol missing from the files) and RS0017 (listed symbol no longer public) errors, adds or
removes those lines, and sorts the file. PublicAPI.Shipped.txt holds the API of the released 0.1.0 packages and is
never edited here: a shipped symbol that is no longer public is recorded as `*REMOVED*symbol` in Unshipped (a breaking
change to review). At a release, move Unshipped's entries into Shipped. Review the diff like code: it is the public
API change.
Usage: python3 tools/update-public-api.py [path/to/Project.csproj ...]
"""
import glob, os, re, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
projects = sys.argv[1:] or sorted(glob.glob(os.path.join(root, "src", "*", "*.csproj")))
missing = re.compile(r"^(.*?)\(\d+,\d+\): error RS0016: Symbol '(.*)' is not part of the declared public API")
removed = re.compile(r"error RS0017: Symbol '(.*)' is part of the declared API, but is either not public or could not be found.*\[(.*?\.csproj)(?:::[^\]]*)?\]")  # multi-targeted builds add ::TargetFramework=...

for _ in range(3):  # a removal can reveal further additions; iterate to a fixed point
    changed = False
    for project in projects:
        out = subprocess.run(["dotnet", "build", project, "-c", "Debug", "--no-incremental", "-p:TreatWarningsAsErrors=true"],
                             capture_output=True, text=True).stdout
        folder = os.path.dirname(os.path.abspath(project))
        path = os.path.join(folder, "PublicAPI.Unshipped.txt")
        lines = set(l for l in open(path).read().splitlines() if l and l != "#nullable enable")
        before = set(lines)
        for line in out.splitlines():
            m = missing.match(line)
            if m and os.path.abspath(m.group(1)).startswith(folder + os.sep):
                lines.add(m.group(2))
            r = removed.search(line)
            if r and os.path.dirname(os.path.abspath(r.group(2))) == folder:
                if r.group(1) in lines:
                    lines.discard(r.group(1))
                else:
                    lines.add("*REMOVED*" + r.group(1))
        if lines != before:
            changed = True
            with open(path, "w") as f:
                f.write("#nullable enable\n" + "".join(l + "\n" for l in sorted(lines)))
            print(f"{path}: +{len(lines - before)} -{len(before - lines)}")
    if not changed:
        break
