"""How nodes and edges look: colours, shapes and sizes from ``style.json``.

Kept as data so the legend, the page and the docs use one palette.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping, Optional

#: Chinese-capable fonts first (Linux, macOS, Windows), then generic fallbacks.
CJK_FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", '
    '"Hiragino Sans GB", "Microsoft YaHei", "SimHei", "Helvetica Neue", Arial, sans-serif'
)


@lru_cache(maxsize=1)
def palette() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("style.json").read_text(encoding="utf-8"))


def node_color(node_type: str, level: Optional[str]) -> str:
    style = palette()
    fixed = style["types"].get(node_type, {}).get("color")
    if fixed:
        return fixed
    levels = style["levels"]
    return levels.get(level or "unknown", levels["unknown"])["color"]


def node_shape(node_type: str) -> str:
    return palette()["types"].get(node_type, {}).get("shape", "dot")


def edge_color(edge_type: str) -> str:
    return palette()["edges"].get(edge_type, {}).get("color", "#b0b0b0")


def scaled(value: Optional[int], largest: int, bounds: Mapping[str, float]) -> float:
    """Square-root scale (area grows with money) between bounds['min'] and bounds['max']."""
    low, high = bounds["min"], bounds["max"]
    if not value or value <= 0 or largest <= 0:
        return low
    return round(low + (high - low) * math.sqrt(min(value, largest) / largest), 2)


def node_size(amount: Optional[int], largest: int) -> float:
    return scaled(amount, largest, palette()["size"])


def label_size(amount: Optional[int], largest: int) -> float:
    return scaled(amount, largest, palette()["font"])


def edge_width(weight: Optional[int], largest: int) -> float:
    return scaled(weight, largest, palette()["width"])


def legend() -> dict[str, list[dict[str, str]]]:
    """What the page's legend shows: one entry per node type (with its shape) and per level."""
    style = palette()
    types = [
        {"key": key, "label": t["label"], "shape": t["shape"], "color": t["color"] or style["levels"]["unknown"]["color"]}
        for key, t in style["types"].items()
    ]
    levels = [{"key": key, "label": lv["label"], "color": lv["color"]} for key, lv in style["levels"].items()]
    edges = [{"key": key, "label": e["label"], "color": e["color"]} for key, e in style["edges"].items()]
    return {"types": types, "levels": levels, "edges": edges}
