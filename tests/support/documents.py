"""Documents the tests make themselves: a real text PDF written byte by byte, so no fixture hides what it holds."""

from __future__ import annotations


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(pages: list[list[str]], font_size: int = 11) -> bytes:
    """A PDF with one text line per entry, in Helvetica, top to bottom; one list of lines per page."""
    objects: list[bytes] = []
    n_pages = len(pages)
    # 1: catalog, 2: pages, 3: font, then (page, content) pairs
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for index, lines in enumerate(pages):
        content_ref = 5 + 2 * index
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {content_ref} 0 R >>".encode()
        )
        ops = [f"BT /F1 {font_size} Tf 14 TL 72 740 Td"]
        for line in lines:
            ops.append(f"({_escape(line)}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


INVOICE_LINES = [
    "ACME Supplies Ltd",
    "Invoice number: INV-2024-001",
    "Invoice date: 2024-03-15",
    "Item                 Qty   Amount",
    "Paper                  2    10.00",
    "Toner                  1    50.00",
    "Total: 60.00 EUR",
]


def invoice_pdf() -> bytes:
    return text_pdf([INVOICE_LINES])


# A mailroom packet: two invoices (the second runs over two pages, and its lines do not add up to its total:
# 200 + 100 + 30 = 330, not 350) and a till receipt, in one PDF.
PACKET_PAGES = [
    ["ACME Supplies Ltd", "INVOICE", "Invoice number: INV-2024-001", "Invoice date: 2024-03-15",
     "Bill to: Globex Corporation", "Item                 Qty   Amount", "Paper                  2    10.00",
     "Toner                  1    50.00", "Total: 60.00 EUR", "Payment due within 30 days"],
    ["Northwind Traders", "INVOICE", "Invoice number: INV-2024-002", "Invoice date: 2024-03-18",
     "Bill to: Globex Corporation", "Item                 Qty        Amount",
     "Desk                   1        200.00", "Chair                  2        100.00",
     "Lamp                   1          30.00", "Total: 350.00 EUR"],
    ["Page 2 of 2", "Terms: 30 days net", "Bank transfer to IBAN DE02 1203 0000 0000 2020 51"],
    ["CORNER CAFE", "RECEIPT", "Receipt no. 4471", "2024-03-20 12:31", "Coffee            3.50",
     "Croissant         2.40", "TOTAL             5.90", "Paid by card", "Thank you for your purchase"],
]
PACKET_RULES = [
    {"id": "INVOICE", "name": "Invoice", "partition_key": "invoice number",
     "description": "A bill from a supplier asking for payment, with an invoice number, bill to and due date"},
    {"id": "RECEIPT", "name": "Receipt", "partition_key": "",
     "description": "Proof of a purchase already paid at a shop or till: paid by card or cash, thank you"},
]


def packet_pdf() -> bytes:
    return text_pdf(PACKET_PAGES)


# The invoice a new user tries first: label words with and without a colon, a status word, a currency written only
# beside the total, and three line items under a header row.
NWT_INVOICE_LINES = [
    "Northwind Traders GmbH", "Invoice No: NWT-2041-77", "Invoice date: 14.05.2024", "Payment status: PAID",
    "Bill to: Globex Corporation", "Description        Qty   Unit price   Amount",
    "Paper A4             2        5.00    10.00", "Toner                1       50.00    50.00",
    "Stapler              3        4.00    12.00", "Total: 72.00 EUR",
]
NWT_INVOICE_FIELDS = [
    {"name": "invoice_number", "description": "The invoice number", "data_type": "string"},
    {"name": "paid", "description": "Whether the invoice has been paid", "data_type": "boolean"},
    {"name": "currency", "description": "Currency of the amounts", "data_type": "string"},
    {"name": "invoice_date", "description": "Date of the invoice", "data_type": "date"},
    {"name": "customer", "description": "Who the invoice is billed to", "data_type": "string"},
    {"name": "total", "description": "Total amount due", "data_type": "float"},
    {"name": "line_items", "description": "The invoice lines", "data_type": "object", "nested_fields": [
        {"name": "description", "description": "What was sold", "data_type": "string"},
        {"name": "quantity", "description": "How many", "data_type": "integer"},
        {"name": "amount", "description": "Line amount", "data_type": "float"}]},
]
NWT_INVOICE_ANSWERS = {
    "invoice_number": "NWT-2041-77", "paid": True, "currency": "EUR", "invoice_date": "2024-05-14",
    "customer": "Globex Corporation", "total": 72.0,
}
NWT_INVOICE_ITEMS = [("Paper A4", 2, 10.0), ("Toner", 1, 50.0), ("Stapler", 3, 12.0)]


def nwt_invoice_pdf() -> bytes:
    return text_pdf([NWT_INVOICE_LINES])


def form_pdf(prefilled: str = "Prefilled Ltd") -> bytes:
    """A two-page application form with AcroForm widgets drawn by reportlab: on page 1 the text fields Name, Date
    and Company (already holding `prefilled`) and the checkbox 'I accept the terms'; on page 2 the field City."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.drawString(50, 800, "Application form")
    for y, name, tooltip, value in ((750, "name", "Name", ""), (710, "date", "Date", ""),
                                    (670, "company", "Company", prefilled)):
        pdf.drawString(50, y + 10, f"{tooltip}:")
        pdf.acroForm.textfield(name=name, tooltip=tooltip, x=150, y=y, width=250, height=20, value=value)
    pdf.drawString(50, 640, "I accept the terms")
    pdf.acroForm.checkbox(name="accept", tooltip="I accept the terms", x=200, y=635, size=15)
    pdf.showPage()
    pdf.drawString(50, 800, "Page two")
    pdf.acroForm.textfield(name="city", tooltip="City", x=150, y=750, width=150, height=20)
    pdf.save()
    return out.getvalue()


def traffic_sheet(code: str, client: str) -> bytes:
    """One layout of order form whose code stands after 'Slot key', words that name nothing the engine knows:
    only a reviewer's correction (layout memory) teaches where a `booking_code` is."""
    return text_pdf([["NORTHWIND BROADCAST TRAFFIC SHEET", "Station traffic department copy", "",
                      f"Client {client}", "Schedule weekly rotation", f"Slot key {code}", "Remarks none",
                      "Approved by traffic manager"]])
