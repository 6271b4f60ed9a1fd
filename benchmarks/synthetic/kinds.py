"""What each kind of document says: its facts drawn from Faker and the seed, its answers, and its
look-alikes (issue vs due date, net vs tax vs total, seller vs buyer, opening vs closing balance, trade vs
settlement date, a period's start and end, date of birth vs date of signature). Layouts decide where each part
goes."""

from __future__ import annotations

import random
import tomllib
import unicodedata
from datetime import date, timedelta
from pathlib import Path

from faker import Faker

from benchmarks.synthetic import ids
from benchmarks.synthetic.formats import Printer
from benchmarks.synthetic.model import Content, Pair, Table
from benchmarks.synthetic.vocab import Words

KINDS = ("invoice", "purchase_order", "bank_statement", "payslip", "trade_confirmation", "form", "letter")
SCHEMAS = Path(__file__).resolve().parent / "schemas.toml"


def schemas() -> dict[str, dict]:
    with SCHEMAS.open("rb") as handle:
        return tomllib.load(handle)


def clean(text: str) -> str:
    """Text the standard PDF fonts can draw (cp1252): accents kept where they can be, dropped where not."""
    text = " ".join(str(text).split())
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        out = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
        return out.encode("cp1252", "ignore").decode("cp1252")


class Maker:
    """The shared state of one document being made: Faker, the words, the printer, the content."""

    def __init__(self, kind: str, words: Words, rng: random.Random) -> None:
        self.rng = rng
        self.words = words
        self.fake = Faker(words.locale)
        self.fake.seed_instance(rng.getrandbits(32))
        for provider in self.fake.providers:
            # Faker 40's it_IT address provider lists its cities from a set, in an order (and so draws) that
            # change with the interpreter's hash seed; sorted, a seed names the same documents in every process.
            if isinstance(getattr(provider, "cities", None), list):
                provider.cities = sorted(provider.cities)
        self.print = Printer.draw(words)
        self.c = Content(kind=kind, language=words.language, locale=words.locale, title=words.title(kind)
                         if kind in words.data["title"] else "")

    def answer(self, name: str, value: object, printed: str) -> str:
        self.c.answers[name] = value
        self.c.printed[name] = printed
        return printed

    def company(self) -> str:
        return clean(self.fake.company())

    def person(self) -> str:
        return clean(f"{self.fake.first_name()} {self.fake.last_name()}")

    def address(self) -> list[str]:
        return [clean(self.fake.street_address()), clean(f"{self.fake.postcode()} {self.fake.city()}")]

    def day(self) -> date:
        return date(2021, 1, 1) + timedelta(days=self.rng.randrange(0, 5 * 365))

    def money(self, low: float, high: float) -> float:
        return round(self.rng.uniform(low, high), 2)

    def pair(self, key: str, text: str, to: list | None = None) -> None:
        (self.c.pairs if to is None else to).append(Pair(self.words.label(key), text))

    def amount(self, key: str, value: float, to: list, answer: str | None = None) -> None:
        """A labelled amount with its currency mark; the bare number is what the page shows for the answer."""
        if answer:
            self.answer(answer, value, self.print.number(value))
        self.pair(key, self.print.money(value), to)

    def items(self, count: int) -> float:
        """A line-item table; returns its net sum."""
        w, p = self.words, self.print
        rows, net = [], 0.0
        for _ in range(count):
            qty = self.rng.randrange(1, 20)
            unit = self.money(5, 400)
            net += qty * unit
            model = f"{self.rng.choice('ABCDEFGHKLMX')}-{self.rng.randrange(10, 999)}"
            name = clean(f"{self.fake.word().capitalize()} {model}")
            rows.append([name, str(qty), p.number(unit), p.number(qty * unit)])
        self.c.table = Table([w.label(k) for k in ("description", "qty", "unit_price", "amount")], rows,
                             [False, True, True, True])
        return round(net, 2)


def invoice(m: Maker) -> None:
    w, p, c = m.words, m.print, m.c
    issued = m.day()
    seller, buyer = m.company(), m.company()
    c.letterhead = [m.answer("seller_name", seller, seller), *m.address()]
    c.parties = [(w.label("buyer"), [buyer, *m.address()])]
    number = ids.document_number(m.rng, "INV", issued)
    m.pair("invoice_number", m.answer("invoice_number", number, number))
    m.pair("invoice_date", m.answer("invoice_date", issued.isoformat(), p.date(issued)))
    due = issued + timedelta(days=m.rng.choice([7, 14, 30, 45, 60]))
    m.pair("due_date", m.answer("due_date", due.isoformat(), p.date(due)))
    net = m.items(m.rng.randrange(1, 5))
    rate = m.rng.choice(w.format("tax_rates"))
    tax = round(net * rate / 100, 2)
    m.amount("net", net, c.totals, answer="net_amount")
    m.pair("tax_rate", f"{p.number(rate, 2 if rate % 1 else 0)} %", c.totals)
    m.amount("tax", tax, c.totals, answer="tax_amount")
    total = round(net + tax, 2)
    m.amount("total", total, c.totals, answer="total_amount")


def purchase_order(m: Maker) -> None:
    w, p, c = m.words, m.print, m.c
    ordered = m.day()
    buyer, supplier = m.company(), m.company()
    c.letterhead = [m.answer("buyer_name", buyer, buyer), *m.address()]
    c.parties = [(w.label("supplier"), [m.answer("supplier_name", supplier, supplier), *m.address()]),
                 (w.label("orderer"), [buyer, *m.address()])]
    number = ids.document_number(m.rng, "PO", ordered)
    m.pair("po_number", m.answer("po_number", number, number))
    m.pair("order_date", m.answer("order_date", ordered.isoformat(), p.date(ordered)))
    delivery = ordered + timedelta(days=m.rng.randrange(5, 60))
    m.pair("delivery_date", m.answer("delivery_date", delivery.isoformat(), p.date(delivery)))
    if m.rng.random() < 0.5:
        m.pair("currency", p.currency)
    m.answer("currency", p.currency, p.currency if c.pairs[-1].text == p.currency else p.currency_mark)
    net = m.items(m.rng.randrange(2, 6))
    m.amount("total", net, c.totals, answer="total_amount")


def bank_statement(m: Maker) -> None:
    w, p, c = m.words, m.print, m.c
    bank, holder = m.company(), m.person()
    c.letterhead = [bank, *m.address()]
    c.parties = [("", [m.answer("account_holder", holder, holder), *m.address()])]
    iban = m.fake.iban()
    shown = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if m.rng.random() < 0.5 else iban
    m.pair("iban", m.answer("iban", iban, shown))
    m.pair("bic", m.fake.swift(length=m.rng.choice([8, 11])))
    start = m.day().replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    a = m.answer("period_start", start.isoformat(), p.date(start))
    b = m.answer("period_end", end.isoformat(), p.date(end))
    m.pair("period", f"{a} {w.label('range_to')} {b}")
    m.pair("currency", m.answer("currency", p.currency, p.currency))
    balance = m.money(-500, 20000)
    m.amount("opening_balance", balance, c.totals, answer="opening_balance")
    rows = []
    for _ in range(m.rng.randrange(3, 8)):
        amount = m.money(-1500, 1200)
        balance = round(balance + amount, 2)
        when = start + timedelta(days=m.rng.randrange(0, (end - start).days + 1))
        rows.append((when, [p.date(when), clean(m.fake.company())[:40], p.number(amount)]))
    rows = [row for _, row in sorted(rows, key=lambda r: r[0])]
    c.table = Table([w.label("date"), w.label("text"), w.label("amount")], rows, [False, False, True])
    m.amount("closing_balance", balance, c.totals, answer="closing_balance")


def payslip(m: Maker) -> None:
    w, p, c = m.words, m.print, m.c
    employer, employee = m.company(), m.person()
    c.letterhead = [m.answer("employer_name", employer, employer), *m.address()]
    c.parties = [(w.label("employee"), [m.answer("employee_name", employee, employee), *m.address()])]
    m.pair("employee_id", str(m.rng.randrange(1000, 99999)))
    paid = m.day()
    m.pair("pay_period", f"{w.format('months')[paid.month - 1]} {paid.year}")
    m.pair("pay_date", m.answer("pay_date", paid.isoformat(), p.date(paid)))
    gross = m.money(1800, 9000)
    tax = round(gross * m.rng.uniform(0.08, 0.3), 2)
    other = round(gross * m.rng.uniform(0.1, 0.2), 2)
    net = round(gross - tax - other, 2)
    m.amount("gross_pay", gross, c.totals, answer="gross_pay")
    m.amount("income_tax", tax, c.totals, answer="income_tax")
    m.pair("deductions", p.money(tax + other), c.totals)
    m.amount("net_pay", net, c.totals, answer="net_pay")


def trade_confirmation(m: Maker) -> None:
    w, p, c = m.words, m.print, m.c
    broker, client = m.company(), m.person()
    c.letterhead = [broker, *m.address()]
    c.parties = [("", [client, *m.address()])]
    code = ids.isin(m.rng)
    m.pair("security", clean(m.fake.company())[:40])
    m.pair("isin", m.answer("isin", code, code))
    buying = m.rng.random() < 0.6
    m.pair("side", w.label("buy" if buying else "sell"))
    traded = m.day()
    while traded.weekday() > 2:  # settles two days later, on a weekday
        traded -= timedelta(days=1)
    settles = traded + timedelta(days=2)
    m.pair("trade_date", m.answer("trade_date", traded.isoformat(), p.date(traded)))
    m.pair("settlement_date", m.answer("settlement_date", settles.isoformat(), p.date(settles)))
    qty = m.rng.choice([m.rng.randrange(1, 500), m.rng.randrange(1, 100) * 100])
    price = round(m.rng.uniform(2, 900), m.rng.choice([2, 4]))
    m.pair("quantity", m.answer("quantity", qty, p.number(qty, 0)))
    m.pair("price", p.money(price, 4 if round(price, 2) != price else 2))
    m.answer("price", price, p.number(price, 4 if round(price, 2) != price else 2))
    gross = round(qty * price, 2)
    fees = round(max(4.9, gross * 0.0025), 2)
    amount = round(gross + fees if buying else gross - fees, 2)
    m.pair("consideration", p.money(gross), c.totals)
    m.pair("fees", p.money(fees), c.totals)
    m.amount("settlement_amount", amount, c.totals, answer="settlement_amount")
    m.answer("currency", p.currency, p.currency_mark)


def form(m: Maker) -> None:
    w, p, c = m.words, m.print, m.c
    c.letterhead = [m.company(), *m.address()]
    name = m.person()
    m.pair("applicant", m.answer("applicant_name", name, name))
    born = date(1950, 1, 1) + timedelta(days=m.rng.randrange(0, 50 * 365))
    m.pair("date_of_birth", m.answer("date_of_birth", born.isoformat(), p.date(born)))
    email = clean(m.fake.email())
    m.pair("email", m.answer("email", email, email))
    m.pair("phone", clean(m.fake.phone_number()))
    city = clean(m.fake.city())
    m.pair("city", m.answer("city", city, city))
    news = m.rng.random() < 0.5
    c.checks = [(w.label("newsletter"), news), (w.label("terms"), True)]
    m.answer("newsletter", news, c.checks[0][0])
    signed = m.day()
    m.pair("signature_date", m.answer("signature_date", signed.isoformat(), p.date(signed)), c.totals)
    m.pair("signature", name if m.rng.random() < 0.3 else "", c.totals)


def letter(m: Maker) -> None:
    w, p, c = m.words, m.print, m.c
    sender, company, recipient = m.person(), m.company(), m.person()
    c.letterhead = [company, *m.address()]
    address = m.address()
    c.parties = [("", [m.answer("recipient_name", recipient, recipient), *address])]
    written = m.day()
    place = address[1].split(" ", 1)[-1] if m.rng.random() < 0.5 else clean(m.fake.city())
    dated = m.answer("letter_date", written.isoformat(), p.date(written))
    c.pairs = [Pair("", w.letter("place_date").format(place=place, date=dated))]
    ref = ids.reference(m.rng, written)
    c.pairs.append(Pair(w.letter("reference"), m.answer("reference", ref, ref)))
    subject = w.letter("subjects")
    label = w.letter("subject_label") if m.rng.random() < 0.7 else ""  # alone in bold, or after "Betreff:"
    c.pairs.append(Pair(label, m.answer("subject", subject, subject)))
    reply = written + timedelta(days=m.rng.randrange(10, 40))
    greeting = w.letter("greeting").format(name=recipient)
    body = m.rng.sample(w.data["letter"]["body"], 2)
    ask = w.letter("reply").format(date=m.answer("reply_by", reply.isoformat(), p.date(reply)))
    signed = m.answer("sender_name", sender, sender)
    c.prose = [greeting, f"{body[0]} {ask}", body[1], w.letter("closing"), signed]


BUILDERS = {"invoice": invoice, "purchase_order": purchase_order, "bank_statement": bank_statement,
            "payslip": payslip, "trade_confirmation": trade_confirmation, "form": form, "letter": letter}


def make(kind: str, words: Words, rng: random.Random) -> Content:
    maker = Maker(kind, words, rng)
    BUILDERS[kind](maker)
    maker.c.footer = [words.label("page")] if kind != "letter" else []
    return maker.c
