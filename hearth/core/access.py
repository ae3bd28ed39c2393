"""View decorators that tie every page to the policy.

Each view is wrapped in exactly one of ``requires(perm)`` or ``public``; both stamp the
view with ``hearth_policy`` so the permission-matrix test can find routes that have no
policy at all and fail on them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from hearth.core.policy import Perm, can

PUBLIC = "public"
SIGNED_IN = "signed_in"

View = Callable[..., HttpResponse]


def requires(perm: Perm) -> Callable[[View], View]:
    """Signed-in users whose role grants ``perm``; others are sent to sign in (anonymous)
    or refused with 403 (signed in, wrong role). Object-level checks stay in selectors."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.hearth_policy = perm  # type: ignore[attr-defined]
        return wrapper

    return decorate


def signed_in(view: View) -> View:
    """Any signed-in user; the view itself decides what to show for the role."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.hearth_policy = SIGNED_IN  # type: ignore[attr-defined]
    return wrapper


def public(view: View) -> View:
    """Anyone, signed in or not (landing page, crisis resources, health check)."""
    view.hearth_policy = PUBLIC  # type: ignore[attr-defined]
    return view
