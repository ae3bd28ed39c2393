"""API authentication: a personal token (``Authorization: Bearer hth_…``) or the browser
session (with CSRF protection for writes). Both resolve to a user; the same policy as the
pages applies from there."""

from __future__ import annotations

from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer


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

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


api_auth = [TokenAuth(), SessionAuth()]
