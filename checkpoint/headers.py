"""The headers every page of the tablet and of the headquarters console carries."""
from __future__ import annotations

from flask import Response, request

# Everything comes from the app itself: no CDN, no inline script or style.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'; "
                           "base-uri 'self'; form-action 'self'")


def secure(response: Response) -> Response:
    """An after_request hook: pages are never cached (they carry case data); static files may be."""
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if request.endpoint and request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
