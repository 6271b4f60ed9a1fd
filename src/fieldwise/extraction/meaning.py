"""What a field means, and what a label on the page means, in one vocabulary: the concepts of data/lexicon.toml.

A field's name and description, and every label a document prints, are read into concepts ("Rechnungs-Nr." and
`invoice_number` both become {invoice, number}); `label_match` says how well a label answers a field. Qualifiers
(due / issue, gross / net, seller / buyer ...) decide between look-alikes: a label that carries one the field
does not ask for, while the field asks for another of the same group, never answers it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from fieldwise.extraction import datafiles
from fieldwise.extraction.schema import FieldSpec

_TOKEN = re.compile(r"[#%]|[^\W_]+°?(?:\.[^\W_]+)*\.?", re.UNICODE)
# Words that carry no meaning of their own in a field's description.
_FILLER = {
    "the", "of", "a", "an", "and", "or", "to", "in", "on", "for", "by", "as", "is", "that", "which", "with", "its",
    "it", "this", "be", "are", "was", "at", "from", "into", "per", "any", "all", "each", "if", "such", "e.g", "eg",
    "when", "what", "how", "who", "whose", "where", "than", "before", "after", "including", "included", "includes",
    "ie", "i.e", "etc", "also", "only", "their", "these", "those", "there", "here", "not", "no.", "one", "two",
    "der", "die", "das", "des", "le", "la", "les", "el", "los", "il", "het", "een", "o", "os", "as", "und", "et", "y",
    "e", "en", "ou", "oder", "o", "given", "shown", "written", "printed", "stated", "as", "this", "document",
}


@dataclass(frozen=True, slots=True)
class Lexicon:
    forms: dict[tuple[str, ...], str]  # a form's tokens -> its concept
    longest: int  # tokens in the longest form
    stems: dict[str, str]  # single-token forms of 3+ letters, for splitting compounds
    openers: frozenset[str]  # first words of forms of several words ('ohne' of 'ohne ust')
    kinds: frozenset[str]  # concepts that say what a document is
    opposites: dict[str, str]  # a status concept -> the one that says the opposite, both ways
    group_of: dict[str, frozenset[str]]  # qualifier concept -> its groups
    near: dict[str, frozenset[str]]  # a qualifier -> those it usually means too ('subtotal' is mostly the net)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = datafiles.load("lexicon")
    forms: dict[tuple[str, ...], str] = {}
    for concept, words in raw["concepts"].items():
        for word in words:
            forms.setdefault(tuple(_tokens(word)), concept)
    stems = {key[0].rstrip("."): c for key, c in forms.items() if len(key) == 1 and len(key[0].rstrip(".")) >= 3}
    group_of: dict[str, set[str]] = {}
    for group, members in raw["groups"].items():
        for qualifier in members:
            group_of.setdefault(qualifier, set()).add(group)
    group_of = {q: frozenset(g) for q, g in group_of.items()}
    openers = frozenset(key[0] for key in forms if len(key) > 1)
    kinds = frozenset(raw["groups"]["document_kind"])
    opposites = {**raw.get("opposites", {}), **{v: k for k, v in raw.get("opposites", {}).items()}}
    near = {q: frozenset(others) for q, others in raw.get("near", {}).items()}
    return Lexicon(forms, max(len(k) for k in forms), stems, openers, kinds, opposites, group_of, near)


def tokens(text: str) -> list[str]:
    """Lower-case words as the lexicon keys its forms."""
    return _tokens(text)


def _tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text.replace("_", " ").replace("'", " ").replace("’", " "))]


def split_name(name: str) -> str:
    """`invoiceNumber2`, `invoice_number`, `Invoice-Number` -> 'invoice number 2'."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", " ", name)
    return re.sub(r"[\W_]+", " ", spaced).strip().lower()


def _compound(token: str, lex: Lexicon) -> list[str]:
    """A compound of two known forms, 'rechnungsnummer' -> invoice, number; [] when it is not one."""
    word = token.rstrip(".").replace("-", "")
    if len(word) < 6:
        return []
    for cut in range(len(word) - 3, 2, -1):
        head, tail = word[:cut], word[cut:]
        if tail in lex.stems:
            for joint in (head, head[:-1] if head.endswith("s") else None):
                if joint and joint in lex.stems:
                    return [lex.stems[joint], lex.stems[tail]]
                if joint and _compound(joint, lex):
                    return [*_compound(joint, lex), lex.stems[tail]]
    return []


def _single(token: str, lex: Lexicon) -> str | None:
    """A one-word form, forgiving a trailing dot and a plural s."""
    bare = token.rstrip(".")
    return lex.forms.get((bare,)) or (lex.forms.get((bare[:-1],)) if len(bare) > 3 and bare.endswith("s") else None)


def concepts(text: str, keep_unknown: bool = False) -> list[str]:
    """The concepts a piece of text names, in order. Unknown words come back as 'w:<word>' with `keep_unknown`."""
    return list(_concepts(text, keep_unknown)) if len(text) <= 64 else _read_concepts(text, keep_unknown)


@lru_cache(maxsize=65536)
def _concepts(text: str, keep_unknown: bool) -> tuple[str, ...]:
    """Labels and words repeat across pages and documents: short texts are read once."""
    return tuple(_read_concepts(text, keep_unknown))


def _read_concepts(text: str, keep_unknown: bool) -> list[str]:
    lex = lexicon()
    tokens = _tokens(text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for size in range(min(lex.longest, len(tokens) - i), 0, -1):
            key = tuple(tokens[i:i + size])
            concept = lex.forms.get(key) or (_single(key[0], lex) if size == 1 else None)
            if concept:
                out.append(concept)
                i += size
                break
        else:
            token = tokens[i]
            parts = [c for piece in token.split("-") for c in (_compound(piece, lex) or
                     ([lex.stems[piece]] if piece in lex.stems else []))]
            if not parts and "." in token.strip("."):
                parts = concepts(token.replace(".", " "))  # 'EXCL.GST', 'USt.-Id.-Nr.'
            if parts:
                out.extend(parts)
            elif keep_unknown and token.isalpha() and len(token) > 2 and token not in _FILLER:
                out.append("w:" + token)
            i += 1
    return out


_MONEY = frozenset({"total", "amount", "gross", "net", "subtotal", "tax", "discount", "balance", "commission", "price"})


@dataclass(frozen=True, slots=True)
class FieldMeaning:
    spec: FieldSpec
    name: frozenset[str]  # concepts of the field's name (unknown words as 'w:<word>')
    described: frozenset[str]  # further concepts of its description
    qualifiers: dict[str, frozenset[str]]  # group -> the qualifiers the field asks for
    example: str | None = None  # the shape of an example value the description gives ('e.g. 2 years' -> '9 a')
    offered: frozenset[str] = frozenset()  # concepts the description offers in place of the name's ('A or B')
    answers: tuple[str, ...] = ()  # the answers a string field's description lists ('purchase or return')
    concept: str | None = None  # the prior concept its name (else its description) names (data/priors.toml)

    @property
    def prior(self) -> "PriorConcept | None":
        """The field's prior concept when a reader proposes values for it and can answer the field's data type,
        and the field's name does not turn it off ('IBAN of the seller' is no party name)."""
        concept = prior_concepts().get(self.concept) if self.concept else None
        if concept is None or not concept.reader or self.spec.data_type not in concept.types:
            return None
        return None if concept.unless & self.name else concept

    @property
    def wanted(self) -> frozenset[str]:
        return self.name | self.described

    @property
    def identifier(self) -> bool:
        """A string field that asks for a number or code ('invoice number', 'order id', 'reference')."""
        return self.spec.data_type == "string" and bool(
            self.name & {"number", "identifier", "reference", "iban", "bic", "isin", "wkn", "vat_id"})

    @property
    def money(self) -> bool:
        """Whether the field asks for an amount of money ('total due', 'net amount', 'unit price')."""
        return not self.identifier and bool(self.wanted & _MONEY)

    def asks(self, concept: str) -> bool:
        return concept in self.name or concept in self.described


_EXAMPLE = re.compile(r"(?:\be\.\s?g\.|\bfor example|\bsuch as|\bz\.\s?B\.|\bp\.\s?ex\.|\bpor ejemplo|\bad esempio|"
                      r"\bbijvoorbeeld|\bpor exemplo|\bbeispielsweise)[:,]?\s+(.+?)(?:[;)]|\.\s|\.$|$)", re.I)


def shape(text: str) -> str:
    """A value's shape: each run of digits '9', of letters 'a', other characters as they are, spaces kept."""
    return re.sub(r"[^\W\d_]+", "a", re.sub(r"\d+", "9", text.strip()))


def example_shape(description: str) -> str | None:
    """The shape of the first example value a description gives, if it gives one."""
    m = _EXAMPLE.search(description)
    if not m:
        return None
    first = re.split(r",\s|\s(?:or|and|oder|ou|o|of)\s", m.group(1).strip())[0].strip(" '\"“”")
    return shape(first) if 0 < len(first) <= 40 else None


@lru_cache(maxsize=1024)
def read_field(spec: FieldSpec) -> FieldMeaning:
    lex = lexicon()
    name = frozenset(concepts(split_name(spec.name), keep_unknown=True))
    described = frozenset(concepts(spec.description)) - name
    qualifiers: dict[str, set[str]] = {}
    for concept in name:
        for group in lex.group_of.get(concept, ()):
            qualifiers.setdefault(group, set()).add(concept)
    for concept in described:  # a description's qualifier counts when the name leaves the group open
        for group in lex.group_of.get(concept, ()):
            if group not in qualifiers:
                qualifiers.setdefault("~" + group, set()).add(concept)
    answers = closed_answers(spec.description) if spec.data_type == "string" else ()
    return FieldMeaning(spec, name, described, {g: frozenset(q) for g, q in qualifiers.items()},
                        example_shape(spec.description), _offered(spec.description, name), answers,
                        _prior_concept(spec))


@dataclass(frozen=True, slots=True)
class PriorConcept:
    """A concept of data/priors.toml: a reader that finds its values by where they sit or how prose states them."""

    name: str
    words: tuple[str, ...]
    reader: str | None = None  # the prior that proposes values for it (extraction/priors.py)
    types: frozenset[str] = frozenset()
    labels: bool = True  # whether labels printed on the page may answer it
    unless: frozenset[str] = frozenset()  # concepts of the field's name that turn its reader off


@lru_cache(maxsize=1)
def prior_concepts() -> dict[str, PriorConcept]:
    """The concepts of data/priors.toml, in the order they are checked: specific ones first."""
    raw = datafiles.load("priors")
    return {c["name"]: PriorConcept(c["name"], tuple(c["words"]), c.get("reader"), frozenset(c.get("types", ())),
                                    c.get("labels", True), frozenset(c.get("unless", ()))) for c in raw["concept"]}


def _has(text: str, phrase: str) -> bool:
    return re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", text) is not None


def _prior_concept(spec: FieldSpec) -> str | None:
    """The first prior concept the field's name names, else the first its description names."""
    for text in (split_name(spec.name), " ".join(tokens(spec.description))):
        for name, concept in prior_concepts().items():
            if any(_has(text, w) for w in concept.words):
                return name
    return None


_ONE_OF = re.compile(r"\b(?:one of|either|any of|among|values?|options?|answers?)\s*[:\-]?\s+(.+)$", re.I)
_LISTED = re.compile(r"[:\-–]\s*([^:]+)$")
_YES_NO = re.compile(r"\b(yes|true)\s*(?:or|/)\s*(no|false)\b", re.I)
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|\||/|\bor\b|\band\b)\s*", re.I)
_CHOICE = re.compile(r"\b(?:whether|which|type|kind|status|category|class|direction|mode|side|is|are|does|"
                     r"did|has|was)\b|\?", re.I)  # what asks for a choice before a colon
_MOST_ANSWERS, _ANSWER_WORDS = 12, 3


def closed_answers(description: str) -> tuple[str, ...]:
    """The answers a description lists for a string field, in its words: 'Whether this is a purchase or a return:
    purchase or return', 'one of: open, closed, pending', 'yes or no'. () when it lists none; then the field is
    free text."""
    text = description.strip().rstrip(".")
    yes_no = _YES_NO.search(text)
    if yes_no:
        return (yes_no.group(1).lower(), yes_no.group(2).lower())
    for pattern in (_ONE_OF, _LISTED):
        m = pattern.search(text)
        if not m or pattern is _LISTED and not _CHOICE.search(text[:m.start()]):
            continue  # 'Governing law: state or country' says what the value is, not which answers it has
        items = [i.strip(" '\"“”‘’()[].") for i in _ITEM_SPLIT.split(m.group(1))]
        items = [i for i in items if i]
        if 2 <= len(items) <= _MOST_ANSWERS and all(len(i.split()) <= _ANSWER_WORDS for i in items) \
                and re.search(r"\bor\b|,|/|\|", m.group(1)):
            return tuple(dict.fromkeys(items))
    return ()


_OR = re.compile(r"\s(?:or|oder|ou|oppure|o bien)\s|\s?/\s?", re.I)


def _offered(description: str, name: frozenset[str]) -> frozenset[str]:
    """Concepts joined to one of the name's by 'or' in the description: 'the contract or order number'."""
    parts = [concepts(p) for p in _OR.split(description)]
    out: set[str] = set()
    for left, right in zip(parts, parts[1:]):
        if left and right:
            if left[-1] in name:
                out.add(right[0])
            if right[0] in name:
                out.add(left[-1])
    return frozenset(out - name)


def clashes(field: FieldMeaning, text: str, hints: bool = False) -> bool:
    """Whether `text` (a value's line) names a qualifier the field rules out: 'Net Total' for a gross amount.
    With `hints`, the description's qualifiers rule out too."""
    lex = lexicon()
    said = concepts(text)
    for concept in said:
        for group in lex.group_of.get(concept, ()):
            asked = field.qualifiers.get(group) or (field.qualifiers.get("~" + group) if hints else None)
            if asked and concept not in asked and not asked & set(said):
                return True
    return False


# Qualifier groups that modify an amount or a date ('gross', 'due'): a description may ask for one of them ('the
# total including tax') and a label that says it answers the field.
MODIFIER_GROUPS = frozenset({"date_role", "amount_role", "balance_role"})


# Concepts that say what kind of value a field holds but not which one: a label made only of them ('No.', 'Date:')
# is weak evidence for any particular field.
GENERIC = frozenset({"number", "identifier", "reference", "date", "time", "amount", "name", "value"})


def _weight(concept: str) -> float:
    return 0.5 if concept in GENERIC else 1.0


def _alternatives(field: FieldMeaning, label: set[str], lex: Lexicon) -> set[str]:
    """Label concepts the description offers in place of one of the name's ('the contract or order number':
    order for contract), and near qualifiers of the name's ('Subtotal' for a net amount)."""
    return label & field.offered | {c for c in label if lex.near.get(c, frozenset()) & field.name}


def _coverage(field: FieldMeaning, said: set[str], lex: Lexicon) -> float:
    """The share of the name's meaning the label (and its context) says; described words count half."""
    total = sum(_weight(c) for c in field.name) or 1.0
    got = 0.0
    alternatives = _alternatives(field, said, lex)
    for concept in field.name:
        if concept in said:
            got += _weight(concept)
        elif any(concept_groups & lex.group_of.get(concept, frozenset())
                 for concept_groups in (lex.group_of.get(a, frozenset()) for a in alternatives)):
            got += 0.8 * _weight(concept)
    got += 0.5 * sum(_weight(c) for c in (field.described & said) - alternatives)
    return min(got / total, 1.0)


def document_kinds(title: str) -> tuple[str, ...]:
    """What a document says it is in its title lines ('FACTURE N°', 'Rechnung'): invoice, receipt, order ..."""
    kinds = lexicon().kinds
    return tuple(dict.fromkeys(c for c in concepts(title) if c in kinds))


def label_match(field: FieldMeaning, label: list[str], context: list[str] = (), kinds: tuple[str, ...] = ()) -> float:
    """0..1: how well a label (its concepts) answers the field; `context` is a section heading or words before
    the label on its line, which may supply a qualifier ('Verkäufer' over 'Name:'); `kinds`, what the document
    is, is understood in every label ('Date:' on an invoice). 0 for a qualifier clash."""
    lex = lexicon()
    said = set(label) | set(context)
    if not label:
        return 0.0
    penalty = 1.0
    offered = _alternatives(field, said, lex)  # 'the contract or order number': order is asked for too
    for concept in said - offered:
        for group in lex.group_of.get(concept, ()):
            strict, asked = group in field.qualifiers, field.qualifiers.get(group) or field.qualifiers.get("~" + group)
            if not asked or concept in asked or (concept not in label and asked & said) or (
                    concept in field.described and asked & set(label)):
                continue  # 'Conto (IBAN)' for an 'Account number (IBAN)': the label says both, as the field does
            if not strict or asked & lex.near.get(concept, frozenset()):
                penalty *= 0.6  # a hint from the description, or a near qualifier ('Subtotal' for a net amount)
            else:
                return 0.0  # 'Due date' for an issue date; 'Net' for a gross amount; a 'Buyer' section's 'Name'

    label_set = set(label)
    if not label_set & field.wanted and not _alternatives(field, label_set, lex):
        return 0.0
    specific = {c for c in label_set if c not in GENERIC}
    modifiers = {c for c in field.described if lex.group_of.get(c, frozenset()) & MODIFIER_GROUPS}
    if specific and not specific & (field.name | modifiers) and not _alternatives(field, specific, lex) \
            and field.name - GENERIC:
        return 0.0  # 'Invoice No.' for a passport number: only the kind of value is shared
    unexplained = [c for c in label_set if c.startswith("w:") and c not in field.wanted]
    penalty *= 0.75 ** len(unexplained)
    coverage = _coverage(field, said | (set(kinds) if not label_set & lex.kinds else set()), lex)
    if not specific and (field.name - GENERIC) - said - set(kinds):
        penalty *= 0.5  # 'Date:' for a due date: the label gives the kind of value, not which one
    hits = [c for c in label_set if c in field.wanted or c in _alternatives(field, label_set, lex)]
    precision = sum(0.5 if c in GENERIC else 1.0 for c in hits) / len(label_set)
    hinted = 0.1 if (field.described - GENERIC) & label_set else 0.0  # a described qualifier said: 'TTC'
    return round(penalty * (min(1.0, 0.65 * min(coverage, 1.0) + 0.35 * precision) + hinted), 3)
