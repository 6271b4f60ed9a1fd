"""The synthetic generator: same seed same bytes, every answer printed on its page, schemas the API
accepts."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from benchmarks.synthetic import vocab
from benchmarks.synthetic.__main__ import main
from benchmarks.synthetic.formats import Printer
from benchmarks.synthetic.generate import generate
from benchmarks.synthetic.kinds import KINDS
from fieldwise import documents
from fieldwise.extraction.schema import DATA_TYPES, fields_from_schema


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("synthetic")
    return out, generate(out, per_kind=2, seed=7)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_documents(made, tmp_path):
    folder, rows = made
    again = tmp_path / "again"
    generate(again, per_kind=2, seed=7)
    assert _files(again) == _files(folder)
    other = generate(tmp_path / "other", per_kind=2, seed=8)
    assert [r["expected"] for r in other] != [r["expected"] for r in rows]


def test_every_kind_is_made_and_rows_have_the_manifest_shape(made):
    folder, rows = made
    assert {r["kind"] for r in rows} == set(KINDS)
    for row in rows:
        assert {"id", "file", "schema", "kind", "language", "layout", "expected"} <= set(row)
        assert row["language"] in vocab.LANGUAGES
        assert (folder / row["file"]).is_file()
    assert [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()] == rows


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_answer_is_printed_on_its_page(made):
    folder, rows = made
    for row in rows:
        text = _flat(documents.read((folder / row["file"]).read_bytes(), "application/pdf").text)
        assert set(row["printed"]) == set(row["expected"]), row["id"]
        for field, printed in row["printed"].items():
            assert printed and _flat(printed) in text, (row["id"], field, printed)


def test_a_ticked_box_prints_an_x_before_its_label_and_an_empty_one_does_not(made):
    folder, rows = made
    forms = [r for r in rows if r["kind"] == "form"]
    assert forms
    for row in forms:
        text = _flat(documents.read((folder / row["file"]).read_bytes(), "application/pdf").text)
        label = re.escape(_flat(row["printed"]["newsletter"]))
        assert bool(re.search(r"\bX\s+" + label, text)) == row["expected"]["newsletter"], row["id"]


def _number(printed: str, language: str) -> float:
    words = vocab.load(language)["format"]
    return float(printed.replace(words["thousands"], "").replace(words["decimal"], "."))


def test_numbers_print_with_the_locale_separators_and_read_back_to_the_answer(made):
    folder, rows = made
    schemas = {k: json.loads((folder / "schemas" / f"{k}.json").read_text()) for k in KINDS}
    checked = 0
    for row in rows:
        types = {f["name"]: f["data_type"] for f in schemas[row["schema"]]["fields"]}
        for field, value in row["expected"].items():
            if types[field] in ("float", "integer"):
                shown = _number(row["printed"][field], row["language"])
                assert shown == pytest.approx(value), (row["id"], field)
                checked += 1
    assert checked >= 10


@pytest.mark.parametrize(("language", "locale", "printed"), [
    ("en", "en_US", "01/31/2024"), ("en", "en_GB", "31/01/2024"), ("de", "de_DE", "31.01.2024"),
    ("fr", "fr_FR", "31/01/2024"), ("nl", "nl_NL", "31-01-2024"), ("pt", "pt_PT", "31/01/2024"),
])
def test_numeric_dates_are_month_first_only_in_us_documents(language, locale, printed):
    import random

    words = vocab.Words(language, locale, random.Random(0))
    printer = Printer(words, words.format("dates")[0], "EUR", "code")
    assert printer.date(date(2024, 1, 31)) == printed


def test_amounts_use_the_locale_separators():
    import random

    de = Printer(vocab.Words("de", "de_DE", random.Random(0)), "{dd}.{mm}.{yyyy}", "EUR", "symbol")
    en = Printer(vocab.Words("en", "en_US", random.Random(0)), "{mm}/{dd}/{yyyy}", "USD", "symbol")
    assert de.money(1234.5) == "1.234,50 €"
    assert en.money(-1234.5) == "-$1,234.50"


def test_every_schema_uses_data_types_the_api_accepts_and_every_field_has_an_answer(made):
    folder, rows = made
    for kind in KINDS:
        schema = json.loads((folder / "schemas" / f"{kind}.json").read_text())
        assert {"name", "description", "fields"} == set(schema)
        assert 4 <= len(schema["fields"]) <= 7
        assert all(f["data_type"] in DATA_TYPES and f["description"] for f in schema["fields"])
        assert len(fields_from_schema(schema)) == len(schema["fields"])
        names = {f["name"] for f in schema["fields"]}
        for row in (r for r in rows if r["schema"] == kind):
            assert set(row["expected"]) == names, row["id"]


def test_descriptions_are_worded_differently_from_one_seed_to_another():
    from benchmarks.synthetic.generate import schema

    worded = {json.dumps(schema("invoice", seed)) for seed in range(6)}
    assert len(worded) > 1
    assert schema("invoice", 3) == schema("invoice", 3)


def test_every_language_file_has_every_label_the_english_one_has():
    english = vocab.load("en")
    for language in vocab.LANGUAGES:
        words = vocab.load(language)
        for section in ("format", "title", "label", "letter"):
            assert set(words[section]) >= set(english[section]) - {"currencies"}, (language, section)
            assert all(words[section][k] for k in english[section] if k in words[section]), language


def test_scans_open_as_images_at_scan_resolution(tmp_path):
    main(["generate", "--out", str(tmp_path), "--per-kind", "1", "--seed", "3", "--scans",
          "--kinds", "invoice,letter"])
    rows = [json.loads(line) for line in (tmp_path / "manifest.jsonl").read_text().splitlines()]
    scans = [r for r in rows if r["medium"] == "scan"]
    assert len(scans) == 2 and all(r["file"].endswith((".jpg", ".png")) for r in scans)
    for row in scans:
        data = (tmp_path / row["file"]).read_bytes()
        assert documents.detect_media_type(data, row["file"]).startswith("image/")
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            assert 1200 <= image.width <= 2000  # an A4 or Letter page at 150-200 dpi, tilted a little


@pytest.mark.parametrize("language", vocab.LANGUAGES)
def test_every_locale_makes_every_kind_in_every_layout_with_drawable_text_that_never_overlaps(language):
    import random

    from benchmarks.synthetic import layouts
    from benchmarks.synthetic.kinds import make

    for locale in vocab.load(language)["faker_locales"]:
        for kind in KINDS:
            rng = random.Random(f"{locale}:{kind}")
            content = make(kind, vocab.Words(language, locale, rng), rng)
            for layout in layouts.layouts_for(kind):
                texts = [op for op in layouts.place(content, layout, 842) if op.kind == "text"]
                for op in texts:
                    op.text.encode("cp1252")  # Helvetica in a PDF draws WinAnsi only
                    left, right = layouts.extent(op)
                    assert 30 <= left and right <= 565 and 20 <= op.y <= 842, (locale, kind, layout, op)
                _assert_no_text_overlaps(texts, (locale, kind, layout))


def _assert_no_text_overlaps(texts, where):
    """Two texts on one line must not run into each other: the reader would join them into one."""
    from benchmarks.synthetic.layouts import extent

    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if abs(a.y - b.y) < 0.8 * max(a.size, b.size):
                (a1, a2), (b1, b2) = extent(a), extent(b)
                assert a2 <= b1 + 1 or b2 <= a1 + 1, (where, a.text, b.text)


def test_a_series_is_one_senders_documents_in_one_language_layout_and_wording(tmp_path):
    """--series N: runs of N documents that share language, locale, layout, label words and formats, as one
    sender's invoices do (the learning benchmark plays a reviewer on them); values still differ."""
    rows = generate(tmp_path, per_kind=6, seed=5, kinds=("invoice",), series=3)
    runs: dict[str, list[dict]] = {}
    for row in rows:
        runs.setdefault(row["series"], []).append(row)
    assert [len(members) for members in runs.values()] == [3, 3]

    def words(row: dict) -> set[str]:
        data = (tmp_path / row["file"]).read_bytes()
        return set(re.findall(r"[^\W\d_]{3,}", documents.read(data, "application/pdf").text))

    def date_shape(row: dict) -> str:
        return re.sub(r"[^\W\d_]+", "a", re.sub(r"\d+", "9", row["printed"]["invoice_date"]))

    shared = []
    for members in runs.values():
        assert len({(r["language"], r["locale"], r["layout"]) for r in members}) == 1
        assert len({date_shape(r) for r in members}) == 1
        assert len({r["expected"]["invoice_number"] for r in members}) == 3
        shared.append(set.intersection(*(words(r) for r in members)))
    assert len(shared[0] & shared[1]) < min(len(shared[0]), len(shared[1])) / 2
    assert all("series" not in row for row in generate(tmp_path / "plain", per_kind=2, seed=5, kinds=("invoice",)))


def test_a_seed_makes_the_same_documents_in_every_process(tmp_path):
    """Whatever the interpreter's hash seed: Faker's Italian cities come from a set, whose order it sets."""
    folders = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        subprocess.run([sys.executable, "-m", "benchmarks.synthetic", "generate", "--out", str(out), "--per-kind",
                        "7", "--seed", "3", "--kinds", "form,letter"], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": hash_seed}, cwd=Path(__file__).resolve().parents[3])
        folders.append(out)
    rows = [json.loads(line) for line in (folders[0] / "manifest.jsonl").read_text().splitlines()]
    assert "it_IT" in {row["locale"] for row in rows}
    assert _files(folders[0]) == _files(folders[1])
