"""The validate node: deterministic rules over one extraction, each answered with its outcome and the values seen.

Pure: stored extraction (fieldwise.extraction.wire form) + rules -> list of outcomes. An outcome is
`pass` or `fail`; `skipped` when a value the check needs was not extracted (a `required` rule is what catches
that); `not_supported` for `ai` rules, which need a language model fieldwise does not run.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from fieldwise.extraction import wire
from fieldwise.workflows import cel
from fieldwise.workflows.public import sanitize_field_name
from fieldwise.workflows.rules import Rule, compile_pattern

_EPSILON = 1e-9
_MAX_REGEX_INPUT = 10_000
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b, ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b, "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
}


class _Missing(Exception):
    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


def _value(entry: Any) -> Any:
    if not isinstance(entry, dict):
        return None
    return wire.effective_value(entry)


def resolve(stored: dict[str, Any], path: str) -> Any:
    """A field's value; for `object.child` (or an object field itself) the list of its rows' values."""
    head, _, child = path.partition(".")
    entry = stored.get(head)
    if isinstance(entry, list):  # object rows
        if not child:
            return entry
        return [v for v in (_value(row.get(child)) for row in entry if isinstance(row, dict)) if v is not None]
    return _value(entry)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        cleaned = value.replace(",", "").replace(" ", "").strip()
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            return None
        return float(number) if number.is_finite() else None
    return None


def _numbers(value: Any, field: str) -> list[float]:
    values = value if isinstance(value, list) else [value]
    numbers = [_number(v) for v in values if not _empty(v)]
    if not numbers:
        raise _Missing(field)
    if any(n is None for n in numbers):
        raise ValueError(f"{field} is not a number: {value!r}")
    return [n for n in numbers if n is not None]


def _date(value: Any, field: str) -> date:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise ValueError(f"{field} is not a date: {value!r}")


def _bound(raw: str | None, today: date) -> date | None:
    if raw is None:
        return None
    return today if raw == "today" else date.fromisoformat(raw)


def _get(stored: dict[str, Any], field: str, seen: dict[str, Any]) -> Any:
    value = resolve(stored, field)
    seen[field] = value
    if _empty(value):
        raise _Missing(field)
    return value


def _range(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any], today: date) -> tuple[bool, str]:
    numbers = _numbers(_get(stored, check["field"], seen), check["field"])
    low, high = check.get("min"), check.get("max")
    bad = [n for n in numbers if (low is not None and n < low) or (high is not None and n > high)]
    bounds = f"[{'-inf' if low is None else low}, {'inf' if high is None else high}]"
    if bad:
        return False, f"{check['field']} = {_show(bad[0])} is outside {bounds}"
    return True, f"{check['field']} is within {bounds}"


def _date_check(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any],
                today: date) -> tuple[bool, str]:
    value = _date(_get(stored, check["field"], seen), check["field"])
    earliest, latest = _bound(check.get("earliest"), today), _bound(check.get("latest"), today)
    if earliest is not None and value < earliest:
        return False, f"{check['field']} = {value} is before {earliest}"
    if latest is not None and value > latest:
        return False, f"{check['field']} = {value} is after {latest}"
    return True, f"{check['field']} = {value} is within the allowed dates"


def _arithmetic(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any],
                today: date) -> tuple[bool, str, float]:
    operator = check.get("operator", "sum")
    columns = [_numbers(_get(stored, name, seen), name) for name in check["operands"]]
    if operator == "sum":
        computed = math.fsum(n for column in columns for n in column)
    elif operator == "subtract":
        computed = math.fsum(columns[0]) - math.fsum(math.fsum(column) for column in columns[1:])
    else:
        computed = math.prod(n for column in columns for n in column)
    expected = _numbers(_get(stored, check["equals"], seen), check["equals"])[0]
    tolerance = float(check.get("tolerance") or 0.0)
    difference = abs(computed - expected)
    words = {"sum": "sum", "subtract": "difference", "product": "product"}[operator]
    passed = difference <= tolerance + _EPSILON * max(1.0, abs(expected))
    relation = "equals" if passed else "does not equal"
    message = (f"the {words} of {', '.join(check['operands'])} is {_show(computed)}, which {relation} "
               f"{check['equals']} = {_show(expected)} (tolerance {_show(tolerance)})")
    return passed, message, computed


def _comparable(left: Any, right: Any) -> tuple[Any, Any]:
    ln, rn = _number(left), _number(right)
    if ln is not None and rn is not None:
        return ln, rn
    try:
        return date.fromisoformat(str(left)[:10]), date.fromisoformat(str(right)[:10])
    except ValueError:
        return str(left), str(right)


def _comparison(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any],
                today: date) -> tuple[bool, str]:
    left = _get(stored, check["left"], seen)
    right_spec = check["right"]
    if right_spec["source"] == "field":
        right, right_name = _get(stored, right_spec["field"], seen), right_spec["field"]
    else:
        right, right_name = right_spec["value"], repr(right_spec["value"])
    if isinstance(left, list) or isinstance(right, list):
        raise ValueError("a comparison takes single values, not a column of rows")
    a, b = _comparable(left, right)
    try:
        passed = _OPS[check["op"]](a, b)
    except TypeError:
        raise ValueError(f"{left!r} and {right!r} cannot be compared") from None
    return passed, f"{check['left']} = {_show(left)} {check['op']} {right_name} = {_show(right)} is {passed}"


def _one_of(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any], today: date) -> tuple[bool, str]:
    value = _get(stored, check["field"], seen)
    values = value if isinstance(value, list) else [value]
    fold = (lambda s: str(s)) if check.get("case_sensitive") else (lambda s: str(s).casefold())
    allowed = {fold(a) for a in check["allowed"]}
    bad = [v for v in values if fold(v) not in allowed]
    if bad:
        return False, f"{check['field']} = {bad[0]!r} is not one of {check['allowed']}"
    return True, f"{check['field']} is one of {check['allowed']}"


def _regex(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any], today: date) -> tuple[bool, str]:
    value = _get(stored, check["field"], seen)
    values = value if isinstance(value, list) else [value]
    pattern = compile_pattern(check["pattern"])
    bad = [v for v in values if not pattern.search(str(v)[:_MAX_REGEX_INPUT])]
    if bad:
        return False, f"{check['field']} = {bad[0]!r} does not match /{check['pattern']}/"
    return True, f"{check['field']} matches /{check['pattern']}/"


def _required(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any],
              today: date) -> tuple[bool, str]:
    value = resolve(stored, check["field"])
    seen[check["field"]] = value
    if _empty(value):
        return False, f"{check['field']} has no value"
    return True, f"{check['field']} has a value"


def _confidence(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any],
                today: date) -> tuple[bool, str]:
    """v3: the field's extraction confidence (0-100) against a threshold; a field not found has confidence 0."""
    head, _, child = check["field"].partition(".")
    entry = stored.get(head)
    if isinstance(entry, list):  # an object column: the lowest confidence of its cells
        cells = [row[child] for row in entry if isinstance(row, dict) and isinstance(row.get(child), dict)]
        confidence = min((float(c.get("confidence") or 0.0) for c in cells), default=0.0)
    else:
        confidence = float(entry.get("confidence") or 0.0) if isinstance(entry, dict) else 0.0
    seen[f"{check['field']}.confidence"] = confidence
    passed = _OPS[check["op"]](confidence, float(check["threshold"]))
    return passed, f"confidence of {check['field']} is {confidence:.1f} ({check['op']} {check['threshold']})"


def _verdict(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any], today: date) -> str:
    """pass, fail, or inconclusive (a value the check needs is missing) for one check."""
    try:
        if check["type"] == "arithmetic":
            passed = _arithmetic(check, stored, seen, today)[0]
        else:
            passed = _CHECKS[check["type"]](check, stored, seen, today)[0]
    except _Missing:
        return "inconclusive"
    except ValueError:
        return "fail"
    return "pass" if passed else "fail"


def _all_of(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any], today: date) -> tuple[bool, str]:
    """v3, tri-state: fails if any child fails; else inconclusive if any child is; else passes."""
    verdicts = [_verdict(child, stored, seen, today) for child in check["checks"]]
    if "fail" in verdicts:
        return False, f"{verdicts.count('fail')} of {len(verdicts)} checks fail"
    if "inconclusive" in verdicts:
        raise _Missing("a value one of the checks needs")
    return True, f"all {len(verdicts)} checks pass"


def _any_of(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any], today: date) -> tuple[bool, str]:
    """v3, tri-state: passes if any child passes; else inconclusive if any child is; else fails."""
    verdicts = [_verdict(child, stored, seen, today) for child in check["checks"]]
    if "pass" in verdicts:
        return True, f"{verdicts.count('pass')} of {len(verdicts)} checks pass"
    if "inconclusive" in verdicts:
        raise _Missing("a value one of the checks needs")
    return False, f"none of {len(verdicts)} checks pass"


def _expression(check: dict[str, Any], stored: dict[str, Any], seen: dict[str, Any],
                today: date) -> tuple[bool, str]:
    """v3: a CEL-subset expression over `data` (sanitized field names; an object field is a list of rows)."""
    data: dict[str, Any] = {}
    for name, entry in stored.items():
        if isinstance(entry, list):
            data[sanitize_field_name(name)] = [
                {sanitize_field_name(child): _value(cell) for child, cell in row.items()}
                for row in entry if isinstance(row, dict)]
        else:
            data[sanitize_field_name(name)] = _value(entry)
    try:
        passed = cel.evaluate(check["expression"], data)
    except cel.Inconclusive as exc:
        raise _Missing(f"a value the expression needs ({exc})") from exc
    return passed, f"{check['expression']} is {'true' if passed else 'false'}"


_CHECKS = {"range": _range, "date": _date_check, "comparison": _comparison, "one_of": _one_of,
           "regex": _regex, "required": _required, "confidence": _confidence, "all_of": _all_of, "any_of": _any_of,
           "expression": _expression}


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def evaluate(rule: Rule, stored: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """One rule's outcome: {rule_id, name, kind, check, severity, outcome, passed, message, values[, computed]}."""
    out: dict[str, Any] = {"rule_id": rule.id, "name": rule.name, "kind": rule.kind,
                           "check": rule.check["type"] if rule.check else None, "severity": rule.severity}
    if rule.kind == "ai" or rule.check is None:
        return {**out, "outcome": "not_supported", "passed": None, "values": {},
                "message": "ai rules need a language model; fieldwise runs deterministic checks only"}
    seen: dict[str, Any] = {}
    today = today or date.today()
    try:
        if rule.check["type"] == "arithmetic":
            passed, message, computed = _arithmetic(rule.check, stored, seen, today)
            out["computed"] = computed
        else:
            passed, message = _CHECKS[rule.check["type"]](rule.check, stored, seen, today)
    except _Missing as missing:
        return {**out, "outcome": "skipped", "passed": None, "values": seen,
                "message": f"{missing.field} has no value, so the check could not run"}
    except ValueError as exc:
        passed, message = False, str(exc)
    return {**out, "outcome": "pass" if passed else "fail", "passed": passed, "message": message, "values": seen}


def run_rules(rules: tuple[Rule, ...], stored: dict[str, Any], today: date | None = None) -> list[dict[str, Any]]:
    return [evaluate(rule, stored, today) for rule in rules]
