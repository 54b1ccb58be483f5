"""Reading the citation data tables (``extract/data/*.tsv``).

Tables are tab-separated, ``#`` starts a comment line, the first non-comment line is
not special (column names live in the comment above, so the files stay easy to grep).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def read_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``extract/data/<name>`` as tuples of stripped cells."""
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)
