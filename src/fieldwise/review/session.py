"""Who is reviewing: the API key they signed in with, kept in an HttpOnly, SameSite=Strict cookie, and the
CSRF token every form carries.

After sign-in the token is an HMAC of a fixed label keyed with the API key, so it needs no server-side state
and no other site can compute it. Before sign-in (the sign-in form itself) a random token is set in a
cookie and must come back in the form: the double-submit pattern.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import quote, unquote

from fastapi import Request, Response

from fieldwise.errors import FieldwiseError

KEY_COOKIE = "fieldwise_review"
REVIEWER_COOKIE = "fieldwise_reviewer"
LOGIN_CSRF_COOKIE = "fieldwise_login_csrf"
MAX_AGE = 12 * 3600


class SignedOut(Exception):
    """The page needs a signed-in reviewer."""


class CsrfFailed(FieldwiseError):
    status_code, error_code, summary = 403, "ACCESS_DENIED", "The form's CSRF token is missing or wrong"


def csrf_token(api_key: str) -> str:
    return hmac.new(api_key.encode(), b"fieldwise-review-csrf", hashlib.sha256).hexdigest()


def check_csrf(api_key: str, token: object) -> None:
    if not isinstance(token, str) or not hmac.compare_digest(token, csrf_token(api_key)):
        raise CsrfFailed("reload the page and try again")


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _set(response: Response, request: Request, name: str, value: str) -> None:
    response.set_cookie(name, value, max_age=MAX_AGE, httponly=True, samesite="strict", secure=_secure(request),
                        path="/review")


def sign_in(response: Response, request: Request, api_key: str, reviewer: str) -> None:
    _set(response, request, KEY_COOKIE, api_key)
    if reviewer:
        _set(response, request, REVIEWER_COOKIE, quote(reviewer.strip()[:200]))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/review")


def sign_out(response: Response) -> None:
    for name in (KEY_COOKIE, REVIEWER_COOKIE):
        response.delete_cookie(name, path="/review")


def login_token(request: Request) -> str:
    return request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_hex(16)


def keep_login_token(response: Response, request: Request, token: str) -> None:
    _set(response, request, LOGIN_CSRF_COOKIE, token)


def check_login_token(request: Request, token: object) -> None:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not isinstance(token, str) or not hmac.compare_digest(token, expected):
        raise CsrfFailed("reload the sign-in page and try again")


def api_key(request: Request) -> str | None:
    return request.cookies.get(KEY_COOKIE) or None


def reviewer(request: Request) -> str | None:
    return unquote(request.cookies.get(REVIEWER_COOKIE) or "") or None
