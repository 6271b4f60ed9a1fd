"""A small subset of CEL for v3 `expression` checks (spec v3 D7), evaluated over one extraction.

`data.<field>` (sanitized field names; an object field is a list of rows), number, string, true/false/null
literals, `+ - * /`, comparisons, `&& || !`, `has(data.x)`, `size(x)`, and `.map(v, e)`, `.all(v, e)`,
`.exists(v, e)` on lists. Anything outside the subset, a missing value or a non-boolean result is Inconclusive.

Bounded: an expression nested deeper than MAX_DEPTH is TooComplex when it is parsed (the workflow's save refuses
it), and an evaluation stops, Inconclusive, past MAX_STEPS steps or when a list or string it makes passes
MAX_ITEMS, so that macros nested over an object field's rows cannot grow as rows^depth.
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
MAX_DEPTH = 40  # levels of the expression's tree: parentheses, calls, operators, `!` and `-`
MAX_STEPS = 100_000  # nodes evaluated for one extraction (a macro's body counts once per item)
MAX_ITEMS = 10_000  # items of a list, or characters of a string, that one evaluation step makes


class Inconclusive(Exception):
    """The expression cannot be judged: outside the subset, a value missing, or not a boolean."""


class Exhausted(Inconclusive):
    """The evaluation passed MAX_STEPS or made a list or string longer than MAX_ITEMS."""


class TooComplex(Inconclusive):
    """The expression is nested deeper than MAX_DEPTH: refused when the workflow is saved."""


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
        self.items, self.at, self.depth = _tokens(text), 0, 0

    def deeper(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TooComplex(f"the expression is nested more than {MAX_DEPTH} levels deep")

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
        if _height(tree) > MAX_DEPTH:
            raise TooComplex(f"the expression is nested more than {MAX_DEPTH} levels deep")
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
        for symbol, kind in (("!", "not"), ("-", "neg")):
            if self.peek(symbol):
                self.take()
                self.deeper()
                tree = (kind, self.unary())
                self.depth -= 1
                return tree
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
        self.deeper()
        out = []
        while not self.peek(")"):
            out.append(self.or_())
            if not self.peek(")"):
                self.take(",")
        self.take(")")
        self.depth -= 1
        return out

    def primary(self) -> tuple[Any, ...]:
        kind, value = self.take()
        if kind == "num":
            return ("lit", float(value))
        if kind == "str":
            return ("lit", value)
        if kind == "op" and value == "(":
            self.deeper()
            tree = self.or_()
            self.take(")")
            self.depth -= 1
            return tree
        if kind == "name":
            if value in ("true", "false", "null"):
                return ("lit", {"true": True, "false": False, "null": None}[value])
            if self.peek("("):
                return ("call", value, None, self.args())
            return ("var", value)
        raise Inconclusive(f"unexpected {value!r} in the expression")


def _height(tree: tuple[Any, ...]) -> int:
    """Levels of a parsed tree, counted without recursion (a long chain of `+` is as tall as it is long)."""
    tallest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        tallest = max(tallest, level)
        for part in node[1:]:
            for child in part if isinstance(part, list) else [part]:
                if isinstance(child, tuple):
                    stack.append((child, level + 1))
    return tallest


def parse(expression: str) -> tuple[Any, ...]:
    """The expression's tree; TooComplex past MAX_DEPTH, Inconclusive when it is outside the subset."""
    return _Parser(expression).parse()


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(value.replace(",", ""))
        except ValueError:
            return value
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


class _Evaluation:
    """One evaluation, with its step count: MAX_STEPS nodes, MAX_ITEMS per list or string made."""

    def __init__(self) -> None:
        self.steps = 0

    def eval(self, tree: tuple[Any, ...], env: dict[str, Any]) -> Any:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Exhausted(f"the expression took more than {MAX_STEPS} steps")
        kind = tree[0]
        if kind == "lit":
            return tree[1]
        if kind == "var":
            if tree[1] not in env:
                raise Inconclusive(f"unknown name {tree[1]!r}")
            return env[tree[1]]
        if kind == "get":
            base = self.eval(tree[1], env)
            if not isinstance(base, dict) or tree[2] not in base:
                raise Inconclusive(f"no value for {tree[2]!r}")
            if base[tree[2]] is None:
                raise Inconclusive(f"{tree[2]} has no value")
            return base[tree[2]]
        if kind == "and":
            return _boolean(self.eval(tree[1], env)) and _boolean(self.eval(tree[2], env))
        if kind == "or":
            return _boolean(self.eval(tree[1], env)) or _boolean(self.eval(tree[2], env))
        if kind == "not":
            return not _boolean(self.eval(tree[1], env))
        if kind == "neg":
            return -_numeric(self.eval(tree[1], env))
        if kind == "bin":
            return _sized(_binary(tree[1], _number(self.eval(tree[2], env)), _number(self.eval(tree[3], env))))
        return self.call(tree, env)

    def call(self, tree: tuple[Any, ...], env: dict[str, Any]) -> Any:
        _kind, name, target, args = tree
        if target is None and name == "has" and len(args) == 1 and args[0][0] == "get":
            base = self.eval(args[0][1], env)
            return isinstance(base, dict) and base.get(args[0][2]) not in (None, [], "")
        if target is None and name == "size" and len(args) == 1:
            value = self.eval(args[0], env)
            return float(len(value)) if isinstance(value, (list, str, dict)) else _fail(name)
        if target is not None and name in _MACROS and len(args) == 2 and args[0][0] == "var":
            items = self.eval(target, env)
            if not isinstance(items, list):
                raise Inconclusive(f".{name}() needs a list")
            results = _sized([self.eval(args[1], {**env, args[0][1]: item}) for item in items])
            if name == "map":
                return results
            verdicts = [_boolean(r) for r in results]
            return all(verdicts) if name == "all" else any(verdicts)
        return _fail(name)


def _binary(op: str, left: Any, right: Any) -> Any:
    try:
        if op in _COMPARE:
            return _COMPARE[op](left, right)
        return _ARITHMETIC[op](left, right)
    except (TypeError, ZeroDivisionError, OverflowError) as exc:
        raise Inconclusive(str(exc)) from exc


def _sized(value: Any) -> Any:
    if isinstance(value, (list, str)) and len(value) > MAX_ITEMS:
        raise Exhausted(f"the expression made a list or string longer than {MAX_ITEMS}")
    return value


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
    return _boolean(_Evaluation().eval(parse(expression), {"data": data}))
