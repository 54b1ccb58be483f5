"""Turn the hand-written golden citations (citations_NNN.txt) into the JSONL contract.

The .txt files are the source of truth, written by reading the documents (conventions
in CITATIONS.md): one
citation a line, ``line|text|title|doc_number|issuer|kind`` (kind d/l/i/m; ``⏎`` marks a
line break inside the surface text). This script only locates each surface text on
its line to add character offsets, and writes ``citations_NNN.jsonl`` with the keys of
the ``policygraph extract`` contract that were labelled (project, section, doc_id and
rule are not labelled). Run it after editing a .txt:

    python tests/golden/build_citations.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KINDS = {"d": "document", "l": "law", "i": "instruction", "m": "mention"}


def _source_for(txt: Path) -> str:
    nnn = txt.stem.split("_", 1)[1]
    matches = sorted((ROOT / "examples" / "corpus").glob(f"{nnn}_*"))
    if len(matches) != 1:
        raise SystemExit(f"{txt.name}: no single corpus file {nnn}_*")
    return str(matches[0].relative_to(ROOT))


def _pattern(surface: str) -> re.Pattern:
    parts = []
    for ch in surface:
        if ch == "⏎":
            parts.append(r"[ \t\u3000]*\r?\n[ \t\u3000]*")
        elif ch in " \u3000":
            parts.append(r"[ \t\u3000]*")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def build(txt: Path, source: str | None = None) -> list[dict]:
    """Rows of one hand-written file; ``source`` (relative to the repository root) defaults
    to the sample corpus file of the same number."""
    source = source or _source_for(txt)
    # read as the extractor reads it (UTF-8 or GB18030 bytes, CRLF and form feeds kept), so offsets agree
    from policygraph.extract.reader import decode_text

    text, _ = decode_text((ROOT / source).read_bytes(), source)
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    out: list[dict] = []
    cursor: dict[int, int] = {}
    for n, raw in enumerate(txt.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("|")
        if len(cells) != 6 or cells[5] not in KINDS:
            raise SystemExit(f"{txt.name}:{n}: expected line|text|title|doc_number|issuer|kind")
        line, surface, title, number, issuer, kind = cells
        line = int(line)
        begin = cursor.get(line, starts[line - 1])
        m = _pattern(surface).search(text, begin)
        if not m or m.start() >= (starts[line] if line < len(starts) else len(text)):
            raise SystemExit(f"{txt.name}:{n}: {surface!r} not found on line {line}")
        cursor[line] = m.end()
        out.append(
            {
                "type": "citation",
                "source": source,
                "line": line,
                "text": m.group(0),
                "title": title or None,
                "doc_number": number or None,
                "issuer": issuer or None,
                "kind": KINDS[kind],
                "is_policy": kind != "m",
                "span": {"start": m.start(), "end": m.end(), "line": line},
            }
        )
    return out


def main(argv: list[str]) -> int:
    for txt in sorted(HERE.glob("citations_*.txt")):
        rows = build(txt)
        target = txt.with_suffix(".jsonl")
        target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{target.relative_to(ROOT)}: {len(rows)} citations")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
