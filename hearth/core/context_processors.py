from __future__ import annotations

from django.conf import settings

from hearth.core.crisis import national_lines
from hearth.core.policy import Perm, permissions_of, role_of

#: Which menu entry a page belongs to, by URL namespace (or full view name, checked first).
_SECTIONS = {
    "caseload:team": "supervision",
    "accounts:users": "users",
    "accounts:user_edit": "users",
    "accounts:user_create": "users",
    "directory:corrections": "directory_corrections",
    "directory:review": "directory_corrections",
    "core:home": "home",
    "core:staff_home": "home",
    "account_change_password": "account",
    "account_login": "sign_in",
    "caseload": "caseload",
    "participants": "participants",
    "groups": "groups",
    "referrals": "referrals",
    "helpline": "helpline",
    "billing": "billing",
    "matching": "matching",
    "organisations": "programmes",
    "audit": "audit",
    "find_help": "find_help",
}


def nav_section(request) -> str:
    """The menu entry for the page being shown ("" if none), for ``aria-current``."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return _SECTIONS.get(match.view_name) or _SECTIONS.get(match.namespace, "")


def hearth(request):
    """What every page needs: crisis resources (national + the organisation's own) and the
    navigation the user's role allows."""
    user = getattr(request, "user", None)
    perms = permissions_of(user) if user is not None else frozenset()

    def local_lines():
        org_id = getattr(user, "organisation_id", None) if user is not None else None
        if not org_id:
            return []
        from hearth.organisations.models import LocalCrisisLine

        return list(LocalCrisisLine.objects.filter(organisation_id=org_id))

    return {
        "crisis_lines": national_lines(),
        "local_crisis_lines": local_lines,  # lazy: evaluated only when the panel renders
        "nav": {
            "section": nav_section(request),
            "participants": Perm.PARTICIPANT_LIST in perms,
            "users": Perm.USERS_MANAGE in perms,
            "programmes": Perm.PROGRAMMES_MANAGE in perms,
            "audit": Perm.AUDIT_VIEW in perms,
            "api_tokens": Perm.API_TOKENS_MANAGE in perms,
            "caseload": Perm.CASELOAD_VIEW in perms,
            "supervision": Perm.SUPERVISION_VIEW in perms,
            "billing": Perm.CLAIMS_EXPORT in perms,
            "matching": Perm.MATCHING_COORDINATE in perms,
            "mentoring": Perm.MENTORING_RESPOND in perms,
            "my_mentor": Perm.MENTOR_CHOOSE in perms,
            "groups": Perm.GROUPS_VIEW in perms,
            "my_groups": Perm.GROUPS_JOIN in perms,
            # Referrals: the peer's follow-ups, else the reports (a URL name, or None).
            "referrals": "referrals:follow_ups"
            if Perm.REFERRAL_WRITE in perms
            else ("referrals:reports" if Perm.REFERRAL_REPORTS in perms else None),
            "directory_connect": Perm.DIRECTORY_CONNECT in perms,
            "directory_corrections": Perm.DIRECTORY_MANAGE in perms,
            "helpline": Perm.HELPLINE_CONSOLE in perms,
            "helpline_shifts": Perm.HELPLINE_SHIFTS in perms,
        },
        "user_role": role_of(user) if user is not None else None,
        "DEBUG": settings.DEBUG,
    }
