from __future__ import annotations

from django.conf import settings

from hearth.core.crisis import national_lines
from hearth.core.policy import Perm, permissions_of, role_of


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
            "participants": Perm.PARTICIPANT_LIST in perms,
            "users": Perm.USERS_MANAGE in perms,
            "programmes": Perm.PROGRAMMES_MANAGE in perms,
            "audit": Perm.AUDIT_VIEW in perms,
            "api_tokens": Perm.API_TOKENS_MANAGE in perms,
            "caseload": Perm.CASELOAD_VIEW in perms,
            "supervision": Perm.SUPERVISION_VIEW in perms,
            "billing": Perm.CLAIMS_EXPORT in perms,
            "helpline": Perm.HELPLINE_CONSOLE in perms,
            "helpline_shifts": Perm.HELPLINE_SHIFTS in perms,
        },
        "user_role": role_of(user) if user is not None else None,
        "DEBUG": settings.DEBUG,
    }
