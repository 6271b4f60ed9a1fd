"""The web app end to end in real headless Chromium, driven by accessible names alone, as a person with a screen
reader would find the controls: sign in at the root URL, make a workflow from fields suggested by an example
invoice and two added by hand, drop two invoices and watch them reach "processed" without a reload, open one,
and export the CSV with its confidence columns. In both modes; no console error, no request to another host."""

from __future__ import annotations

import csv
import io
import re
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import MODES, live_server, start_live, wait_processed
from tests.support.browser import Watch, artifacts_dir, chromium
from tests.support.documents import INVOICE_LINES, text_pdf
from tests.support.live_server import LiveServer

PROCESSING_S = 120_000  # ms a document may take to be processed on a loaded machine


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module", params=MODES)
def app_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = live_server(request, tmp_path_factory.mktemp(f"web-{request.param}"), request.param)
    live.key = live.create_key(f"accounts-{request.param}")
    start_live(live, request.param)
    yield live
    live.stop()


def invoice(number: str, total: str) -> dict[str, object]:
    lines = [line.replace("INV-2024-001", number).replace("60.00", total) for line in INVOICE_LINES]
    return {"name": f"{number}.pdf", "mimeType": "application/pdf", "buffer": text_pdf([lines])}


def sign_in(page: Page, key: str) -> None:
    page.goto("/")
    page.get_by_role("textbox", name="API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Workflows")).to_be_visible()


def add_field(page: Page, name: str, description: str, kind: str) -> None:
    page.get_by_role("button", name="Add field").click()
    page.get_by_role("textbox", name="Field name").last.fill(name)
    page.get_by_role("textbox", name="Description").last.fill(description)
    page.get_by_role("combobox", name="Type").last.select_option(kind)


def test_a_person_defines_a_workflow_drops_invoices_and_exports_them(browser: Browser,
                                                                    app_server: LiveServer) -> None:
    context = browser.new_context(base_url=app_server.base_url, viewport={"width": 1400, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    watch = Watch(page, app_server.base_url)
    try:
        sign_in(page, app_server.key)
        page.get_by_role("link", name="New workflow").click()
        page.get_by_role("textbox", name="Workflow name").fill("Supplier invoices")
        page.get_by_label("Example document").set_input_files(invoice("INV-EXAMPLE-7", "12.00"))
        page.get_by_role("button", name="Suggest fields").click()
        names = page.get_by_role("textbox", name="Field name")
        expect(names.first).to_have_value(re.compile(r"\w"))
        suggested = names.evaluate_all("inputs => inputs.map(i => i.value).filter(Boolean)")
        assert len(suggested) >= 3 and {"invoice_number", "line_items"} <= set(suggested), suggested
        expect(page.get_by_role("textbox", name="Workflow name")).to_have_value("Supplier invoices")
        kinds = page.get_by_role("combobox", name="Type").first.locator("option").all_inner_texts()
        assert {"string", "float", "date", "enum", "object"} <= set(kinds)

        add_field(page, "supplier_name", "The name of the company that issued the invoice", "string")
        add_field(page, "payment_terms", "How many days the buyer has to pay", "integer")
        page.screenshot(path=str(artifacts_dir() / f"web-editor-{app_server.mode}.png"), full_page=True)
        page.get_by_role("button", name="Save workflow").click()
        expect(page.get_by_role("heading", name="Supplier invoices")).to_be_visible()
        for column in ("invoice_number", "line_items", "supplier_name", "payment_terms"):  # line_items: a table
            expect(page.get_by_role("columnheader", name=column, exact=True)).to_be_visible()

        page.evaluate("window.stillHere = true")  # gone if the page reloads
        page.get_by_label("Upload files").set_input_files([invoice("INV-A-100", "60.00"),
                                                           invoice("INV-B-200", "75.50")])
        for name in ("INV-A-100.pdf", "INV-B-200.pdf"):
            row = page.get_by_role("row").filter(has=page.get_by_role("link", name=name))
            expect(row.get_by_text("processed", exact=True)).to_be_visible(timeout=PROCESSING_S)
        assert page.evaluate("window.stillHere === true"), "the page reloaded"
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name="INV-B-200.pdf"))
        expect(row).to_contain_text("INV-B-200")
        expect(row).to_contain_text("75.5")
        page.screenshot(path=str(artifacts_dir() / f"web-documents-{app_server.mode}.png"), full_page=True)

        with page.expect_download() as download:
            page.get_by_role("link", name="Export CSV").click()
        table = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
        assert sorted(r["file_name"] for r in table) == ["INV-A-100.pdf", "INV-B-200.pdf"]
        assert {r["invoice_number"] for r in table} == {"INV-A-100", "INV-B-200"}
        assert all(0 <= int(r["invoice_number.confidence"]) <= 100 for r in table)
        assert "supplier_name.confidence" in table[0] and "payment_terms.confidence" in table[0]

        page.get_by_role("link", name="INV-A-100.pdf").click()
        expect(page.get_by_role("textbox", name="invoice_number")).to_have_value("INV-A-100")
        page.screenshot(path=str(artifacts_dir() / f"web-document-{app_server.mode}.png"), full_page=True)
        assert watch.errors == [] and watch.foreign == []
    finally:
        context.close()


def test_the_review_list_of_a_workflow_whose_values_are_ninety_percent_right_shows_the_wrong_ones_first(
        browser: Browser, app_server: LiveServer) -> None:
    """Nine invoices that print their number and total plainly, and one that prints neither as such (an order
    number, a customer number, an amount before shipping): 18 of the 20 values right. Opened from the workflow's
    page, the review queue starts with that document and its riskiest value."""
    fields = [{"name": "invoice_number", "description": "The invoice number", "data_type": "string"},
              {"name": "total", "description": "The total due", "data_type": "float"}]
    documents = {f"plain-{i}.pdf": ["ACME Supplies Ltd", f"Invoice number: INV-{100 + i}",
                                    "Invoice date: 2024-03-15", f"Total: {60 + i}.00 EUR"] for i in range(9)}
    documents["odd-one.pdf"] = ["ACME Supplies Ltd", "Order number: PO-555", "Customer no: 4711", "2024-03-15",
                                "Amount 70.00 EUR", "Shipping 5.00 EUR"]
    with app_server.client(app_server.key) as api:
        workflow = api.post("/v2/workflows/", json={"name": "Mostly right", "fields": fields}).json()["id"]
        started = [api.post(f"/v2/workflows/{workflow}/run/",
                            files={"file": (name, text_pdf([lines]), "application/pdf")}).json()["id"]
                   for name, lines in documents.items()]
        for cid in started:
            assert wait_processed(api, cid).status_code == 200
    context = browser.new_context(base_url=app_server.base_url, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    watch = Watch(page, app_server.base_url)
    try:
        sign_in(page, app_server.key)
        page.get_by_role("link", name="Mostly right", exact=True).click()
        page.get_by_role("link", name="Review by risk").click()
        rows = page.locator("table.collections tbody tr")
        expect(rows.first.get_by_role("link", name="odd-one.pdf")).to_be_visible()
        expect(rows.first.locator("td.risky")).to_contain_text("invoice_number")
        chances = [int(text.rstrip(" %")) for text in rows.locator("td:nth-child(5)").all_inner_texts()]
        assert chances == sorted(chances) and chances[0] < 50, chances
        page.screenshot(path=str(artifacts_dir() / f"web-review-by-risk-{app_server.mode}.png"), full_page=True)
        assert watch.errors == [] and watch.foreign == []
    finally:
        context.close()
