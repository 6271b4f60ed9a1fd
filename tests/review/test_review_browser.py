"""The review UI end to end in real headless Chromium: sign in, find the collection that needs review, correct
one field and verify another with the keyboard, and check that the API shows both. Saves a screenshot."""

from __future__ import annotations

from typing import Any, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import INVOICE_FIELDS, wait_processed
from tests.support.browser import FLAGS, Watch, artifacts_dir, ensure_chromium
from tests.support.documents import text_pdf, traffic_sheet
from tests.support.live_server import LiveServer
from tests.support.runs import processed_invoice


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = ensure_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), headless=True, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server on which every unverified value needs review, whatever confidence the engine gives it."""
    live = LiveServer(tmp_path_factory.mktemp("review-ui"), review_target="1")
    live.key = live.create_key("reviewers")
    live.start()
    yield live
    live.stop()


@pytest.fixture()
def invoice(server: LiveServer) -> dict[str, str]:
    return processed_invoice(server, "Browser review", INVOICE_FIELDS, "browser-invoice.pdf")


def _row(page: Page, path: str) -> Any:
    return page.locator(f'tr.cell[data-path="{path}"]')


def test_sign_in_correct_verify_and_the_api_shows_both(browser: Browser, server: LiveServer,
                                                        invoice: dict[str, Any]) -> None:
    cid = invoice["collection_id"]
    context = browser.new_context(base_url=server.base_url, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto("/review/")
        page.fill("#api_key", server.key)
        page.fill("#reviewer", "Browser Bea")
        page.click("#sign-in")
        expect(page.locator("h1")).to_have_text("Collections")
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies["fieldwise_review"]["httpOnly"] and cookies["fieldwise_review"]["sameSite"] == "Strict"
        assert page.evaluate("document.cookie") == ""  # scripts cannot read the key

        page.click("#needs-review")
        page.click(f'a.open[href="/review/collections/{cid}/"]')
        expect(page.locator("tr.cell")).to_have_count(2)
        image = page.locator("#page-1")
        expect(image).to_be_visible()
        page.wait_for_function("document.getElementById('page-1').naturalWidth > 0")
        assert page.locator("rect.box").count() >= 2  # every field's evidence box is drawn on the page

        # Lowest confidence first (ties by name), the first row selected; j and k move the selection.
        paths = page.locator("tr.cell").evaluate_all("rows => rows.map(r => r.dataset.path)")
        with server.client(server.key) as api:
            before = api.get(f"/v2/files/{cid}/extraction/").json()
        assert paths == sorted(["invoice_number", "total"], key=lambda p: (before[p]["confidence"], p))
        expect(page.locator("tr.cell").first).to_have_class("cell low selected")
        total_row, number_row = paths.index("total"), paths.index("invoice_number")
        page.keyboard.press("j" if total_row > number_row else "k")  # to `total`
        expect(_row(page, "total")).to_have_class("cell low selected")
        page.keyboard.press("e")
        page.keyboard.press("Control+a")
        page.keyboard.type("61.50")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/review/collections/{cid}/?at=total")
        expect(_row(page, "total").locator(".badge.verified")).to_be_visible()
        expect(_row(page, "total").locator("input.edit")).to_have_value("61.5")
        expect(_row(page, "total").locator(".was")).to_contain_text("60.0")

        page.keyboard.press("k" if total_row > number_row else "j")  # back to `invoice_number`
        expect(_row(page, "invoice_number")).to_have_class("cell low selected")
        page.keyboard.press("v")
        page.wait_for_url(f"**/review/collections/{cid}/?at=invoice_number")
        expect(_row(page, "invoice_number").locator(".badge.verified")).to_be_visible()
        expect(page.locator(".audit li")).to_have_count(2)
        expect(page.locator(".audit li").first).to_contain_text("Browser Bea")
        page.screenshot(path=str(artifacts_dir() / "review-collection.png"), full_page=True)

        _row(page, "total").locator("input.edit").fill("sixty")
        _row(page, "total").locator("button.save").click()
        expect(page.locator("#error")).to_contain_text("not a number")
        assert errors == []
    finally:
        context.close()

    with server.client(server.key) as api:
        flat = api.get(f"/v2/files/{cid}/extraction/").json()
        assert flat["total"]["value"] == 61.5 and flat["total"]["verification_status"] == "verified"
        assert flat["invoice_number"]["value"] == "INV-2024-001"
        assert flat["invoice_number"]["verification_status"] == "verified"
        envelope = api.get(f"/v2/workflows/{invoice['workflow_id']}/files/{cid}/results/").json()
        fields = envelope["extractions"][0]["fields"]
        assert fields["total"]["value"] == 60.0 and fields["total"]["value_override"] == 61.5
        audit = api.get(f"/v2/files/{cid}/audit/").json()
        assert [(a["path"], a["action"], a["reviewer"]) for a in audit] == [
            ("total", "correct", "Browser Bea"), ("invoice_number", "verify", "Browser Bea")]


def test_a_value_from_layout_memory_says_what_it_learned_from(browser: Browser, server: LiveServer) -> None:
    """A correction made in the review page teaches the layout; the next document of that layout shows its value
    came from memory, with a link to the document it was learned from."""
    fields = [{"name": "booking_code", "description": "The booking code of the order", "data_type": "string"}]
    with server.client(server.key) as api:
        workflow = api.post("/v2/workflows/", json={"name": "Traffic sheets", "fields": fields}).json()["id"]

        def run(name: str, data: bytes) -> str:
            upload = {"file": (name, data, "application/pdf")}
            cid = api.post(f"/v2/workflows/{workflow}/run/", files=upload).json()["id"]
            assert wait_processed(api, cid).status_code == 200
            return cid

        first = run("sheet-a.pdf", traffic_sheet("QX-19-AB", "Acme"))
    context = browser.new_context(base_url=server.base_url, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        page.goto("/review/")
        page.fill("#api_key", server.key)
        page.click("#sign-in")
        page.goto(f"/review/collections/{first}/")
        _row(page, "booking_code").locator("input.edit").fill("QX-19-AB")
        _row(page, "booking_code").locator("button.save").click()
        expect(_row(page, "booking_code").locator(".badge.verified")).to_be_visible()
        expect(_row(page, "booking_code").locator(".learned")).to_have_count(0)

        with server.client(server.key) as api:
            second = run("sheet-b.pdf", traffic_sheet("MM-77-CD", "Globex"))
        page.goto(f"/review/collections/{second}/")
        expect(_row(page, "booking_code").locator("input.edit")).to_have_value("MM-77-CD")
        learned = _row(page, "booking_code").locator(".learned")
        expect(learned).to_contain_text("from layout memory, learned from sheet-a.pdf")
        expect(learned.locator("a")).to_have_attribute("href", f"/review/collections/{first}/")
        page.screenshot(path=str(artifacts_dir() / "review-learned.png"), full_page=True)
    finally:
        context.close()


def _slots(first: str, second: str) -> bytes:
    """A sheet that prints two codes far apart on its page, after words that name nothing the engine knows."""
    return text_pdf([["NORTHWIND BROADCAST TRAFFIC SHEET", "", f"Slot key {first}", *[""] * 10,
                      f"Remarks {second}", "Approved by traffic manager"]])


def test_a_reviewer_draws_where_a_value_is_and_layout_memory_learns_that_place(browser: Browser,
                                                                              server: LiveServer) -> None:
    """The corrected value is printed twice; the box the reviewer draws says which place is the field's, and the
    next document of the layout reads its value from there."""
    fields = [{"name": "booking_code", "description": "The booking code of the order", "data_type": "string"}]
    with server.client(server.key) as api:
        workflow = api.post("/v2/workflows/", json={"name": "Drawn sheets", "fields": fields}).json()["id"]

        def run(name: str, data: bytes) -> str:
            cid = api.post(f"/v2/workflows/{workflow}/run/", files={"file": (name, data, "application/pdf")}).json()["id"]
            assert wait_processed(api, cid).status_code == 200
            return cid

        first = run("drawn-a.pdf", _slots("QX-19-AB", "QX-19-AB"))
    context = browser.new_context(base_url=server.base_url, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    watch = Watch(page, server.base_url)
    try:
        page.goto("/review/")
        page.get_by_role("textbox", name="API key").fill(server.key)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"/review/collections/{first}/")
        page.wait_for_function("document.getElementById('page-1').naturalWidth > 0")
        page.get_by_role("button", name="Draw the evidence box of booking_code").click()
        image = page.locator("#page-1").bounding_box()
        assert image is not None

        def at(x: float, y: float) -> tuple[float, float]:
            return image["x"] + x * image["width"], image["y"] + y * image["height"]

        page.mouse.move(*at(0.17, 0.265))  # around the second 'QX-19-AB', after 'Remarks'
        page.mouse.down()
        page.mouse.move(*at(0.25, 0.29), steps=4)
        page.mouse.move(*at(0.33, 0.31), steps=4)
        page.mouse.up()
        page.get_by_role("textbox", name="booking_code").fill("QX-19-AB")
        page.get_by_role("textbox", name="booking_code").press("Enter")
        page.wait_for_url(f"**/review/collections/{first}/?at=booking_code")
        expect(_row(page, "booking_code").locator(".drawn-note")).to_be_visible()
        expect(page.locator('rect.box.drawn[data-path="booking_code"]')).to_have_count(1)
        assert watch.errors == [] and watch.foreign == []
    finally:
        context.close()

    with server.client(server.key) as api:
        evidence = api.get(f"/v2/files/{first}/extraction/").json()["booking_code"]["evidence"][0]
        assert evidence["page_number"] == 1
        assert abs(evidence["bbox"]["x0"] - 0.17) < 0.01 and abs(evidence["bbox"]["y1"] - 0.31) < 0.01
        second = run("drawn-b.pdf", _slots("MM-77-CD", "ZZ-11-EE"))
        learned = api.get(f"/v2/files/{second}/extraction/").json()["booking_code"]
        assert learned["value"] == "ZZ-11-EE", learned
