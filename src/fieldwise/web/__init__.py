"""The web app at the server's root: everything a person without code needs in the browser (workflows, their
fields, dropping documents, results, exports), around the review pages of fieldwise.review, with their session,
their look and their strict CSP. Server-rendered; small scripts in static/ make it live where a browser runs them.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from fieldwise.web import documents, ui, workflow_pages


def install(app: FastAPI) -> None:
    """Mount the web app: its pages (before the API's own `/` banner, which non-browser clients still get) and
    its static files."""
    app.include_router(workflow_pages.router)
    app.include_router(documents.router)
    app.mount("/static", StaticFiles(directory=ui.HERE / "static"), name="web-static")
