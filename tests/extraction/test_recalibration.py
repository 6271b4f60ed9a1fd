"""The per-workflow remap: monotone, within 0..100, near the identity on little evidence, and fitted to a lot."""

from __future__ import annotations

import random

from hypothesis import given, settings, strategies as st

from fieldwise.extraction.recalibration import Remap, apply, ece, fit

confidences = st.floats(min_value=0, max_value=100, allow_nan=False)
pairs = st.lists(st.tuples(confidences, st.booleans()), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(pairs, confidences, confidences)
def test_the_remap_keeps_order_and_stays_within_0_and_100(data: list, low: float, high: float) -> None:
    remap = fit(data)
    low, high = min(low, high), max(low, high)
    assert 0.0 <= remap(low) <= remap(high) <= 100.0


def test_few_reviews_barely_move_it_many_move_it_most_of_the_way() -> None:
    """At 95 the engine is right half the time here: three reviews move it a little, three hundred to ~55."""
    def at_95(n: int) -> float:
        return fit([(95.0, i % 2 == 0) for i in range(n)])(95.0)

    assert 90.0 < at_95(3) < 95.0
    assert at_95(30) < at_95(3)
    assert 50.0 < at_95(300) < 60.0
    assert fit([]) == Remap() and Remap()(87.5) == 87.5


def test_a_well_calibrated_engine_keeps_its_figures() -> None:
    rng = random.Random(7)
    data = [(c, rng.random() < c / 100) for c in (rng.uniform(5, 100) for _ in range(2000))]
    remap = fit(data)
    assert all(abs(remap(c) - c) < 5 for c in (20, 50, 80, 95))


def test_an_overconfident_engine_is_brought_down_and_its_error_shrinks() -> None:
    rng = random.Random(3)
    data = [(c, rng.random() < (c / 100) ** 4) for c in (rng.uniform(40, 100) for _ in range(400))]
    remap = fit(data)
    assert remap(90) < 75
    assert ece(data, remap) < ece(data) / 2


def test_apply_keeps_the_engines_figure_and_never_remaps_twice() -> None:
    remap = Remap(-1.0, 0.8)
    cell = {"value": "x", "confidence": 90.0, "evidence": [], "value_unit": None}
    stored = {"n": cell, "rows": [{"a": dict(cell)}], "tags": {**cell, "items": [dict(cell)]}}
    once = apply(stored, remap)
    assert once["n"]["engine_confidence"] == 90.0 and once["n"]["confidence"] == remap(90.0) < 90.0
    assert once["rows"][0]["a"]["confidence"] == remap(90.0)
    assert once["tags"]["items"][0]["confidence"] == remap(90.0)
    assert apply(once, remap) == once  # the remap reads the engine's figure, not its own output
    assert stored["n"]["confidence"] == 90.0  # the input is not changed
    assert apply(stored, None) is stored and apply(stored, Remap()) is stored
