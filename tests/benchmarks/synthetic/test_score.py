"""Scoring a synthetic set: score2's matching rules, broken down by kind, language, layout and medium."""

from __future__ import annotations

import json

import pytest

from benchmarks.synthetic import score
from benchmarks.synthetic.generate import generate

pytestmark = pytest.mark.skipif(not score.SCORER.is_file(), reason="needs ../shared/bench/score2.py")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("scored")
    generate(out, per_kind=1, seed=5)
    return out


def _write(folder, rows, fields_of):
    path = folder / "given.jsonl"
    path.write_text("".join(json.dumps({"file": str(folder / r["file"]), "fields": fields_of(r)}) + "\n"
                            for r in rows))
    return path


def test_the_answers_themselves_score_one_everywhere_and_nothing_scores_zero(folder):
    rows = score.read_manifest(folder)
    answers = _write(folder, rows, lambda r: {k: {"value": v} for k, v in r["expected"].items()})
    perfect = score.report(folder, answers)
    assert perfect["overall"]["f1"] == 1.0
    assert set(perfect["kind"]) == {r["kind"] for r in rows} and set(perfect["kind"].values()) == {1.0}
    assert set(perfect["language"]) == {r["language"] for r in rows}
    empty = score.report(folder, _write(folder, rows, lambda r: {}))
    assert empty["overall"]["f1"] == 0.0


def test_a_wrong_value_counts_against_its_own_kind_only(folder):
    rows = score.read_manifest(folder)

    def fields_of(row):
        fields = {k: {"value": v} for k, v in row["expected"].items()}
        if row["kind"] == "invoice":
            fields["total_amount"] = {"value": row["expected"]["net_amount"]}  # net given for the total
        return fields

    figures = score.report(folder, _write(folder, rows, fields_of))
    assert figures["kind"]["invoice"] == pytest.approx(6 / 7, abs=0.001)  # 6 right, 1 wrong, 1 missed
    assert all(f1 == 1.0 for kind, f1 in figures["kind"].items() if kind != "invoice")


def test_the_engine_runs_over_the_set_in_process(folder):
    figures = score.score(folder, verbose=False)
    assert 0.0 < figures["overall"]["f1"] <= 1.0
    lines = (folder / "results.jsonl").read_text().splitlines()
    assert len(lines) == len(score.read_manifest(folder))
    assert all(json.loads(line)["status"] == "processed" for line in lines)
