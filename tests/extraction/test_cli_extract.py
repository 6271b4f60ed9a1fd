"""`fieldwise extract`: one JSON line per file in the order given, fields exactly as the flat extraction view."""

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from fieldwise.cli import app
from fieldwise.extraction.schema import fields_from_schema

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "extraction" / "nda-haynes.pdf"
SCHEMA = {"name": "NDA", "fields": [
    {"name": "jurisdiction", "description": "US state whose law governs the agreement"},
    {"name": "kind", "description": "Kind of agreement", "data_type": "enum",
     "enum_options": ["confidentiality", {"name": "employment", "description": "an employment contract"}]},
    {"name": "items", "description": "Line items", "data_type": "object",
     "nested_fields": [{"name": "amount", "description": "Amount", "data_type": "float"}]},
]}


def test_jsonl_lines_per_file_with_errors_reported(tmp_path):
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA))
    missing = tmp_path / "missing.pdf"
    result = CliRunner().invoke(app, ["extract", "--schema", str(schema), "--jsonl", "--workers", "1",
                                      str(FIXTURE), str(missing)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines() if line.strip()]
    assert [line["file"] for line in lines] == [str(FIXTURE), str(missing)]
    ok, failed = lines
    assert ok["status"] == "processed" and ok["error"] is None
    assert set(ok["fields"]) == {"jurisdiction", "kind", "items"}
    assert ok["fields"]["jurisdiction"]["value"] == "Indiana"
    assert set(ok["fields"]["jurisdiction"]) == {"value", "confidence", "evidence", "verification_status",
                                                 "value_unit"}
    assert isinstance(ok["fields"]["jurisdiction"]["confidence"], int)
    assert isinstance(ok["fields"]["items"], list)
    assert failed["status"] == "error" and failed["fields"] is None and failed["error"]


def test_schema_options_as_strings_or_objects():
    kind = fields_from_schema(SCHEMA)[1]
    assert [o.name for o in kind.enum_options] == ["confidentiality", "employment"]
    assert kind.enum_options[1].description == "an employment contract"


def test_table_output(tmp_path):
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA))
    result = CliRunner().invoke(app, ["extract", "--schema", str(schema), "--workers", "1", str(FIXTURE)])
    assert result.exit_code == 0 and "Indiana" in result.output


def test_explain_shows_the_label_strategy_and_score_behind_each_value(tmp_path):
    document = tmp_path / "invoice.txt"
    document.write_text("Northwind Traders GmbH\nRechnungsnummer: RE-2041\nFälligkeitsdatum: 30.05.2024\n"
                        "Rechnungsdatum: 14.05.2024\n")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps({"name": "Invoices", "fields": [
        {"name": "invoice_date", "description": "Date the invoice was issued", "data_type": "date"},
        {"name": "invoice_number", "description": "The invoice number"}]}))
    result = CliRunner().invoke(app, ["extract", "--schema", str(schema), "--explain", "--jsonl", str(document)])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(text) for text in result.output.splitlines() if text.strip()]
    by_field = {f["field"]: f for f in line["fields"]}
    best = by_field["invoice_date"]["candidates"][0]
    assert best["value"] == "2024-05-14" and best["label"] == "Rechnungsdatum:" and best["strategy"] == "label"
    assert best["label_match"] >= 0.8 and best["page"] == 1
    assert "due" not in [c["label"] for c in by_field["invoice_date"]["candidates"]]  # the due date is ruled out
    assert by_field["invoice_number"]["candidates"][0]["value"] == "RE-2041"
    assert "invoice" in by_field["invoice_number"]["concepts"]
    table = CliRunner().invoke(app, ["extract", "--schema", str(schema), "--explain", str(document)])
    assert table.exit_code == 0 and "invoice_date" in table.output and "label" in table.output


def test_a_yaml_schema_is_read_as_submit_reads_it_and_explain_keeps_its_width_when_piped(tmp_path):
    document = tmp_path / "invoice.txt"
    document.write_text("Northwind Traders GmbH\nRechnungsnummer: RE-2041\nRechnungsdatum: 14.05.2024\n")
    schema = tmp_path / "invoice.yaml"
    schema.write_text("name: Invoices\nfields:\n  - name: invoice_number\n    description: The invoice number\n"
                      "  - name: invoice_date\n    description: Date the invoice was issued\n    data_type: date\n")
    done = subprocess.run([sys.executable, "-m", "fieldwise", "extract", "--schema", str(schema), "--explain",
                           str(document)], capture_output=True, text=True, timeout=120)  # stdout is a pipe
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if "RE-2041" in line]
    assert rows and max(len(line) for line in done.stdout.splitlines()) > 80  # not cut to 80 columns
    assert "Rechnungsnummer:" in rows[0] and "…" not in rows[0]


def test_a_node_graph_schema_is_refused_with_a_pointer_to_submit(tmp_path):
    schema = tmp_path / "graph.yaml"
    schema.write_text("name: G\nnodes: []\nedges: []\n")
    result = CliRunner().invoke(app, ["extract", "--schema", str(schema), str(FIXTURE)])
    assert result.exit_code == 2 and "fieldwise submit" in result.output
