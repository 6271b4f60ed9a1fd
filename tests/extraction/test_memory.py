"""Layout memory, the pure part: a lesson found on a reviewed page, recalled on a document of the same layout
(moved a little, a longer value, a figure typed like the field), and not on another layout."""

from __future__ import annotations

from fieldwise.documents.model import BBox, Block, Document, Line, Page, Word
from fieldwise.extraction import extract, wire
from fieldwise.extraction.memory import Memories, Memory, Recalled, teach
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
    assert found["booking_code"]["learned_from"] == {"memory_id": "m0", "collection_id": "doc-a",
                                                     "memory_ids": ["m0"]}
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


def _recalled(memories: list[Memory], document: Document, spec: FieldSpec = CODE) -> Recalled:
    sheet = Sheet.from_document(document)
    return Memories(memories).on(sheet).propose(spec, True)


def test_a_corrected_lesson_weighs_less_and_one_corrected_as_often_as_taught_proposes_nothing() -> None:
    first = _memories(_form("QX-19-AB", "$4,125.00"), (CODE, "QX-19-AB")).items[0]
    document = _form("MM-77-CD", "$190.00", shift=0.02)

    def score(hits: tuple[str, ...], misses: tuple[str, ...]) -> float | None:
        recalled = _recalled([Memory("m", first.lesson, first.fingerprint, "a", hits, misses)], document)
        return recalled.candidates[0].score if recalled.candidates else None

    assert score(("b",), ("c",)) < score((), ()) == score(("b", "d"), ())
    assert score((), ("c",)) is None
    doubted = _recalled([Memory("m", first.lesson, first.fingerprint, "a", (), ("c",))], document)
    assert doubted.doubted == {"MM77CD": 2 / 3}  # the engine believes that value less: (1 + 1) / (1 + 1 + 1)


def test_lessons_that_read_one_value_pool_their_record_and_a_document_counts_once() -> None:
    """Two reviewed documents that taught the same place outvote one that taught another place; a document
    that corrected both of the first two counts once against them."""
    taught = _form("QX-19-AB", "$4,125.00")
    sheet = Sheet.from_document(taught)
    at_code, at_client = teach(sheet, CODE, "QX-19-AB"), teach(sheet, CODE, "Acme")
    assert at_code is not None and at_client is not None
    fingerprint = sheet.fingerprint()
    recalled = _recalled([Memory("x", at_code, fingerprint, "a", (), ("c",)),
                          Memory("y", at_code, fingerprint, "b", (), ("c",)),
                          Memory("z", at_client, fingerprint, "d")], _form("MM-77-CD", "$190.00", client="Globex"))
    by_value = {c.value: c for c in recalled.candidates}
    assert by_value["MM-77-CD"].learned_from["memory_ids"] == ["x", "y"]
    assert by_value["MM-77-CD"].score == by_value["Globex"].score * 3 / 4  # (2 + 1) / (2 + 1 + 1): c counts once


def test_a_date_taught_as_the_end_of_a_range_is_read_there_and_sets_the_layouts_date_order() -> None:
    end = FieldSpec("flight_end", "Last day of the flight", "date")
    start = FieldSpec("flight_start", "First day of the flight", "date")
    header = [(text, 0.1, 0.05 + 0.03 * i) for i, text in enumerate(HEADER)]

    def schedule(period: str, aired: str) -> Document:
        return _doc(header + [("Run", 0.1, 0.3), (period, 0.3, 0.3), ("Aired", 0.1, 0.35), (aired, 0.3, 0.35)])

    sheet = Sheet.from_document(schedule("04/20/20-05/11/20", "06/01/20"))
    lesson = teach(sheet, end, "2020-05-11")
    assert lesson is not None and lesson.part == -1 and lesson.day_first is False
    memory = Memories([Memory("m", lesson, sheet.fingerprint(), "a")])
    found = extract(schedule("03/02/20-03/08/20", "03/04/20"), [end, start], memory)
    assert found["flight_end"].value == "2020-03-08"  # the range's end, month first as the reviewer's date said
    assert found["flight_start"].value == "2020-03-02"  # the layout's order holds for the field not taught


def test_a_learned_value_stops_at_a_label_of_the_layout_and_a_figure_stays_a_figure() -> None:
    name = FieldSpec("advertiser", "Name of the advertiser")
    header = [(text, 0.1, 0.05 + 0.03 * i) for i, text in enumerate(HEADER)]

    def order(advertiser: str, number: str) -> Document:  # 'Invoice Date' stands where it always does
        return _doc(header + [("Advertiser", 0.1, 0.3), (advertiser, 0.22, 0.3),
                              ("Invoice Date 05/01/20", 0.556, 0.3), ("Order", 0.1, 0.35), (number, 0.22, 0.35)])

    sheet = Sheet.from_document(order("Persist PAC", "297735"))
    by_name, by_number = teach(sheet, name, "Persist PAC"), teach(sheet, CODE, "297735")
    assert by_name is not None and by_number is not None
    fingerprint = sheet.fingerprint()
    memory = Memories([Memory("m", by_name, fingerprint, "a"), Memory("n", by_number, fingerprint, "a")])
    found = extract(order("Cam Ward Supreme Court AL Rep", "Reconciliation"), [name, CODE], memory)
    assert found["advertiser"].value == "Cam Ward Supreme Court AL Rep"  # longer than taught, up to the label
    assert found["booking_code"].learned_from is None  # words where the reviewer's figure stood


def test_a_value_not_on_the_page_teaches_nothing() -> None:
    assert teach(Sheet.from_document(_form("QX-19-AB", "$4,125.00")), CODE, "NOT-THERE") is None
    assert teach(Sheet.from_document(_form("QX-19-AB", "$4,125.00")), CODE, "QX-19-AB " * 100_000) is None
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
        lesson = Memory("m", first.lesson, first.fingerprint, "a", tuple(f"h{i}" for i in range(hits)),
                        tuple(f"x{i}" for i in range(misses)))
        found = extract(document, [CODE], Memories([lesson]))["booking_code"]
        assert found.value == "MM-77-CD"
        return found.confidence

    untried, proven, corrected = confidence(0, 0), confidence(6, 0), confidence(2, 1)
    assert untried <= 85.0
    assert corrected < untried < proven < 100.0
