from email.message import EmailMessage

from fieldwise import documents
from fieldwise.documents import sniff
from tests.documents.test_office import make_docx

HTML = b"""<!DOCTYPE html><html><head><title>ignored</title><style>p {color: red}</style>
<script>var hidden = "never read";</script></head><body>
<h1>Service Agreement</h1>
<p>Between <b>Acme Corp</b> and
   Globex LLC, see <a href="https://example.com/terms">the terms</a>.</p>
<h2>Fees</h2>
<table><tr><th>Item</th><th>Fee</th></tr><tr><td>Setup</td><td>1,000.00</td></tr></table>
<ul><li>First point</li><li>Second<br>line</li></ul>
</body></html>"""


def test_html_headings_tables_links_and_no_scripts():
    document = documents.read(HTML)
    assert document.media_type == sniff.HTML
    blocks = document.pages[0].blocks
    assert [(b.type, b.text) for b in blocks if b.type != "table"] == [
        ("title", "Service Agreement"),
        ("text", "Between Acme Corp and Globex LLC, see the terms."),
        ("section-header", "Fees"),
        ("text", "First point"),
        ("text", "Second\nline"),
    ]
    assert blocks[1].hyperlinks == [{"text": "the terms", "uri": "https://example.com/terms"}]
    (table,) = [b for b in blocks if b.type == "table"]
    assert [[c.text for c in row] for row in table.rows] == [["Item", "Fee"], ["Setup", "1,000.00"]]
    assert "never read" not in document.text and "color" not in document.text


def test_csv_is_one_table_with_its_own_delimiter():
    data = "name;amount\nAcme;12,50\n\"Globex; Inc\";7\n".encode()
    document = documents.read(data, filename="totals.csv")
    assert document.media_type == sniff.CSV
    (table,) = document.pages[0].blocks
    assert table.type == "table"
    assert [[c.text for c in row] for row in table.rows] == [["name", "amount"], ["Acme", "12,50"], ["Globex; Inc", "7"]]


def test_text_paragraphs_become_blocks_and_odd_encodings_decode():
    document = documents.read("First paragraph\nstill first.\n\n\nSecond paragraph.".encode("utf-16"))
    assert document.media_type == sniff.TEXT
    assert [b.text for b in document.pages[0].blocks] == ["First paragraph\nstill first.", "Second paragraph."]
    latin = documents.read("Café crème".encode("latin-1"), media_type="text/plain")
    assert latin.text == "Café crème"


def test_markdown_headings_tables_and_links():
    data = b"# Report\n\nSee [the site](https://example.org) now.\n\n## Totals\n\n| A | B |\n|---|---|\n| 1 | 2 |\n"
    blocks = documents.read(data, filename="r.md").pages[0].blocks
    assert [(b.type, b.text) for b in blocks if b.type != "table"] == [
        ("title", "Report"), ("text", "See the site now."), ("section-header", "Totals")]
    assert blocks[1].hyperlinks == [{"text": "the site", "uri": "https://example.org"}]
    assert [[c.text for c in row] for row in blocks[3].rows] == [["A", "B"], ["1", "2"]]


def make_email() -> bytes:
    message = EmailMessage()
    message["From"] = "Alice <alice@example.com>"
    message["To"] = "bob@example.com"
    message["Subject"] = "Signed NDA attached"
    message["Date"] = "Mon, 04 Mar 2024 10:00:00 +0000"
    message.set_content("Hi Bob,\n\nThe signed agreement is attached.\n\nAlice")
    message.add_attachment(make_docx(), maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename="nda.docx")
    message.add_attachment(b"%PDF-1.7 broken beyond repair", maintype="application", subtype="pdf",
                           filename="scan.pdf")
    message.add_attachment(b"\x00\x01binary", maintype="application", subtype="octet-stream", filename="blob.bin")
    return message.as_bytes()


def test_email_headers_body_and_each_attachment_by_its_reader():
    document = documents.read(make_email(), filename="mail.eml")
    assert document.media_type == sniff.EML
    assert [p.number for p in document.pages] == [1, 2]
    first = document.pages[0].text
    assert "From: Alice <alice@example.com>" in first and "Subject: Signed NDA attached" in first
    assert "The signed agreement is attached." in first
    assert document.pages[1].blocks[0].text == "Mutual Non-Disclosure Agreement"
    assert len(document.warnings) == 2
    assert document.warnings[0].startswith("attachment scan.pdf: the PDF is damaged")
    assert document.warnings[1].startswith("attachment blob.bin: unsupported file type .bin")


def test_email_with_an_html_body():
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.com", "b@example.com", "Invoice"
    message.set_content("<html><body><h1>Invoice 7</h1><p>Total due: 42.00</p></body></html>", subtype="html")
    blocks = documents.read(message.as_bytes()).pages[0].blocks
    assert [(b.type, b.text) for b in blocks[1:]] == [("title", "Invoice 7"), ("text", "Total due: 42.00")]
