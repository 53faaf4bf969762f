#!/usr/bin/env python3
"""Checks that the code of docs/auditing.md, "A test kit for xUnit and FluentAssertions", is the sample
consumers' code (eng/test-packages.sh, section 6): every csharp and xml block of the section, line by
line and ignoring indentation, appears in eng/samples/xunit2 and eng/samples/xunit3.
Prints one "PASS name" or "FAIL name: why" line."""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parents[2]
name = "docs/auditing.md shows the sample consumers' code, verbatim"
text = (root / "docs" / "auditing.md").read_text(encoding="utf-8")
start = text.find("## A test kit for xUnit and FluentAssertions")
end = text.find("\n## ", start + 1)
section = text[start:] if end < 0 else text[start:end]
blocks = re.findall(r"```(?:csharp|xml)\n(.*?)```", section, re.S)


def lines(code):
    return [line.strip() for line in code.splitlines() if line.strip()]


missing = []
for sample in ("xunit2", "xunit3"):
    files = [lines(p.read_text(encoding="utf-8")) for p in (root / "eng" / "samples" / sample).glob("*.*") if p.suffix in (".cs", ".csproj")]
    for block in blocks:
        wanted = lines(block)
        if not any(wanted == f[i:i + len(wanted)] for f in files for i in range(len(f))):
            missing.append(f"{sample}: {wanted[0]}")

if start < 0 or not blocks:
    print(f"FAIL {name}: no code blocks in the section")
elif missing:
    print(f"FAIL {name}: not in the samples: {'; '.join(missing)}")
else:
    print(f"PASS {name} ({len(blocks)} blocks)")
