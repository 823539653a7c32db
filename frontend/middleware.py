"""The page language when this device has no choice of its own: the signed-in person's account language.

Order of precedence: the language chosen on this device (the cookie the header's selector sets) — Django's
LocaleMiddleware reads it —, then the account's language (here), then the browser's Accept-Language. So a
person who chose Uzbek reads Uzbek on a new phone as soon as they sign in, and in every e-mail link.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class AccountLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.known = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and request.user.is_authenticated:
            language = getattr(request.user, "language", "")
            if language in self.known:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
