"""Yes/no from words and check marks, in a few languages."""

from __future__ import annotations

import re

_TRUE = {"yes", "y", "true", "t", "1", "si", "sí", "oui", "ja", "sim", "checked", "x", "✓", "✔", "☑", "☒", "[x]", "(x)",
         "on", "agreed", "present", "included"}
_FALSE = {"no", "n", "false", "f", "0", "non", "nein", "não", "nao", "unchecked", "☐", "[ ]", "( )", "[]", "off",
          "none", "absent", "not included", "n/a"}


def parse_bool(text: str) -> bool | None:
    """True/False for a yes/no word or a check mark; None when the text says neither."""
    cleaned = re.sub(r"\s+", " ", text.strip().lower()).strip(" .:;!")
    if cleaned in _TRUE:
        return True
    if cleaned in _FALSE:
        return False
    first = cleaned.split(" ", 1)[0] if cleaned else ""
    if first in {"yes", "true", "☑", "☒", "✓", "✔", "[x]"}:
        return True
    if first in {"no", "false", "☐", "[", "not"}:
        return False
    return None


def find_checkbox(text: str) -> bool | None:
    """The state of the first check box written in `text` (☑ ☒ [x] checked, ☐ [ ] not)."""
    m = re.search(r"[☑☒✓✔☐]|\[\s*[xX✓]?\s*\]|\(\s*[xX]?\s*\)", text)
    if not m:
        return None
    return any(ch in m.group(0) for ch in "☑☒✓✔xX")
