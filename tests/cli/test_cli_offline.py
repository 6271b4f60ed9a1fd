"""The remote commands as a user runs them, where no server is needed: help, usage errors (exit 2), and the
files they read and write."""

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from fieldwise.cli import app

from fieldwise.cli.remote_output import DefinitionError, Outcome, load_definition, write_results
from fieldwise.cli.remote_submit import walk

COMMANDS = [["submit"], ["results"], ["workflows", "create"], ["workflows", "list"], ["workflows", "show"],
            ["workflows", "delete"], ["webhooks", "add"], ["webhooks", "list"], ["webhooks", "remove"],
            ["webhooks", "deliveries"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_an_example_and_exit_codes_in_its_help(command):
    done = CliRunner().invoke(app, [*command, "--help"], terminal_width=120)  # in-process: help only
    assert done.exit_code == 0
    assert f"$ fieldwise {' '.join(command)}" in done.output
    assert "Exit codes:" in done.output and "2 usage error" in done.output


@pytest.mark.parametrize("command", [[], ["extract"], ["serve"], ["keys", "create"], *COMMANDS], ids=" ".join)
def test_flags_show_no_type_in_help(command):
    done = CliRunner().invoke(app, [*command, "--help"], terminal_width=120)
    assert done.exit_code == 0 and "--help" in done.output
    assert "<bool>" not in done.output  # a flag takes no value


def test_help_is_printed_by_the_installed_command(fieldwise):
    done = fieldwise("submit", "--help")
    assert done.returncode == 0 and "$ fieldwise submit invoices/" in done.stdout


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return path


@pytest.mark.parametrize("args, complaint", [
    ([], "--workflow"),
    (["--workflow", "w1", "--schema", "s.yaml"], "exactly one"),
    (["--workflow", "w1", "--out", "results.txt"], ".jsonl, .csv, .xlsx"),
    (["--workflow", "w1", "--out", "no-such-folder/results.csv"], "no folder no-such-folder"),
    (["--schema", "missing.yaml"], "cannot read"),
    (["--workflow", "w1", "--concurrency", "0"], "--concurrency"),
])
def test_submit_usage_errors_exit_2_and_say_why(fieldwise, pdf, args, complaint):
    done = fieldwise("submit", str(pdf), *args, env={"FIELDWISE_API_KEY": "fw_x"}, cwd=pdf.parent)
    assert done.returncode == 2, done.stderr
    assert complaint in " ".join(done.stderr.split())


def test_submit_of_a_path_that_does_not_exist_or_without_a_key_exits_2(fieldwise, tmp_path, pdf):
    done = fieldwise("submit", str(tmp_path / "nope.pdf"), "--workflow", "w1", env={"FIELDWISE_API_KEY": "k"})
    assert done.returncode == 2 and "nope.pdf" in done.stderr
    done = fieldwise("submit", str(pdf), "--workflow", "w1", env={"FIELDWISE_API_KEY": ""})
    assert done.returncode == 2 and "FIELDWISE_API_KEY" in " ".join(done.stderr.split())


def test_an_unreachable_server_is_a_failure_not_a_usage_error(fieldwise, pdf):
    env = {"FIELDWISE_API_KEY": "fw_x", "FIELDWISE_BASE_URL": "http://127.0.0.1:9"}
    done = fieldwise("workflows", "list", env=env)
    assert done.returncode == 1 and "could not connect" in done.stderr
    done = fieldwise("submit", str(pdf), "--workflow", "w1", env=env)
    assert done.returncode == 1 and "could not connect" in done.stderr


def test_definitions_load_from_json_yaml_or_a_bare_list_of_fields(tmp_path):
    (tmp_path / "inv.yaml").write_text("name: Invoices\nfields:\n  - {name: total, description: Total, "
                                       "data_type: float}\n")
    (tmp_path / "inv.json").write_text(json.dumps([{"name": "total", "data_type": "float"}]))
    (tmp_path / "bad.yaml").write_text("fields: [unclosed\n")
    assert load_definition(tmp_path / "inv.yaml")["fields"][0]["name"] == "total"
    assert load_definition(tmp_path / "inv.json") == {"name": "inv", "fields": [{"name": "total",
                                                                                   "data_type": "float"}]}
    with pytest.raises(DefinitionError, match="not valid YAML"):
        load_definition(tmp_path / "bad.yaml")


def test_folders_are_walked_sorted_without_hidden_files(tmp_path):
    for name in ("b.pdf", "a/c.png", ".DS_Store", ".git/x", "a/.hidden.pdf"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    found = walk([tmp_path, tmp_path / "b.pdf"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/c.png", "b.pdf"]


OUTCOMES = [
    Outcome(Path("in/a.pdf"), "processed", "c1", pages=2, values={"total": 12.5, "lines": [{"amount": 1}]}),
    Outcome(Path("in/b.pdf"), "failed", "c2", error="EXTRACTION_FAILED: unreadable"),
]


def test_results_as_csv_jsonl_and_xlsx(tmp_path):
    for suffix in (".csv", ".jsonl", ".xlsx"):
        write_results(tmp_path / f"out{suffix}", OUTCOMES, ["invoice_number", "total"])
    with (tmp_path / "out.csv").open(newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[0]["total"] == "12.5" and rows[0]["invoice_number"] == "" and rows[0]["pages"] == "2"
    assert json.loads(rows[0]["lines"]) == [{"amount": 1}]
    assert rows[1]["status"] == "failed" and "unreadable" in rows[1]["error"]
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert lines[0]["fields"]["total"] == 12.5 and lines[1]["error"].startswith("EXTRACTION_FAILED")
    sheet = load_workbook(tmp_path / "out.xlsx").active
    values = list(sheet.values)
    assert values[0][:5] == ("file", "status", "error", "collection_id", "pages")
    assert values[1][values[0].index("total")] == 12.5
