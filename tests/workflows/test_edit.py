"""The edit node's pairing of instructions and reference rows with a form's widgets (spec v3 D7)."""

from __future__ import annotations

import pytest

from fieldwise.documents.pdf_forms import Widget
from fieldwise.workflows.edit import (EditStep, all_pairs, edit_pdf, instruction_pairs, match, normalise,
                                      reference_pairs)
from tests.support.documents import form_pdf, invoice_pdf

BOX = {"x0": 0.1, "y0": 0.1, "x1": 0.2, "y1": 0.2}


def _widget(index: int, label: str, kind: str = "text", value: str | None = None, name: str = "") -> Widget:
    return Widget(1, index, name or f"field{index}", label, kind, value, BOX)


def test_labels_match_after_folding_accents_case_and_punctuation() -> None:
    assert normalise("  Número de  CUENTA (IBAN): ") == "numero de cuenta iban"
    assert normalise("date_of_birth") == "date of birth"


def test_instructions_split_on_semicolons_and_lines() -> None:
    pairs = instruction_pairs("Name: ACME SL; Date: 2026-01-01\nI accept the terms; ;Note: a: b")
    assert [(p.label, p.value, p.tick_only) for p in pairs] == [
        ("Name", "ACME SL", False), ("Date", "2026-01-01", False), ("I accept the terms", "true", True),
        ("Note", "a: b", False)]
    assert pairs[0].fragment == "Name: ACME SL"


def test_reference_rows_from_csv_and_text() -> None:
    assert [(p.label, p.value) for p in reference_pairs("people.csv", "name,date\nACME SL,2026-01-01\nOther,x\n")] \
        == [("name", "ACME SL"), ("date", "2026-01-01")]  # a header over the first record
    assert [(p.label, p.value) for p in reference_pairs("pairs.csv", "field,value\nCity,Sevilla\nDate,2026\n")] \
        == [("City", "Sevilla"), ("Date", "2026")]  # label,value rows
    text = "# Applicant\n- **Name**: Ana\n:City: Sevilla\nno colon here\nsee https://example.org\n"
    assert [(p.label, p.value) for p in reference_pairs("notes.md", text)] == [("Name", "Ana"), ("City", "Sevilla")]


def test_matching_fills_once_never_overwrites_and_reports_the_rest() -> None:
    widgets = [_widget(0, "Nombre del titular"), _widget(1, "Company", value="Prefilled"),
               _widget(2, "I accept the terms", "checkbox"), _widget(3, "", name="form.city")]
    pairs = instruction_pairs("NOMBRE DEL TITULAR: Ana; Company: New; I accept the terms; Colour: red; "
                              "City: Sevilla") + reference_pairs("r.txt", "City: Madrid\nNombre del titular: Bo")
    taken, unmatched = match(widgets, pairs)
    assert taken == {"p1_f0": ("Ana", 100), "p1_f1": (None, 100), "p1_f2": ("true", 100), "p1_f3": ("Sevilla", 100)}
    assert unmatched == ["Colour: red"]  # reference rows that match nothing are not instructions: not listed


def test_checkboxes_take_yes_and_no_words_only() -> None:
    widgets = [_widget(0, "Subscribe", "checkbox"), _widget(1, "Smoker", "checkbox")]
    taken, unmatched = match(widgets, instruction_pairs("Subscribe: sí; Smoker: perhaps"))
    assert taken == {"p1_f0": ("true", 100)} and unmatched == ["Smoker: perhaps"]
    taken, _ = match(widgets, instruction_pairs("Smoker: no"))
    assert taken == {"p1_f1": ("false", 100)}


def test_a_close_label_scores_below_100_and_a_far_one_matches_nothing() -> None:
    taken, unmatched = match([_widget(0, "Date of birth")], instruction_pairs("Date of brith: 1990-01-01"))
    assert 80 <= taken["p1_f0"][1] < 100
    taken, unmatched = match([_widget(0, "Date of birth")], instruction_pairs("Place: Sevilla"))
    assert taken == {} and unmatched == ["Place: Sevilla"]


def test_edit_of_a_form_and_of_a_pdf_without_one() -> None:
    step = EditStep("edit_1", "Name: ACME SL; Company: Other; Colour: red", ("ref",), "sans", "editable")
    entry, pdf, warnings = edit_pdf(form_pdf(), step, all_pairs(step, [("people.csv", "city,date\nSevilla,2026")]))
    by_id = {f["form_field_id"]: f for f in entry["fields"]}
    assert by_id["p1_f0"] == {"form_field_id": "p1_f0", "label": "Name", "kind": "text", "state": "empty",
                              "page": 1, "bbox": by_id["p1_f0"]["bbox"], "value": "ACME SL", "confidence": 100}
    assert by_id["p1_f2"]["state"] == "prefilled" and by_id["p1_f2"]["value"] is None
    assert by_id["p1_f3"]["value"] is None and by_id["p1_f3"]["confidence"] is None  # nothing addressed it
    assert (by_id["p1_f1"]["value"], by_id["p2_f0"]["value"]) == ("2026", "Sevilla")
    assert entry["unmatched_instructions"] == ["Colour: red"] and pdf is not None and warnings == []
    entry, pdf, _ = edit_pdf(invoice_pdf(), step, all_pairs(step, []))
    assert entry["fields"] == [] and pdf is None


def test_a_form_too_large_to_match_is_refused_with_its_size_and_one_within_it_matches_in_bounded_time() -> None:
    """500 widgets and 5,000 reference rows took 110 s of a worker; the matcher refuses past MAX_COMPARISONS."""
    import time

    from fieldwise.errors import LimitExceeded
    from fieldwise.workflows.edit import MAX_COMPARISONS, Pair

    widgets = [_widget(i, f"Applicant field number {i}") for i in range(500)]
    rows = [Pair(f"Reference row label {i}", str(i)) for i in range(MAX_COMPARISONS // 500 + 1)]
    with pytest.raises(LimitExceeded, match="comparisons; the limit is"):
        match(widgets, rows)
    started = time.process_time()
    match(widgets, rows[:MAX_COMPARISONS // 500])
    assert time.process_time() - started < 30
