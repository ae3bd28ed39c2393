from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from hearth.accounts.models import ApiToken, User
from hearth.core.policy import user_scope


def users_for(user: User, *, search: str = "", role: str = "") -> QuerySet[User]:
    qs = User.objects.filter(user_scope(user)).select_related("supervisor")
    if search:
        qs = qs.filter(Q(display_name__icontains=search) | Q(email__icontains=search))
    if role:
        qs = qs.filter(role=role)
    return qs.order_by("display_name", "pk")


def get_user_for(user: User, public_id) -> User:
    try:
        return User.objects.filter(user_scope(user)).get(public_id=public_id)
    except (User.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def api_tokens_for(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)
