"""Session rules for staff: two-factor sign-in is mandatory, idle sessions end."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hearth.core.policy import is_staff_role

LAST_SEEN_KEY = "hearth_last_seen"
MFA_OK_KEY = "hearth_mfa_ok"
ACTIVITY_KEY = "hearth_activity"
# Writing the session on every request would cost a database write per page; a minute of
# slack on a 15-minute timeout does not weaken it.
TOUCH_EVERY_SECONDS = 60

#: Paths a staff member without two-factor set up may still reach: the set-up itself,
#: signing out, crisis resources, language and static files.
MFA_SETUP_ALLOWED_PREFIXES = ("/accounts/", "/help/", "/i18n/", "/static/", "/healthz")
#: API clients get JSON, not a redirect to a page: there the API's session auth refuses a
#: signed-out or not-yet-two-step session itself (401), and a token still works.
API_PATH_PREFIX = "/api/"


class UserSessionActivityMiddleware:
    """allauth's session activity tracking (``USERSESSIONS_TRACK_ACTIVITY``), in place of
    ``allauth.usersessions.middleware.UserSessionsMiddleware``, which opens a write
    transaction with three reads and an update on every signed-in request — the dearest
    part of a page. Here allauth records the activity only when it tells something new:
    a session it has not recorded (e.g. just after sign-in, which changes the session key),
    a different client (IP address or browser — recorded at once, as allauth does, so
    ``session_client_changed`` still fires on the request that changed it), or a minute
    since the last record. So the session list stays exact except that "last seen" may be
    up to a minute old, the same slack as the idle timeout above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from allauth.usersessions import app_settings

        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            app_settings.TRACK_ACTIVITY
            and session is not None
            and session.session_key
            and user is not None
            and user.is_authenticated
        ):
            self._track(request, session)
        return self.get_response(request)

    @staticmethod
    def _track(request, session) -> None:
        from allauth.account.adapter import get_adapter
        from allauth.usersessions.models import UserSession

        ua = request.META.get("HTTP_USER_AGENT", "")
        client = f"{session.session_key}|{get_adapter().get_client_ip(request)}|{ua}"
        # A digest, so neither the address nor the browser string is copied into the session.
        digest = hashlib.sha256(client.encode()).hexdigest()[:32]
        now = int(time.time())
        recorded = session.get(ACTIVITY_KEY)
        if recorded and recorded[1] == digest and now - recorded[0] < TOUCH_EVERY_SECONDS:
            return
        UserSession.objects.create_from_request(request)
        session[ACTIVITY_KEY] = [now, digest]


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and is_staff_role(user):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            idle_limit = settings.HEARTH_STAFF_IDLE_MINUTES * 60
            if last_seen is not None and now - last_seen > idle_limit:
                logout(request)
                if request.path.startswith(API_PATH_PREFIX):
                    return self.get_response(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
            if last_seen is None or now - last_seen >= TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class StaffMFARequiredMiddleware:
    """Staff who have not set up an authenticator app are sent to set one up before they
    can see anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and is_staff_role(user)
            and not request.session.get(MFA_OK_KEY)
            and not request.path.startswith(MFA_SETUP_ALLOWED_PREFIXES)
        ):
            from allauth.mfa.models import Authenticator

            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                request.session[MFA_OK_KEY] = True
            elif not request.path.startswith(API_PATH_PREFIX):
                messages.info(
                    request,
                    _(
                        "Staff accounts need two-step sign-in. "
                        "Set up an authenticator app to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in person's saved language wins over the browser's, on every device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        wanted = getattr(user, "preferred_language", "") if user and user.is_authenticated else ""
        if wanted and wanted != translation.get_language():
            translation.activate(wanted)
            request.LANGUAGE_CODE = wanted
        response = self.get_response(request)
        if wanted and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != wanted:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                wanted,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response
