"""Log-in with a limit on failed attempts: five failures for one e-mail address from one client address within
15 minutes lock that pair out for the rest of the window (the form says so; nothing else is revealed)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60


def _key(request: HttpRequest, username: str) -> str:
    client = request.META.get("REMOTE_ADDR", "")
    return f"login-failures:{client}:{username.strip().lower()[:254]}"


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        key = _key(self.request, username) if self.request is not None else None
        if key is not None and cache.get(key, 0) >= MAX_FAILURES:
            raise ValidationError(
                _("Too many failed attempts. Try again in %(minutes)d minutes.") % {"minutes": WINDOW_SECONDS // 60},
                code="throttled",
            )
        try:
            return super().clean()
        except ValidationError:
            if key is not None:
                cache.add(key, 0, WINDOW_SECONDS)
                cache.incr(key)
            raise


class ThrottledLoginView(LoginView):
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True
