from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import ApiToken, User
from hearth.audit.models import Action
from hearth.audit.services import audit_record
from hearth.core.policy import Perm, can


@transaction.atomic
def user_save(*, actor: User, user: User, created: bool, request=None) -> User:
    """Create or change an account in the actor's organisation. New accounts get an
    unusable password: the person sets their own through the password-reset email."""
    if not can(actor, Perm.USERS_MANAGE):
        raise PermissionDenied
    if user.organisation_id is None:
        user.organisation_id = actor.organisation_id
    if user.organisation_id != actor.organisation_id:
        raise PermissionDenied
    if created:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="user",
        object_id=user.public_id,
        detail=f"role={user.role}",
        request=request,
    )
    return user


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token and its secret; the secret is never stored and cannot be shown again."""
    if not can(actor, Perm.API_TOKENS_MANAGE):
        raise PermissionDenied
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=actor, name=name, prefix=key[:8], key_hash=ApiToken.hash_key(key)
    )
    audit_record(
        actor=actor, action=Action.CREATE, object_type="api_token", object_id=str(token.pk)
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        object_type="api_token",
        object_id=str(token.pk),
        detail="revoked",
    )
