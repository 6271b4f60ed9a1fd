"""What every page of the web app shares with the review pages: one look (the review templates' base), one strict
CSP, one session (the review session cookie, which covers the whole site), one rate limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from sqlalchemy.orm import Session

from fieldwise.api.deps import Services
from fieldwise.review import cells
from fieldwise.review import pages as review_pages
from fieldwise.store.review_sessions import Reviewer

HERE = Path(__file__).parent
_env = Environment(
    loader=ChoiceLoader([FileSystemLoader(HERE / "templates"), FileSystemLoader(review_pages.HERE / "templates")]),
    autoescape=select_autoescape(["html"]),
)
_env.filters["display"] = cells.display


def html(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("home", "/")  # sign-out comes back to the app
    response = HTMLResponse(_env.get_template(template).render(**context), status_code=status)
    response.headers["cache-control"] = "no-store"
    response.headers["content-security-policy"] = review_pages.CSP
    return response


def fragment(template: str, **context: Any) -> HTMLResponse:
    """A piece of a page that a page's script swaps in (the results table while documents are processed)."""
    return html(template, **context)


def person(request: Request, session: Session, services: Services) -> Reviewer:
    """The signed-in person (SignedOut sends the browser to sign in), counted against the rate limit."""
    who = review_pages.signed_in(request, session, services)
    review_pages.count_request(request, services, who)
    return who
