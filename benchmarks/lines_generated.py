"""Invoices drawn here with line items whose truth is known, in layouts and header words the engine was not built
on: columns in other orders, units and tax-rate columns between the figures, position numbers, descriptions over
two lines holding measures ('160x80'), German and English number formats, and header words of which a share are
not in the lexicon ('Stückzahl', 'Zeilensumme', 'Each', 'Particulars'), so a column must be found by its figures'
arithmetic. Deterministic: a seed makes the same documents in every process.

    python -m benchmarks.lines_generated [--count 40] [--seed 7] [--unknown 0.4] [--hard 0] [--scans 0]

Prints the same figures as benchmarks.lines (cell F1 per column, rows exact, share right at 90+).
"""

from __future__ import annotations

import argparse
import io
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from benchmarks.lines import DEFAULT_SHARED, _line, scorer

# Header words per column; the second list of each holds words the lexicon lacks (read as nothing, or as another
# concept): the engine must find those columns from their figures.
HEADERS = {
    "position": (["Pos.", "No.", "#", "Nr."], ["Lfd.", "Zeile"]),
    "description": (["Description", "Bezeichnung", "Article", "Désignation", "Descripción"],
                    ["Artikeltext", "Particulars", "Libellé", "Concepto"]),
    "quantity": (["Qty", "Menge", "Anzahl", "Qté", "Cantidad"], ["Stückzahl", "Anz.", "Each qty"]),
    "unit": (["Unit", "Einheit", "Unité"], ["ME", "UoM"]),
    "unit_price": (["Unit price", "Einzelpreis", "Prix unitaire", "Precio unitario"], ["Each", "Tarif", "E-Preis"]),
    "rate": (["VAT %", "MwSt.", "TVA"], ["USt-Satz"]),
    "discount": (["Rabatt", "Discount", "Remise"], ["Nachlass", "Abzug"]),
    "amount": (["Amount", "Gesamtpreis", "Betrag", "Montant HT", "Importe"], ["Zeilensumme", "Extended", "Warenwert"]),
}
GOODS = ["Schreibtisch Eiche", "Office chair", "Bürostuhl ergonomisch", "Table basse noyer", "Lámpara de pie",
         "Kabelkanal weiß", "Monitor arm", "Regal Buche", "Installation on site", "Montage vor Ort", "Toner black",
         "Paper A4 80 g", "Schrauben M6", "Consulting hours", "Wartung Heizung", "Tapis de souris"]
SECOND = ["160x80 cm, geölt", "grey, 2 m", "inkl. Lieferung", "Lot 4/2024", "50 x 30 mm", "per hour"]
UNITS = ["Stk", "pcs", "h", "m", "St.", "kg"]
TOUGH_GOODS = ["Pack of 12 pens", "Kabel 3 m", "Schraube 4 x 40", "2 Tage Schulung", "Version 2024 Lizenz"]
HEADINGS = ["Material", "Arbeitsleistung", "Services", "Prestations", "Option B"]


@dataclass
class Doc:
    id: str
    producer: str  # the layout family, so results can be split by it
    pdf: bytes
    rows: list[dict[str, Any]]


def _money(value: Decimal, german: bool) -> str:
    text = f"{value:,.2f}"
    return text.replace(",", "X").replace(".", ",").replace("X", ".") if german else text


def _qty(value: Decimal, german: bool) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",") if german else text


def _header(rnd: random.Random, column: str, unknown: float) -> str:
    known, novel = HEADERS[column]
    return rnd.choice(novel if rnd.random() < unknown else known)


def make(rnd: random.Random, number: int, unknown: float, hard: float = 0.0) -> Doc:
    """One invoice; with probability `hard` it also takes the harder traits: a discount column the amount is
    reduced by, no unit price printed, the quantity before the description, figures inside descriptions,
    sub-headings between the items."""
    german = rnd.random() < 0.5
    tough = hard > 0 and rnd.random() < hard  # no draw at 0: older seeds give the same documents
    order = ["description", "quantity", "unit_price", "amount"]
    if rnd.random() < 0.3:
        order = ["description", "unit_price", "quantity", "amount"]
    if tough and rnd.random() < 0.3:
        order = ["quantity", "description", "unit_price", "amount"]
    if tough and rnd.random() < 0.2:
        order.remove("unit_price")
    columns = (["position"] if rnd.random() < 0.7 and order[0] == "description" else []) + order
    if rnd.random() < 0.4:
        columns.insert(columns.index("quantity") + 1, "unit")
    if rnd.random() < 0.3:
        columns.insert(columns.index("amount"), "rate")
    discounted = tough and rnd.random() < 0.35
    if discounted:
        columns.insert(columns.index("amount"), "discount")
    headings = tough and rnd.random() < 0.3
    family = "-".join(c[:2] for c in columns) + ("-de" if german else "-en") + ("-hard" if tough else "")
    rows = []
    for _ in range(rnd.randint(1, 5)):
        quantity = Decimal(rnd.choice([1, 1, 2, 3, 4, 5, 10, 12, 25])) if rnd.random() < 0.85 else Decimal("2.5")
        price = Decimal(rnd.randint(100, 250000)) / 100
        off = Decimal(rnd.choice([0, 5, 10, 15])) if discounted else Decimal(0)
        amount = (quantity * price * (1 - off / 100)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        goods = GOODS + (TOUGH_GOODS if tough else [])
        lines = [rnd.choice(goods)] + ([rnd.choice(SECOND)] if rnd.random() < 0.35 else [])
        rows.append({"lines": lines, "quantity": quantity, "unit_price": price, "amount": amount,
                     "unit": rnd.choice(UNITS), "rate": rnd.choice(["19%", "7%", "20%"]),
                     "discount": f"{off}%" if off else "", "heading": headings and rnd.random() < 0.4})
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(60, 790, rnd.choice(["Rechnung", "Invoice", "Facture", "Factura"]) + f" {1000 + number}")
    x = {"position": 60, "description": 90 if columns[0] != "quantity" else 110, "quantity": 330, "unit": 345,
         "unit_price": 420, "rate": 455, "discount": 470, "amount": 520}
    slots = [c for c in columns if c not in ("position", "description") and not (c == "quantity" and c == columns[0])]
    if columns[0] == "quantity":
        x["quantity"] = 80
    right = [300 + 220 * (n + 1) / len(slots) for n in range(len(slots))]
    x.update({c: right[n] - (25 if c in ("unit", "rate") else 0) for n, c in enumerate(slots)})
    y = 720
    pdf.setFont("Helvetica-Bold", 9)
    for column in columns:
        text = _header(rnd, column, unknown)
        (pdf.drawString if column in ("position", "description", "unit", "rate", "discount") else pdf.drawRightString)(
            x[column], y, text)
    pdf.setFont("Helvetica", 9)
    y -= 18
    for n, row in enumerate(rows, 1):
        if row["heading"]:  # a sub-heading of the items, no figures
            pdf.setFont("Helvetica-Bold", 9)
            pdf.drawString(x["description"], y - 4, rnd.choice(HEADINGS))
            pdf.setFont("Helvetica", 9)
            y -= 22
        cells = {"position": str(n), "quantity": _qty(row["quantity"], german), "unit": row["unit"],
                 "unit_price": _money(row["unit_price"], german), "rate": row["rate"],
                 "amount": _money(row["amount"], german), "discount": row["discount"]}
        for column in columns:
            if column == "description":
                for k, line in enumerate(row["lines"]):
                    pdf.drawString(x[column], y - 11 * k, line)
            elif column in ("position", "unit", "rate", "discount"):
                pdf.drawString(x[column], y, cells[column])
            else:
                pdf.drawRightString(x[column], y, cells[column])
        y -= 11 * len(row["lines"]) + 8
    net = sum((r["amount"] for r in rows), Decimal(0))
    for label, value in (("Total net" if not german else "Nettobetrag", net),
                         ("VAT 19%" if not german else "MwSt. 19 %", (net * Decimal("0.19")).quantize(Decimal("0.01"))),
                         ("Total" if not german else "Gesamtbetrag", (net * Decimal("1.19")).quantize(Decimal("0.01")))):
        y -= 16
        pdf.drawString(330, y, label)
        pdf.drawRightString(520, y, _money(value, german))
    pdf.save()
    truth = [{"description": " ".join(r["lines"]), "quantity": float(r["quantity"]),
              "unit_price": float(r["unit_price"]), "amount": float(r["amount"])} for r in rows]
    return Doc(f"gen-{number:03d}", family, out.getvalue(), truth)


def generate(count: int, seed: int, unknown: float = 0.4, hard: float = 0.0) -> list[Doc]:
    rnd = random.Random(seed)
    return [make(rnd, n, unknown, hard) for n in range(count)]


def scan(pdf: bytes, dpi: int = 200) -> bytes:
    """The PDF's first page rasterized in grey, as a scanner gives it (PNG)."""
    import pypdfium2

    image = pypdfium2.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil().convert("L")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def results(docs: list[Doc], scans: int = 0) -> tuple[list[dict], list[dict]]:
    """(manifest, results) in the shapes score_lines reads; the first `scans` documents are read as scans (OCR)."""
    import json

    from fieldwise import documents
    from fieldwise.extraction import wire
    from fieldwise.extraction.engine import extract
    from fieldwise.extraction.schema import fields_from_schema

    fields = fields_from_schema(json.loads((DEFAULT_SHARED / "bench" / "schemas" / "lines.json").read_text()))
    manifest, found = [], []
    for number, doc in enumerate(docs):
        scanned = number < scans
        manifest.append({"id": doc.id, "file": f"{doc.id}.pdf", "source": doc.producer,
                         "expected": {"line_items": doc.rows}})
        document = documents.read(scan(doc.pdf), "image/png") if scanned else documents.read(doc.pdf, "application/pdf")
        extraction = extract(document, fields)
        found.append({"file": f"{doc.id}.pdf", "status": "processed",
                      "fields": wire.flat_view(wire.dump(extraction), fields)})
    return manifest, found


def main() -> dict[str, Any]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--unknown", type=float, default=0.4, help="share of header words the lexicon lacks")
    parser.add_argument("--hard", type=float, default=0.0, help="share of invoices with the harder traits")
    parser.add_argument("--scans", type=int, default=0, help="read the first N as 200 dpi scans (OCR: slow)")
    args = parser.parse_args()
    docs = generate(args.count, args.seed, args.unknown, args.hard)
    manifest, found = results(docs, args.scans)
    score = scorer(DEFAULT_SHARED).score
    report = score(manifest, found)
    print(_line(f"generated lines (seed {args.seed}, {args.unknown:.0%} unknown header words, {args.hard:.0%} hard)",
                report))
    if args.scans:
        print("  " + _line(f"the {args.scans} scans", score(manifest[:args.scans], found[:args.scans])))
        print("  " + _line("the same documents as PDFs", score(manifest[:args.scans], results(docs[:args.scans])[1])))
    return report


if __name__ == "__main__":
    main()
