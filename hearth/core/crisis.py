"""Crisis resources shown on every page. Source: shared/DOMAIN.md (checked 2026-11).

The 988 LGBTQ+ "press 3" option ended in July 2025 and is deliberately absent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CrisisLine:
    name: str
    how: str
    tel: str = ""  # digits for a tel: link
    sms: str = ""  # number for an sms: link
    sms_body: str = ""
    note: str = ""


def national_lines() -> list[CrisisLine]:
    return [
        CrisisLine(
            name=_("988 Suicide & Crisis Lifeline"),
            how=_(
                "Call or text 988, or chat at 988lifeline.org. Press 1 for veterans, 2 for Spanish."
            ),
            tel="988",
            sms="988",
            note=_("Text AYUDA to 988 for Spanish."),
        ),
        CrisisLine(
            name=_("Crisis Text Line"),
            how=_("Text HOME to 741741."),
            sms="741741",
            sms_body="HOME",
        ),
        CrisisLine(
            name=_("Veterans Crisis Line"),
            how=_("Call 988 then press 1, or text 838255."),
            tel="988",
            sms="838255",
        ),
        CrisisLine(
            name=_("Trevor Project (LGBTQ+ young people)"),
            how=_("Call 1-866-488-7386 or text START to 678678."),
            tel="18664887386",
            sms="678678",
            sms_body="START",
        ),
        CrisisLine(
            name=_("SAMHSA National Helpline"),
            how=_("Call 1-800-662-4357: free treatment referral, 24/7, English and Spanish."),
            tel="18006624357",
        ),
        CrisisLine(
            name=_("Disaster Distress Helpline"),
            how=_("Call or text 1-800-985-5990."),
            tel="18009855990",
            sms="18009855990",
        ),
    ]
