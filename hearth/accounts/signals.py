from __future__ import annotations

from allauth.mfa.signals import authenticator_removed
from django.dispatch import receiver

from hearth.accounts.middleware import MFA_OK_KEY


@receiver(authenticator_removed)
def forget_mfa_ok(sender, request, user, authenticator, **kwargs):
    """Removing an authenticator must send staff back through set-up."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(MFA_OK_KEY, None)
