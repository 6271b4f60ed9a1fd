"""Layout memory, the pure part: a lesson found on a reviewed page, recalled on a document of the same layout
(moved a little, a longer value, a figure typed like the field), and not on another layout."""

from __future__ import annotations

from fieldwise.documents.model import BBox, Block, Document, Line, Page, Word
from fieldwise.extraction import extract, wire
from fieldwise.extraction.memory import Memories, Memory, teach
from fieldwise.extraction.schema import FieldSpec
from fieldwise.extraction.sheet import MAX_FINGERPRINT, Sheet, similarity

CODE = FieldSpec("booking_code", "The booking code of the order")
AMOUNT = FieldSpec("gross", "Gross amount of the order", "float")
HEADER = ["NORTHWIND BROADCAST TRAFFIC SHEET", "Station traffic department copy", "Schedule weekly rotation"]


def _line(text: str, x: float, y: float) -> Line:
    words, left = [], x
    for word in text.split():
        width = 0.012 * len(word)
        words.append(Word(word, BBox(left, y, left + width, y + 0.015)))
        left += width + 0.008
    return Line(words)


def _doc(rows: list[tuple[str, float, float]]) -> Document:
    """Each row its own line, as a PDF reader often gives a label and its value."""
    return Document([Page(1, 612, 792, [Block([_line(t, x, y)]) for t, x, y in rows])], "application/pdf")


def _form(code: str, amount: str, shift: float = 0.0, client: str = "Acme") -> Document:
    rows = [(text, 0.1, 0.05 + 0.03 * i) for i, text in enumerate(HEADER)]
    return _doc(rows + [("Client", 0.1, 0.2), (client, 0.3, 0.2), ("Slot key", 0.1, 0.25 + shift),
                        (code, 0.3, 0.25 + shift), ("Totals 14", 0.1, 0.4 + shift), (amount, 0.5, 0.4 + shift)])


def _memories(document: Document, *lessons: tuple[FieldSpec, object]) -> Memories:
    sheet = Sheet.from_document(document)
    out = []
    for number, (spec, value) in enumerate(lessons):
        lesson = teach(sheet, spec, value)
        assert lesson is not None
        out.append(Memory(f"m{number}", lesson, sheet.fingerprint(), "doc-a"))
    return Memories(out)


def test_a_lesson_is_recalled_on_the_same_layout_with_evidence() -> None:
    memory = _memories(_form("QX-19-AB", "$4,125.00"), (CODE, "QX-19-AB"), (AMOUNT, 4125.0))
    found = wire.dump(extract(_form("MM-77-CD Rev 2", "$190.00", shift=0.02, client="Globex Corp"),
                              [CODE, AMOUNT], memory))
    assert found["booking_code"]["value"] == "MM-77-CD Rev 2"  # a longer value than the one learned
    assert found["booking_code"]["learned_from"] == {"memory_id": "m0", "collection_id": "doc-a"}
    assert found["booking_code"]["evidence"][0]["bbox"]["y0"] == 0.27  # where it stands on this page
    assert found["gross"]["value"] == 190.0


def test_the_anchor_a_lesson_keeps_is_the_label_before_the_value() -> None:
    lesson = teach(Sheet.from_document(_form("QX-19-AB", "$4,125.00")), AMOUNT, 4125.0)
    assert lesson is not None and lesson.anchor == ("totals",)  # past the figure between label and value


def test_another_layout_gets_nothing_from_memory() -> None:
    memory = _memories(_form("QX-19-AB", "$4,125.00"), (CODE, "QX-19-AB"))
    other = _doc([("Harbour freight manifest", 0.1, 0.05), ("Vessel Aurora", 0.1, 0.1),
                  ("Slot key", 0.1, 0.25), ("ZZ-11-YY", 0.3, 0.25)])
    assert "learned_from" not in wire.dump(extract(other, [CODE], memory))["booking_code"]


def test_a_wrong_lesson_weighs_less_than_a_reliable_one() -> None:
    first = _memories(_form("QX-19-AB", "$4,125.00"), (CODE, "QX-19-AB")).items[0]
    assert Memory("m", first.lesson, first.fingerprint, "a", hits=0, misses=2).reliability < first.reliability
    assert Memory("m", first.lesson, first.fingerprint, "a", hits=3, misses=0).reliability == first.reliability


def test_a_value_not_on_the_page_teaches_nothing() -> None:
    assert teach(Sheet.from_document(_form("QX-19-AB", "$4,125.00")), CODE, "NOT-THERE") is None
    assert teach(Sheet.from_document(_form("QX-19-AB", "$4,125.00")), FieldSpec("items", "", "list"), ["x"]) is None


def test_fingerprints_are_bounded_and_stored_as_json() -> None:
    many = _doc([(f"word{chr(97 + i % 26)}{chr(97 + i // 26)} label", 0.1, i / 400) for i in range(400)])
    sheet = Sheet.from_document(many)
    assert len(sheet.fingerprint()) == MAX_FINGERPRINT
    again = Sheet.from_json(sheet.to_json())  # boxes kept to 4 decimals
    assert [t[0] for t in again.fingerprint()] == [t[0] for t in sheet.fingerprint()]
    assert similarity(sheet.fingerprint(), again.fingerprint()) == 1.0


def test_a_value_only_memory_found_is_believed_as_far_as_its_lesson_proved_right() -> None:
    """No dev set has learned values to fit the calibration on: an untried lesson is believed as far as learned
    values were kept on the benchmark (0.85), a lesson that proved right more, one that was corrected less."""
    document = _form("MM-77-CD", "$190.00", shift=0.02)
    first = _memories(_form("QX-19-AB", "$4,125.00"), (CODE, "QX-19-AB")).items[0]

    def confidence(hits: int, misses: int) -> float:
        lesson = Memory("m", first.lesson, first.fingerprint, "a", hits=hits, misses=misses)
        found = extract(document, [CODE], Memories([lesson]))["booking_code"]
        assert found.value == "MM-77-CD"
        return found.confidence

    untried, proven, corrected = confidence(0, 0), confidence(6, 0), confidence(0, 2)
    assert untried <= 85.0
    assert corrected < untried < proven < 100.0
