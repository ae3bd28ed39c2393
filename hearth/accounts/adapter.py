from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from hearth.core import crypto
from hearth.core.policy import Role, is_staff_role
from hearth.organisations.models import Organisation


class HearthAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Self sign-up exists only for the pseudonymous online community; staff and
        # participant accounts are created by the organisation.
        return Organisation.objects.filter(allow_community_signup=True).exists()

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # A staff member made to set up two-step sign-in straight after entering their
        # password should not be asked for it again; once any authenticator exists, every
        # change to it needs a fresh password as usual.
        from allauth.core import context
        from allauth.mfa.models import Authenticator

        request = context.request
        user = getattr(request, "user", None)
        if (
            app == "allauth.mfa"
            and user is not None
            and user.is_authenticated
            and not Authenticator.objects.filter(user=user).exists()
        ):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.role = Role.COMMUNITY_MEMBER
        if commit:
            user.save()
        return user


class HearthMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        # TOTP secrets are as sensitive as passwords: encrypted at rest like notes are.
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator) -> bool:
        # Staff may replace their authenticator but never go without one.
        return not is_staff_role(authenticator.user)
