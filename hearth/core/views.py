from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST

from hearth.core.access import public, requires, signed_in
from hearth.core.policy import Perm, Role, can, role_of


@public
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    return render(request, "core/landing.html")


@public
def crisis_help(request: HttpRequest) -> HttpResponse:
    return render(request, "core/help.html")


@public
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness, and the trivial baseline view in `bench/pages.py`."""
    return HttpResponse("ok", content_type="text/plain")


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the home page of their role."""
    role = role_of(request.user)
    if role == Role.PARTICIPANT:
        return redirect("participants_self:home")
    if role == Role.COMMUNITY_MEMBER:
        return redirect("core:community_home")
    if can(request.user, Perm.STAFF_HOME):
        return redirect("core:staff_home")
    return render(request, "core/no_role.html", status=403)


@requires(Perm.STAFF_HOME)
def staff_home(request: HttpRequest) -> HttpResponse:
    from hearth.core.home import staff_home_context

    return render(request, "core/staff_home.html", staff_home_context(request))


@requires(Perm.COMMUNITY_HOME)
def community_home(request: HttpRequest) -> HttpResponse:
    from hearth.organisations.selectors import active_programmes_for

    return render(
        request,
        "core/community_home.html",
        {"programmes": active_programmes_for(request.user)},
    )


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language; remembered in a cookie and, for a signed-in person, on their account
    so it follows them to every device."""
    lang = request.POST.get("language", "")
    nxt = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        nxt = "/"
    response = HttpResponseRedirect(nxt)
    if lang and check_for_language(lang) and lang in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
        )
        if request.user.is_authenticated and request.user.preferred_language != lang:
            request.user.preferred_language = lang
            request.user.save(update_fields=["preferred_language"])
    return response
