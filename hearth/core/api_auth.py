"""API authentication: a personal token (``Authorization: Bearer hth_…``) or the browser
session (with CSRF protection for writes). Both resolve to a user; the same policy as the
pages applies from there.

Security assumptions: a token was made by its owner in a signed-in (so, for staff,
two-step) session and is revoked, not deleted; a session counts only once the page
middleware has let it through, so staff without two-step sign-in get no API either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from hearth.accounts.middleware import MFA_OK_KEY
from hearth.core.policy import Perm, can, is_staff_role

if TYPE_CHECKING:
    from hearth.accounts.models import User


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        from hearth.accounts.models import ApiToken

        found = (
            ApiToken.objects.select_related("user")
            .filter(
                key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True
            )
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            type(found).objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """Django's session, as on the pages (CSRF is checked for unsafe methods)."""

    def __init__(self) -> None:
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest):
        # Only a signed-in session is checked for CSRF: a request with no session (a bad
        # token, no credentials) is answered 401, not a confusing CSRF 403.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if is_staff_role(user) and not request.session.get(MFA_OK_KEY):
            return None
        return super().__call__(request)  # the CSRF check, then ``authenticate``

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user


api_auth = [TokenAuth(), SessionAuth()]


def api_actor(request: HttpRequest, perm: Perm) -> User:
    """The authenticated caller, if their role grants ``perm`` (else 403 via
    ``PermissionDenied``); every API operation starts here."""
    user = request.auth  # type: ignore[attr-defined]
    if not can(user, perm):
        raise PermissionDenied
    return user
