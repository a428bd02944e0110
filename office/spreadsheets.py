"""Cells the office hands out as spreadsheets (exports, import templates).

A text starting with one of FORMULA_PREFIXES is a formula to Excel/WPS: a unit or an item
title sent down as "=HYPERLINK(...)" must reach the sheet as text, never as a live formula.
Every workbook the platform writes passes its text through ``as_text``.
"""

from office.guard import without_control_characters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def as_text(value):
    """The value, with a formula-like text turned into plain text (a leading apostrophe) and
    the control characters XML cannot hold removed: a record stored before office.guard
    stripped them must not make openpyxl refuse everyone's workbook."""
    if not isinstance(value, str):
        return value
    value = without_control_characters(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
