"""The flattened 绩效目标申报表 forms (first version: filled in below)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FormResult:
    projects: tuple = ()
    units: tuple = ()
    warnings: tuple = ()


def looks_like_forms(view, lines) -> bool:
    return False


def extract_forms(view, src, lines, span_of) -> FormResult:
    return FormResult()
