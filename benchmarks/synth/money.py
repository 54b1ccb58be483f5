"""How amounts are written in the samples, and exact integer allocation of totals.

Amounts are integers in yuan throughout; rendering never rounds (an amount shown in 万元 is a
multiple of 1 元 written with up to four decimals, e.g. 1404.6651万元 = 14,046,651 元).
"""

from __future__ import annotations

import random
from typing import Sequence

_FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def thousands(yuan: int) -> str:
    return f"{yuan:,}"


def wan(yuan: int, *, min_decimals: int = 0, sep: bool = False) -> str:
    """``yuan`` in 万 as an exact decimal: 5645200 -> "564.52"; min_decimals pads ("90.00")."""
    whole, frac = divmod(yuan, 10000)
    digits = f"{frac:04d}".rstrip("0")
    if len(digits) < min_decimals:
        digits = digits.ljust(min_decimals, "0")
    head = f"{whole:,}" if sep else str(whole)
    return f"{head}.{digits}" if digits else head


def yi(yuan: int) -> str:
    """``yuan`` in 亿 as an exact decimal (only for multiples of 1,000,000)."""
    whole, frac = divmod(yuan, 100_000_000)
    digits = f"{frac:08d}".rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)


def fullwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def allocate(total: int, weights: Sequence[float], quantum: int = 1) -> list[int]:
    """Split ``total`` (a multiple of ``quantum``) into parts proportional to ``weights`` that sum exactly."""
    units = total // quantum
    wsum = float(sum(weights))
    if units == 0 or wsum <= 0:
        return [0] * len(weights)
    raw = [units * w / wsum for w in weights]
    parts = [int(r) for r in raw]
    rest = units - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[:rest]:
        parts[i] += 1
    return [p * quantum for p in parts]


def lognormal_yuan(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    value = int(rng.lognormvariate(0, sigma) * median)
    return max(lo, min(hi, value))


def round_to(yuan: int, quantum: int) -> int:
    return max(quantum, (yuan // quantum) * quantum)
