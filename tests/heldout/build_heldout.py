"""Turn the hand-written held-out labels (gold/hN_*.txt) into the JSONL contract (gold/hN_*.jsonl).

Same format and conventions as the golden set (tests/golden/CITATIONS.md): one citation a
line, ``line|text|title|doc_number|issuer|kind``; this script only locates each surface
text on its line in ``docs/<same name>.txt`` to add offsets. Run it after editing a label file:

    python tests/heldout/build_heldout.py
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def _golden_builder():
    spec = importlib.util.spec_from_file_location("build_citations", ROOT / "tests" / "golden" / "build_citations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(txt: Path) -> list[dict]:
    source = (HERE / "docs" / txt.name).relative_to(ROOT).as_posix()
    return _golden_builder().build(txt, source)


def main(argv: list[str]) -> int:
    for txt in sorted((HERE / "gold").glob("h*.txt")):
        rows = build(txt)
        target = txt.with_suffix(".jsonl")
        target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{target.relative_to(ROOT)}: {len(rows)} citations")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
