"""A small subset of CEL for v3 `expression` checks (spec v3 D7), evaluated over one extraction.

`data.<field>` (sanitized field names; an object field is a list of rows), number, string, true/false/null
literals, `+ - * /`, comparisons, `&& || !`, `has(data.x)`, `size(x)`, and `.map(v, e)`, `.all(v, e)`,
`.exists(v, e)` on lists. Anything outside the subset, a missing value or a non-boolean result is Inconclusive.
"""

from __future__ import annotations

import operator
import re
from typing import Any, Callable

_TOKEN = re.compile(r"""\s*(?:(\d+\.\d*|\.\d+|\d+)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_]\w*)|
                        (&&|\|\||==|!=|<=|>=|[<>+\-*/!().,]))""", re.VERBOSE)
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
_MACROS = ("map", "all", "exists")


class Inconclusive(Exception):
    """The expression cannot be judged: outside the subset, a value missing, or not a boolean."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out, position = [], 0
    while position < len(text.rstrip()):
        match = _TOKEN.match(text, position)
        if match is None:
            raise Inconclusive(f"cannot read the expression at {text[position:position + 10]!r}")
        number, string, name, symbol = match.groups()
        if number is not None:
            out.append(("num", number))
        elif string is not None:
            out.append(("str", bytes(string[1:-1], "utf-8").decode("unicode_escape")))
        elif name is not None:
            out.append(("name", name))
        else:
            out.append(("op", symbol))
        position = match.end()
    return out


class _Parser:
    """Recursive descent to a tree of tuples: ("lit", v), ("var", n), ("get", e, n), ("call", n, target, args),
    ("not", e), ("neg", e), ("bin", op, a, b), ("and", a, b), ("or", a, b)."""

    def __init__(self, text: str) -> None:
        self.items, self.at = _tokens(text), 0

    def peek(self, value: str | None = None) -> bool:
        return self.at < len(self.items) and (value is None or self.items[self.at][1] == value)

    def take(self, value: str | None = None) -> tuple[str, str]:
        if not self.peek(value):
            raise Inconclusive(f"expected {value or 'more'} in the expression")
        self.at += 1
        return self.items[self.at - 1]

    def parse(self) -> tuple[Any, ...]:
        tree = self.or_()
        if self.at != len(self.items):
            raise Inconclusive("unexpected text after the expression")
        return tree

    def or_(self) -> tuple[Any, ...]:
        tree = self.and_()
        while self.peek("||"):
            self.take()
            tree = ("or", tree, self.and_())
        return tree

    def and_(self) -> tuple[Any, ...]:
        tree = self.compare()
        while self.peek("&&"):
            self.take()
            tree = ("and", tree, self.compare())
        return tree

    def compare(self) -> tuple[Any, ...]:
        tree = self.sum()
        if self.at < len(self.items) and self.items[self.at] in [("op", o) for o in _COMPARE]:
            op = self.take()[1]
            tree = ("bin", op, tree, self.sum())
        return tree

    def sum(self) -> tuple[Any, ...]:
        tree = self.product()
        while self.peek("+") or self.peek("-"):
            tree = ("bin", self.take()[1], tree, self.product())
        return tree

    def product(self) -> tuple[Any, ...]:
        tree = self.unary()
        while self.peek("*") or self.peek("/"):
            tree = ("bin", self.take()[1], tree, self.unary())
        return tree

    def unary(self) -> tuple[Any, ...]:
        if self.peek("!"):
            self.take()
            return ("not", self.unary())
        if self.peek("-"):
            self.take()
            return ("neg", self.unary())
        return self.postfix()

    def postfix(self) -> tuple[Any, ...]:
        tree = self.primary()
        while self.peek("."):
            self.take()
            name = self.take()[1]
            if self.peek("("):
                tree = ("call", name, tree, self.args())
            else:
                tree = ("get", tree, name)
        return tree

    def args(self) -> list[tuple[Any, ...]]:
        self.take("(")
        out = []
        while not self.peek(")"):
            out.append(self.or_())
            if not self.peek(")"):
                self.take(",")
        self.take(")")
        return out

    def primary(self) -> tuple[Any, ...]:
        kind, value = self.take()
        if kind == "num":
            return ("lit", float(value))
        if kind == "str":
            return ("lit", value)
        if kind == "op" and value == "(":
            tree = self.or_()
            self.take(")")
            return tree
        if kind == "name":
            if value in ("true", "false", "null"):
                return ("lit", {"true": True, "false": False, "null": None}[value])
            if self.peek("("):
                return ("call", value, None, self.args())
            return ("var", value)
        raise Inconclusive(f"unexpected {value!r} in the expression")


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return value
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _eval(tree: tuple[Any, ...], env: dict[str, Any]) -> Any:
    kind = tree[0]
    if kind == "lit":
        return tree[1]
    if kind == "var":
        if tree[1] not in env:
            raise Inconclusive(f"unknown name {tree[1]!r}")
        return env[tree[1]]
    if kind == "get":
        base = _eval(tree[1], env)
        if not isinstance(base, dict) or tree[2] not in base:
            raise Inconclusive(f"no value for {tree[2]!r}")
        if base[tree[2]] is None:
            raise Inconclusive(f"{tree[2]} has no value")
        return base[tree[2]]
    if kind == "and":
        return _boolean(_eval(tree[1], env)) and _boolean(_eval(tree[2], env))
    if kind == "or":
        return _boolean(_eval(tree[1], env)) or _boolean(_eval(tree[2], env))
    if kind == "not":
        return not _boolean(_eval(tree[1], env))
    if kind == "neg":
        return -_numeric(_eval(tree[1], env))
    if kind == "bin":
        left, right = _number(_eval(tree[2], env)), _number(_eval(tree[3], env))
        try:
            if tree[1] in _COMPARE:
                return _COMPARE[tree[1]](left, right)
            return _ARITHMETIC[tree[1]](left, right)
        except (TypeError, ZeroDivisionError) as exc:
            raise Inconclusive(str(exc)) from exc
    return _call(tree, env)


def _call(tree: tuple[Any, ...], env: dict[str, Any]) -> Any:
    _kind, name, target, args = tree
    if target is None and name == "has" and len(args) == 1 and args[0][0] == "get":
        base = _eval(args[0][1], env)
        return isinstance(base, dict) and base.get(args[0][2]) not in (None, [], "")
    if target is None and name == "size" and len(args) == 1:
        value = _eval(args[0], env)
        return float(len(value)) if isinstance(value, (list, str, dict)) else _fail(name)
    if target is not None and name in _MACROS and len(args) == 2 and args[0][0] == "var":
        items = _eval(target, env)
        if not isinstance(items, list):
            raise Inconclusive(f".{name}() needs a list")
        results = [_eval(args[1], {**env, args[0][1]: item}) for item in items]
        if name == "map":
            return results
        verdicts = [_boolean(r) for r in results]
        return all(verdicts) if name == "all" else any(verdicts)
    return _fail(name)


def _fail(name: str) -> Any:
    raise Inconclusive(f"{name}() is outside the CEL subset fieldwise runs")


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Inconclusive("the expression is not true or false")
    return value


def _numeric(value: Any) -> float:
    value = _number(value)
    if not isinstance(value, float):
        raise Inconclusive("not a number")
    return value


def evaluate(expression: str, data: dict[str, Any]) -> bool:
    """True or False, or Inconclusive with the reason."""
    return _boolean(_eval(_Parser(expression).parse(), {"data": data}))
