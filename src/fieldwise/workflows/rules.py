"""Validate-node rules (spec 2.2) as SDK 0.7.0 sends them, checked when the workflow is saved.

A rule is `ai` (a description for a model: fieldwise answers `not_supported`, it does not guess) or `deterministic`
(a `check` of one of seven kinds). Field operands name a field of the extract node the validate node follows:
`total`, or `line_items.amount` for a column of an object field (its rows' values).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import re2

from fieldwise.errors import ValidationFailed
from fieldwise.extraction.schema import FieldSpec

CHECK_KINDS = ("range", "date", "arithmetic", "comparison", "one_of", "regex", "required",
               "confidence", "all_of", "any_of", "expression")  # the last four from the v3 API
_MAX_CHILDREN = 32
OPERATORS = ("sum", "subtract", "product")
COMPARISONS = ("==", "!=", ">", ">=", "<", "<=")
_MAX_PATTERN = 1000
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a bad pattern is the caller's 400, not a line on the server's stderr


def compile_pattern(pattern: str) -> Any:
    """A regex rule's pattern on RE2, whose matching time is linear in the input: a pattern such as `^(a|aa)+$`,
    which backtracks for ever on Python's `re`, cannot pin a worker. RE2 has no backreferences or lookaround;
    such a pattern is refused when the workflow is saved. Raises re2.error."""
    return re2.compile(pattern, _RE2_OPTIONS)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str | None
    kind: str  # ai | deterministic
    severity: str  # error | warning
    check: dict[str, Any] | None  # as sent, already checked
    description: str | None = None


def _fail(path: str, message: str) -> ValidationFailed:
    return ValidationFailed({path: [message]}, summary=f"Invalid workflow graph: {path}: {message}")


def field_paths(fields: tuple[FieldSpec, ...]) -> set[str]:
    """Every name a check may refer to: top-level fields and `object.child` columns."""
    paths = {spec.name for spec in fields}
    for spec in fields:
        paths.update(f"{spec.name}.{child.name}" for child in spec.nested_fields)
    return paths


def check_fields(check: dict[str, Any]) -> list[str]:
    """The field references of a check, in the order it names them."""
    kind = check["type"]
    if kind in ("all_of", "any_of"):
        return [name for child in check["checks"] for name in check_fields(child)]
    if kind == "expression":  # names fields by sanitized name inside the text; unknown ones are inconclusive
        return []
    if kind == "arithmetic":
        return [*check["operands"], check["equals"]]
    if kind == "comparison":
        right = check["right"]
        return [check["left"], *([right["field"]] if right.get("source") == "field" else [])]
    return [check["field"]]


def _text(check: dict[str, Any], key: str, path: str) -> str:
    value = check.get(key)
    if not isinstance(value, str) or not value:
        raise _fail(f"{path}.{key}", "a non-empty string is required")
    return value


def _number(check: dict[str, Any], key: str, path: str) -> None:
    value = check.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise _fail(f"{path}.{key}", "must be a number or null")


def _bound(check: dict[str, Any], key: str, path: str) -> None:
    value = check.get(key)
    if value is None or value == "today":
        return
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _fail(f"{path}.{key}", "an ISO date (YYYY-MM-DD), 'today' or null") from None


def _check_shape(check: Any, path: str) -> dict[str, Any]:
    if not isinstance(check, dict):
        raise _fail(path, "a deterministic rule requires a check object")
    kind = check.get("type")
    if kind not in CHECK_KINDS:
        raise _fail(f"{path}.type", f"unknown check type {kind!r}; expected one of {', '.join(CHECK_KINDS)}")
    if kind == "arithmetic":
        operands = check.get("operands")
        if not isinstance(operands, list) or not operands or not all(isinstance(o, str) and o for o in operands):
            raise _fail(f"{path}.operands", "a non-empty list of field names is required")
        _text(check, "equals", path)
        if check.get("operator", "sum") not in OPERATORS:
            raise _fail(f"{path}.operator", f"expected one of {', '.join(OPERATORS)}")
        tolerance = check.get("tolerance", 0.0)
        if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0:
            raise _fail(f"{path}.tolerance", "a number >= 0")
        return check
    if kind in ("all_of", "any_of"):
        children = check.get("checks")
        if not isinstance(children, list) or not 1 <= len(children) <= _MAX_CHILDREN:
            raise _fail(f"{path}.checks", f"a list of 1 to {_MAX_CHILDREN} checks")
        for index, child in enumerate(children):
            _check_shape(child, f"{path}.checks[{index}]")
        return check
    if kind == "expression":
        expression = _text(check, "expression", path)
        if len(expression) > 1000:
            raise _fail(f"{path}.expression", "at most 1000 characters")
        return check
    if kind == "confidence":
        _text(check, "field", path)
        threshold = check.get("threshold")
        if check.get("op") not in COMPARISONS:
            raise _fail(f"{path}.op", f"expected one of {' '.join(COMPARISONS)}")
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 <= threshold <= 100:
            raise _fail(f"{path}.threshold", "a number from 0 to 100")
        return check
    if kind == "comparison":
        _text(check, "left", path)
        if check.get("op") not in COMPARISONS:
            raise _fail(f"{path}.op", f"expected one of {' '.join(COMPARISONS)}")
        right = check.get("right")
        if not isinstance(right, dict) or right.get("source") not in ("field", "literal"):
            raise _fail(f"{path}.right", "{source: field, field} or {source: literal, value}")
        if right["source"] == "field":
            _text(right, "field", f"{path}.right")
        elif not isinstance(right.get("value"), (int, float, str, bool)):
            raise _fail(f"{path}.right.value", "a number, string or boolean")
        return check
    _text(check, "field", path)
    if kind == "range":
        _number(check, "min", path)
        _number(check, "max", path)
    elif kind == "date":
        _bound(check, "earliest", path)
        _bound(check, "latest", path)
    elif kind == "one_of":
        allowed = check.get("allowed")
        if not isinstance(allowed, list) or not allowed or not all(isinstance(a, str) for a in allowed):
            raise _fail(f"{path}.allowed", "a non-empty list of strings is required")
    elif kind == "regex":
        pattern = _text(check, "pattern", path)
        if len(pattern) > _MAX_PATTERN:
            raise _fail(f"{path}.pattern", f"at most {_MAX_PATTERN} characters")
        try:
            compile_pattern(pattern)
        except re2.error as exc:
            reason = exc.args[0].decode(errors="replace") if exc.args and isinstance(exc.args[0], bytes) else exc
            raise _fail(f"{path}.pattern", f"not a valid regular expression: {reason}") from None
    return check


def parse_rules(raw: Any, path: str, fields: tuple[FieldSpec, ...]) -> tuple[Rule, ...]:
    """The validate node's rules; each field a check names must be one of `fields` (the extract it follows)."""
    if not isinstance(raw, list) or not raw:
        raise _fail(path, "a validate node needs at least one rule")
    known = field_paths(fields)
    rules: list[Rule] = []
    for index, item in enumerate(raw):
        where = f"{path}[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            raise _fail(f"{where}.id", "This field is required.")
        kind = item.get("kind", "ai")
        severity = item.get("severity", "error")
        if kind not in ("ai", "deterministic"):
            raise _fail(f"{where}.kind", "expected ai or deterministic")
        if severity not in ("error", "warning"):
            raise _fail(f"{where}.severity", "expected error or warning")
        description = item.get("description") or None
        check = item.get("check")
        if kind == "ai":
            if not isinstance(description, str):
                raise _fail(f"{where}.description", "an 'ai' validation rule requires a description")
            if check is not None:
                raise _fail(f"{where}.check", "an 'ai' validation rule must not carry a check")
        else:
            check = _check_shape(check, f"{where}.check")
            for name in check_fields(check):
                if name not in known:
                    raise _fail(f"{where}.check", f"no field {name!r} in the extract node this rule validates")
        label = item.get("name") if isinstance(item.get("name"), str) and item.get("name") else None
        rules.append(Rule(item["id"], label, kind, severity, check, description))
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids):
        raise _fail(path, "rule ids must be unique within a validate node")
    return tuple(rules)
