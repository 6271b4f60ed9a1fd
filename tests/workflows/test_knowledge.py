"""`ask` reads a question like a field and answers with the engine's value quoted from its passage (spec v3 D16,
issue 21): the type from how the question opens, in every language that has a stop list; a question nothing
answers says so; the passages of the document the question names come first."""

from __future__ import annotations

from importlib import resources

import pytest

from fieldwise.workflows import knowledge


def _passage(text: str, packet: str = "d1", block: str = "p1_b0") -> knowledge.Passage:
    return knowledge.Passage(text=text, document_packet_id=packet, path=f"{packet}/a.pdf", block_id=block, page=1,
                             bbox=None)


def test_every_language_has_a_stop_list_and_question_openings() -> None:
    folder = resources.files("fieldwise.workflows").joinpath("data")
    stops = {item.name[:-4] for item in folder.joinpath("stopwords").iterdir() if item.name.endswith(".txt")}
    questions = {item.name[:-5] for item in folder.joinpath("questions").iterdir() if item.name.endswith(".toml")}
    assert stops == questions and {"en", "de", "fr", "es"} <= stops
    assert all(knowledge.stop_words()[lang] for lang in stops)


@pytest.mark.parametrize(("question", "data_type"), [
    ("When does the agreement take effect?", "date"), ("Wann tritt der Vertrag in Kraft?", "date"),
    ("¿Cuándo entra en vigor?", "date"), ("How much is due?", "float"), ("Combien faut-il payer ?", "float"),
    ("How long does it last?", "string"), ("Which state's law governs it?", "string"),
])
def test_a_question_is_read_as_a_field_of_the_type_its_opening_asks(question: str, data_type: str) -> None:
    specs = knowledge.read_question(question)
    assert {s.data_type for s in specs} == {data_type} and specs[0].description == question


def test_the_answer_is_the_value_quoted_from_its_passage_with_a_confidence() -> None:
    found = [_passage("The parties are Acme Inc. and Globex LLC.", block="p1_b0"),
             _passage("This Agreement shall be governed by the laws of the State of Ohio, without regard to its "
                      "conflict of laws rules.", block="p3_b2")]
    reply = knowledge.answer("Which state's law governs the agreement between Acme and Globex?", found)
    assert reply["answer"].startswith('Ohio: "This Agreement shall be governed by the laws of the State of Ohio')
    assert 0 < reply["confidence"] <= 100
    assert [c["block_id"] for c in reply["citations"]] == ["p3_b2", "p1_b0"]  # the quoted passage first


def test_a_question_nothing_answers_says_so_and_cites_the_closest_passages() -> None:
    reply = knowledge.answer("When does the agreement take effect?", [_passage("The parties are Acme and Globex.")])
    assert reply["answer"] == knowledge.NO_VALUE and reply["confidence"] is None and len(reply["citations"]) == 1
    assert knowledge.answer("anything?", [])["answer"] == knowledge.NO_MATCH


def test_the_document_the_question_names_is_searched_for_its_own_passages() -> None:
    corpus = [_passage("Agreement between Acme and Globex.", "d1", "b0"),
              _passage("This agreement is governed by the law of Ohio.", "d1", "b1"),
              _passage("Governed by the laws of Texas, this agreement binds the parties.", "d2", "b0")]
    asked: list[tuple[tuple[str, ...], str | None]] = []

    def search(words: list[str], limit: int, packet: str | None) -> list[knowledge.Passage]:
        asked.append((tuple(words), packet))
        hits = [p for p in corpus if (packet is None or p.document_packet_id == packet)
                and set(words) & set(knowledge.tokens(p.text))]
        return sorted(hits, key=lambda p: -len(set(words) & set(knowledge.tokens(p.text))))[:limit]

    found = knowledge.find(search, "Which law governs the agreement between Acme and Globex?")
    assert [(p.document_packet_id, p.block_id) for p in found][:2] == [("d1", "b0"), ("d1", "b1")]
    assert asked[1][1] == "d1"  # the second search stays in the named document
