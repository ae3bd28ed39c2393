"""Print the current two-step sign-in code for a demo staff account.

A demo aid only: it reads (decrypts) the account's authenticator secret, which is exactly
what two-step sign-in exists to keep away from anyone holding the password. It therefore
refuses to run unless ``DEBUG`` is on and ``HEARTH_ENV`` is not production.
"""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the current 6-digit two-step code for a demo account (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the staff member's sign-in email")

    def handle(self, *args, email: str, **options):
        if not settings.DEBUG or getattr(settings, "PRODUCTION", False):
            raise CommandError(
                "demo_totp is a demo aid and only runs with DEBUG on, outside production."
            )
        authenticator = (
            Authenticator.objects.filter(
                user__email__iexact=email.strip(), type=Authenticator.Type.TOTP
            )
            .select_related("user")
            .first()
        )
        if authenticator is None:
            raise CommandError(f"No authenticator app is set up for {email}.")
        secret = decrypt(authenticator.data["secret"])
        now = time.time()
        period = mfa_settings.TOTP_PERIOD
        code = format_hotp_value(hotp_value(secret, int(now) // period))
        self.stdout.write(code)
        if options["verbosity"] >= 2:
            remaining = period - int(now) % period
            self.stderr.write(f"valid for about {remaining} more seconds")
