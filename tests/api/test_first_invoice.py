"""The first document a new user sends, through the real server: every field right from the PDF and from text=."""

from __future__ import annotations

from typing import Any, Callable

import httpx
import pytest

from tests.support.documents import (
    NWT_INVOICE_ANSWERS, NWT_INVOICE_FIELDS, NWT_INVOICE_ITEMS, NWT_INVOICE_LINES, nwt_invoice_pdf,
)


@pytest.mark.parametrize("how", ["pdf", "text"])
def test_every_field_of_a_plain_invoice(api: httpx.Client, wait: Callable[..., httpx.Response], how: str) -> None:
    workflow = api.post("/v2/workflows/", json={"name": f"First invoice {how}", "fields": NWT_INVOICE_FIELDS})
    assert workflow.status_code == 201, workflow.text
    url = f"/v2/workflows/{workflow.json()['id']}/run/"
    if how == "pdf":
        run = api.post(url, files={"file": ("invoice.pdf", nwt_invoice_pdf(), "application/pdf")})
    else:
        run = api.post(url, data={"text": "\n".join(NWT_INVOICE_LINES)})
    assert run.status_code == 202, run.text
    result = wait(api, run.json()["id"])
    assert result.status_code == 200
    fields: dict[str, Any] = result.json()
    for name, expected in NWT_INVOICE_ANSWERS.items():
        assert fields[name]["value"] == expected, (name, fields[name])
        assert fields[name]["evidence"], name  # every value says where it was read
    assert "NWT-2041-77" in fields["invoice_number"]["evidence"][0]["text"]
    assert "Invoice No" not in fields["invoice_number"]["value"]  # the label is never part of the value
    rows = fields["line_items"]["value"] if isinstance(fields["line_items"], dict) else fields["line_items"]
    got = [(r["description"]["value"], r["quantity"]["value"], r["amount"]["value"]) for r in rows]
    assert got == NWT_INVOICE_ITEMS
