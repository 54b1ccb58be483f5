"""Budget tables -> BudgetLine / Figure (first version: filled in below)."""

from __future__ import annotations


def extract_tables(view, src, lines, span_of):
    return [], [], []
