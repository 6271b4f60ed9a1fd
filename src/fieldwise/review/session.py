"""Who is reviewing: a server-side session (fieldwise.store.review_sessions) whose random token travels in an
HttpOnly, SameSite=Strict cookie, `__Host-` prefixed and Secure whenever the request came over https (itself, or
through a trusted proxy, or always with FIELDWISE_SECURE_COOKIES). Every form carries the session's own CSRF
token, which a new sign-in replaces.

The sign-in form has no session yet: its token is a signed, expiring nonce (HMAC with a secret the migration made
and every API process shares), set in a cookie and echoed in the form. A cookie the server did not sign is refused,
and so is a sign-in posted from another origin (Origin / Sec-Fetch-Site), so a tossed cookie cannot sign a browser
into someone else's organization.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from urllib.parse import urlsplit

from fastapi import Request, Response

from fieldwise.errors import FieldwiseError
from fieldwise.settings import Settings

SESSION_COOKIE = "fieldwise_review"
LOGIN_COOKIE = "fieldwise_login_csrf"
LOGIN_TOKEN_S = 3600


class SignedOut(Exception):
    """The page needs a signed-in reviewer."""


class CsrfFailed(FieldwiseError):
    status_code, error_code, summary = 403, "ACCESS_DENIED", "The form's CSRF token is missing or wrong"


def is_secure(request: Request, settings: Settings) -> bool:
    """https as the browser sees it: the scheme after the trusted proxies' X-Forwarded-Proto (uvicorn's proxy
    middleware, set up by create_app), or always when the settings say so."""
    return settings.secure_cookies or request.url.scheme == "https"


def cookie_name(base: str, secure: bool) -> str:
    return f"__Host-{base}" if secure else base


def _set(response: Response, name: str, value: str, secure: bool, max_age: int) -> None:
    # __Host- cookies must be Secure with Path=/ and no Domain; plain-http ones too cover the whole app (the web
    # app at / and the review pages under /review share one session)
    response.set_cookie(cookie_name(name, secure), value, max_age=max_age, httponly=True, samesite="strict",
                        secure=secure, path="/")


def _drop(response: Response, name: str, secure: bool) -> None:
    response.delete_cookie(cookie_name(name, secure), path="/", secure=secure,
                           httponly=True, samesite="strict")


def check_csrf(expected: str, token: object) -> None:
    if not isinstance(token, str) or not hmac.compare_digest(token.encode(), expected.encode()):
        raise CsrfFailed("reload the page and try again")


# --- the session cookie ------------------------------------------------------------------------------------------


def session_token(request: Request, secure: bool) -> str | None:
    """The session token from the cookie this kind of request may carry (never the other: on https a plain cookie
    could have been tossed by a neighbour)."""
    return request.cookies.get(cookie_name(SESSION_COOKIE, secure)) or None


def keep_session(response: Response, token: str, secure: bool, max_age: int) -> None:
    _set(response, SESSION_COOKIE, token, secure, max_age)
    _drop(response, LOGIN_COOKIE, secure)


def drop_session(response: Response, secure: bool) -> None:
    _drop(response, SESSION_COOKIE, secure)


# --- the sign-in form ---------------------------------------------------------------------------------------------


def _sign(secret: bytes, payload: str) -> str:
    return hmac.new(secret, payload.encode(), hashlib.sha256).hexdigest()


def _valid_login_token(secret: bytes, token: str) -> bool:
    expires, _, rest = token.partition(".")
    nonce, _, signature = rest.partition(".")
    if not expires.isdigit() or not nonce or not signature or int(expires) < time.time():
        return False
    return hmac.compare_digest(signature, _sign(secret, f"{expires}.{nonce}"))


def login_token(request: Request, secret: bytes, secure: bool) -> str:
    """The sign-in form's token: the one in the cookie if the server signed it and it is still good, else new."""
    current = request.cookies.get(cookie_name(LOGIN_COOKIE, secure))
    if current and _valid_login_token(secret, current):
        return current
    payload = f"{int(time.time()) + LOGIN_TOKEN_S}.{secrets.token_hex(16)}"
    return f"{payload}.{_sign(secret, payload)}"


def keep_login_token(response: Response, token: str, secure: bool) -> None:
    _set(response, LOGIN_COOKIE, token, secure, LOGIN_TOKEN_S)


def _same_origin(request: Request, public_url: str | None) -> bool:
    """Whether a form post came from this site's own page. Browsers say so in Sec-Fetch-Site, which no proxy in
    between changes; older ones send Origin, whose host must be the one the request was sent to (or public_url's).
    A post with neither is no browser's cross-site form."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    allowed = {request.headers.get("host", "")} | ({urlsplit(public_url).netloc} if public_url else set())
    return urlsplit(origin).netloc in allowed - {""}


def check_login_token(request: Request, secret: bytes, secure: bool, token: object,
                      public_url: str | None = None) -> None:
    expected = request.cookies.get(cookie_name(LOGIN_COOKIE, secure))
    if not expected or not isinstance(token, str) or not hmac.compare_digest(token.encode(), expected.encode()):
        raise CsrfFailed("reload the sign-in page and try again")
    if not _valid_login_token(secret, expected):
        raise CsrfFailed("the sign-in form's token was not made by this server, or it expired; reload the page")
    if not _same_origin(request, public_url):
        raise CsrfFailed("a sign-in must come from this site's own sign-in page")
