"""The shipped scorer: its trees walked with numpy give what LightGBM gave when it trained them, its calibration map
rises, and it was trained on the features the engine describes today."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from fieldwise.extraction.features import NAMES
from fieldwise.extraction.scorer import Forest, apply_knots, from_dict, shipped


def _model() -> dict:
    return json.loads(resources.files("fieldwise.extraction").joinpath("scorer.json").read_text())


def test_the_walked_trees_give_lightgbms_probabilities_on_its_own_probes() -> None:
    model, scorer = _model(), shipped()
    rows = np.asarray(model["probes"]["rows"], dtype=np.float64)
    assert len(rows) >= 20
    got = 1.0 / (1.0 + np.exp(-scorer.forest.raw(rows)))
    assert np.allclose(got, model["probes"]["probabilities"], atol=1e-6)


def test_a_forest_walks_left_at_or_below_the_threshold() -> None:
    # one tree: feature 0 <= 0.5 -> leaf 1.0, else feature 1 <= 2 -> -1.0 else 3.0; and a second tree, a leaf 0.5
    forest = Forest.from_dict({"feature": [0, -1, 1, -1, -1, -1], "threshold": [0.5, 0, 2.0, 0, 0, 0],
                               "left": [1, 1, 3, 3, 4, 5], "right": [2, 1, 4, 3, 4, 5],
                               "value": [0, 1.0, 0, -1.0, 3.0, 0.5], "roots": [0, 5], "depth": 2})
    rows = np.asarray([[0.5, 9.0], [0.6, 2.0], [0.6, 2.1]])
    assert forest.raw(rows).tolist() == [1.5, -0.5, 3.5]


def test_the_calibration_map_rises_and_is_never_certain() -> None:
    knots = shipped().knots
    assert [y for _, y in knots] == sorted(y for _, y in knots)
    assert 0.0 < apply_knots(knots, 0.0) and apply_knots(knots, 1.0) < 1.0


def test_a_model_trained_on_other_features_is_refused() -> None:
    model = _model()
    assert tuple(model["features"]) == NAMES
    model["features"] = list(NAMES[:-1])
    with pytest.raises(ValueError, match="retrain"):
        from_dict(model)


def test_the_model_says_what_it_was_trained_on_and_how_it_did_on_kinds_left_out() -> None:
    model = _model()
    assert set(model["held_out"]) == set(model["trained_on"]) and len(model["trained_on"]) >= 4
    for figures in model["held_out"].values():
        assert 0.0 <= figures["f1"] <= 1.0 and 0.0 <= figures["ece"] <= 1.0
