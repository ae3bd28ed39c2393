"""Who may do what, in one place.

Three layers, all here so a reviewer can read the whole access model at once:

1. ``Role`` — the people Hearth serves, and ``ROLE_PERMISSIONS`` — what each role may do.
2. ``can(user, perm, obj=None)`` — the single check used by views, the API and templates.
3. Record scopes (``participant_scope``) — which participant records a user may see at all.
   Selectors filter with these, so a record outside the scope is a 404, never a 403.

Security assumptions: every user belongs to exactly one organisation (tenant) except
platform superusers, who work only in the Django admin; nothing here ever grants access
across organisations.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from hearth.accounts.models import User


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    PEER_SPECIALIST = "peer_specialist", _("Peer specialist")
    PEER_SUPERVISOR = "peer_supervisor", _("Peer supervisor")
    CLINICIAN = "clinician", _("Clinician / care-team partner")
    PROGRAMME_MANAGER = "programme_manager", _("Programme manager")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    COMMUNITY_MEMBER = "community_member", _("Community member")


#: Roles that work inside the organisation and so must use two-factor sign-in and are
#: signed out when idle.
STAFF_ROLES = frozenset(
    {
        Role.PEER_SPECIALIST,
        Role.PEER_SUPERVISOR,
        Role.CLINICIAN,
        Role.PROGRAMME_MANAGER,
        Role.ORG_ADMIN,
    }
)


class Perm(StrEnum):
    STAFF_HOME = "staff_home"
    OWN_RECORD_VIEW = "own_record_view"
    COMMUNITY_HOME = "community_home"
    PARTICIPANT_LIST = "participant_list"
    PARTICIPANT_VIEW = "participant_view"
    PARTICIPANT_CREATE = "participant_create"
    PARTICIPANT_EDIT = "participant_edit"
    PARTICIPANT_CHANGE_STATUS = "participant_change_status"
    PARTICIPANT_ASSIGN = "participant_assign"
    PARTICIPANT_EXPORT = "participant_export"
    USERS_MANAGE = "users_manage"
    PROGRAMMES_MANAGE = "programmes_manage"
    AUDIT_VIEW = "audit_view"
    AUDIT_EXPORT = "audit_export"
    API_TOKENS_MANAGE = "api_tokens_manage"
    # Sessions, notes and plans (records are scoped by participant_scope).
    ENCOUNTER_VIEW = "encounter_view"
    ENCOUNTER_WRITE = "encounter_write"
    NOTE_COSIGN = "note_cosign"
    PLAN_VIEW = "plan_view"
    PLAN_EDIT = "plan_edit"
    OWN_PLANS_VIEW = "own_plans_view"
    CASELOAD_VIEW = "caseload_view"
    SUPERVISION_VIEW = "supervision_view"
    CLAIMS_EXPORT = "claims_export"
    BILLING_CONFIGURE = "billing_configure"
    # Peer mentoring (hearth/matching): coordinate the waitlist and batch matching (records
    # scoped by participant_scope), keep mentor profiles, answer mentoring requests as a
    # mentor, choose a mentor as a participant.
    MATCHING_COORDINATE = "matching_coordinate"
    MENTORS_MANAGE = "mentors_manage"
    MENTORING_RESPOND = "mentoring_respond"
    MENTOR_CHOOSE = "mentor_choose"
    # Groups and courses (hearth.groups): see the block after ROLE_PERMISSIONS.
    GROUPS_VIEW = "groups_view"
    GROUPS_MANAGE = "groups_manage"
    GROUP_FACILITATE = "group_facilitate"
    GROUPS_JOIN = "groups_join"
    # --- Closed-loop referrals (hearth.referrals) ---------------------------------------
    # Referrals are scoped by their participant (participant_scope); the receiving
    # organisation never signs in: it acts through a single-referral link (no Perm).
    REFERRAL_VIEW = "referral_view"
    REFERRAL_WRITE = "referral_write"  # create, send, consent, links, outcomes
    REFERRAL_REPORTS = "referral_reports"
    # --- Resource directory (issue 5, hearth/directory) ---
    # Connect a participant in scope to resources (saved list, print/text/email it).
    DIRECTORY_CONNECT = "directory_connect"
    # Suggest a correction to a public listing; review (apply/dismiss) suggestions.
    DIRECTORY_SUGGEST = "directory_suggest"
    DIRECTORY_MANAGE = "directory_manage"
    # Download the whole directory as HSDS (public data, but a heavy request).
    DIRECTORY_EXPORT = "directory_export"
    # --- Warmline (hearth/helpline) ---------------------------------------------------------
    HELPLINE_CONSOLE = "helpline_console"  # see the queue, pick up and answer chats
    HELPLINE_SUPERVISE = "helpline_supervise"  # monitor, whisper, take over any active chat
    HELPLINE_SHIFTS = "helpline_shifts"  # see shifts and their statistics, schedule shifts


_CASEWORK = {
    Perm.STAFF_HOME,
    Perm.PARTICIPANT_LIST,
    Perm.PARTICIPANT_VIEW,
    Perm.PARTICIPANT_CREATE,
    Perm.PARTICIPANT_EDIT,
    Perm.PARTICIPANT_CHANGE_STATUS,
    Perm.API_TOKENS_MANAGE,
    Perm.ENCOUNTER_VIEW,
    Perm.PLAN_VIEW,
}
#: What people who work directly with participants may do besides reading.
_PEER_WORK = {Perm.ENCOUNTER_WRITE, Perm.PLAN_EDIT, Perm.CASELOAD_VIEW}

# --- Resource directory (issue 5): who gets the directory permissions. Listings are public;
# the saved list is participant data, so it follows participant_scope like casework.
_DIRECTORY_STAFF = {Perm.DIRECTORY_SUGGEST, Perm.DIRECTORY_EXPORT}
_DIRECTORY_CASEWORK = _DIRECTORY_STAFF | {Perm.DIRECTORY_CONNECT}
_CASEWORK |= _DIRECTORY_CASEWORK
# --- end of resource directory grants (DIRECTORY_MANAGE is added for ORG_ADMIN below) ---

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.PARTICIPANT: frozenset({Perm.OWN_RECORD_VIEW, Perm.OWN_PLANS_VIEW}),
    Role.COMMUNITY_MEMBER: frozenset({Perm.COMMUNITY_HOME}),
    # A clinician sees nothing about participants until a participant consents to share
    # (the consent model arrives with care coordination).
    Role.CLINICIAN: frozenset({Perm.STAFF_HOME, Perm.API_TOKENS_MANAGE} | _DIRECTORY_STAFF),
    Role.PEER_SPECIALIST: frozenset(_CASEWORK | _PEER_WORK),
    Role.PEER_SUPERVISOR: frozenset(
        _CASEWORK | _PEER_WORK | {Perm.PARTICIPANT_ASSIGN, Perm.NOTE_COSIGN, Perm.SUPERVISION_VIEW}
    ),
    Role.PROGRAMME_MANAGER: frozenset(
        _CASEWORK
        | {
            Perm.PARTICIPANT_ASSIGN,
            Perm.PARTICIPANT_EXPORT,
            Perm.PROGRAMMES_MANAGE,
            Perm.SUPERVISION_VIEW,
            Perm.CLAIMS_EXPORT,
        }
    ),
    Role.ORG_ADMIN: frozenset(
        _CASEWORK
        | {
            Perm.PARTICIPANT_ASSIGN,
            Perm.PARTICIPANT_EXPORT,
            Perm.USERS_MANAGE,
            Perm.PROGRAMMES_MANAGE,
            Perm.AUDIT_VIEW,
            Perm.AUDIT_EXPORT,
            Perm.SUPERVISION_VIEW,
            Perm.CLAIMS_EXPORT,
            Perm.BILLING_CONFIGURE,
            Perm.DIRECTORY_MANAGE,
        }
    ),
}

# --- Closed-loop referrals (hearth.referrals) -------------------------------------------
# Everyone who reads casework sees a participant's referrals; the people who work with
# participants make and follow them; supervisors, managers and admins see the reports.
_REFERRAL_GRANTS = {
    Role.PEER_SPECIALIST: {Perm.REFERRAL_VIEW, Perm.REFERRAL_WRITE},
    Role.PEER_SUPERVISOR: {Perm.REFERRAL_VIEW, Perm.REFERRAL_WRITE, Perm.REFERRAL_REPORTS},
    Role.PROGRAMME_MANAGER: {Perm.REFERRAL_VIEW, Perm.REFERRAL_REPORTS},
    Role.ORG_ADMIN: {Perm.REFERRAL_VIEW, Perm.REFERRAL_REPORTS},
}
for _role, _perms in _REFERRAL_GRANTS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms


# --- Peer mentoring (hearth/matching) ---------------------------------------------------------
# Supervisors, programme managers and admins coordinate matching for the participants in
# their participant_scope; managers and admins keep the mentor profiles. Peer specialists
# and supervisors answer the requests sent to their own mentor profile (they see only the
# offered participant's preferred name and the match's reasons). Participants see their
# own suggestions and choose.
_MATCHING_GRANTS: dict[str, set[Perm]] = {
    Role.PARTICIPANT: {Perm.MENTOR_CHOOSE},
    Role.PEER_SPECIALIST: {Perm.MENTORING_RESPOND},
    Role.PEER_SUPERVISOR: {Perm.MENTORING_RESPOND, Perm.MATCHING_COORDINATE},
    Role.PROGRAMME_MANAGER: {Perm.MATCHING_COORDINATE, Perm.MENTORS_MANAGE},
    Role.ORG_ADMIN: {Perm.MATCHING_COORDINATE, Perm.MENTORS_MANAGE},
}
for _role, _perms in _MATCHING_GRANTS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms
# --- Groups and courses (hearth.groups) -------------------------------------------------
# Staff who work with participants see the organisation's groups (GROUPS_VIEW); peers
# facilitate them (GROUP_FACILITATE: rosters, attendance, group notes, and only for groups
# they facilitate — checked on the object in hearth.groups.selectors); managers and admins
# set groups and schedules up (GROUPS_MANAGE) and may also read rosters. Participants and
# community members register themselves and keep a private calendar (GROUPS_JOIN). The
# public listing needs no account at all.
_GROUP_GRANTS: dict[str, frozenset[Perm]] = {
    Role.PARTICIPANT: frozenset({Perm.GROUPS_JOIN}),
    Role.COMMUNITY_MEMBER: frozenset({Perm.GROUPS_JOIN}),
    Role.PEER_SPECIALIST: frozenset({Perm.GROUPS_VIEW, Perm.GROUP_FACILITATE}),
    Role.PEER_SUPERVISOR: frozenset({Perm.GROUPS_VIEW, Perm.GROUP_FACILITATE}),
    Role.PROGRAMME_MANAGER: frozenset({Perm.GROUPS_VIEW, Perm.GROUPS_MANAGE}),
    Role.ORG_ADMIN: frozenset({Perm.GROUPS_VIEW, Perm.GROUPS_MANAGE}),
}
ROLE_PERMISSIONS = {
    role: perms | _GROUP_GRANTS.get(role, frozenset()) for role, perms in ROLE_PERMISSIONS.items()
}


# --- Warmline (hearth/helpline) grants -------------------------------------------------------
# Peers and supervisors answer chats; supervisors and admins oversee them; managers see the
# shift statistics (no transcripts). Transcript visibility is narrower still: see
# hearth.helpline.selectors.chat_scope (the peer, their supervisor, admins).
_HELPLINE_GRANTS: dict[str, frozenset[Perm]] = {
    Role.PEER_SPECIALIST: frozenset({Perm.HELPLINE_CONSOLE}),
    Role.PEER_SUPERVISOR: frozenset(
        {Perm.HELPLINE_CONSOLE, Perm.HELPLINE_SUPERVISE, Perm.HELPLINE_SHIFTS}
    ),
    Role.PROGRAMME_MANAGER: frozenset({Perm.HELPLINE_SHIFTS}),
    Role.ORG_ADMIN: frozenset(
        {Perm.HELPLINE_CONSOLE, Perm.HELPLINE_SUPERVISE, Perm.HELPLINE_SHIFTS}
    ),
}
for _role, _perms in _HELPLINE_GRANTS.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | _perms


def role_of(user: Any) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if getattr(user, "organisation_id", None) is None:
        return None
    return user.role


def is_staff_role(user: Any) -> bool:
    return role_of(user) in STAFF_ROLES


def permissions_of(user: Any) -> frozenset[Perm]:
    role = role_of(user)
    return ROLE_PERMISSIONS.get(role, frozenset()) if role else frozenset()


def can(user: Any, perm: Perm, obj: Any = None) -> bool:
    """May ``user`` do ``perm`` (on ``obj``, when given)?

    With an object, the object must also be inside the user's record scope; this issues a
    query, so list pages filter with the scopes instead of calling ``can`` per row.
    """
    if perm not in permissions_of(user):
        return False
    if obj is None:
        return True
    from hearth.participants.models import Participant

    if isinstance(obj, Participant):
        if perm == Perm.OWN_RECORD_VIEW:
            return obj.user_id == user.pk
        return Participant.objects.filter(participant_scope(user), pk=obj.pk).exists()
    if hasattr(obj, "organisation_id"):
        return obj.organisation_id == user.organisation_id
    return False


def participant_scope(user: User) -> Q:
    """The participant records ``user`` may see as a caseworker, as a ``Q`` filter.

    - peer specialist: participants currently assigned to them;
    - peer supervisor: their own caseload and that of every specialist they supervise;
    - programme manager: participants enrolled in a programme they manage;
    - org admin: every participant in the organisation;
    - anyone else (clinician, participant, community member): none.
    """
    from hearth.participants.models import CaseAssignment

    role = role_of(user)
    nothing = Q(pk__in=[])
    if role is None or Perm.PARTICIPANT_VIEW not in ROLE_PERMISSIONS.get(role, ()):
        return nothing
    in_org = Q(organisation_id=user.organisation_id)
    if role == Role.ORG_ADMIN:
        return in_org
    if role == Role.PROGRAMME_MANAGER:
        from hearth.participants.models import Participant

        enrolled = Participant.programmes.through.objects.filter(programme__managers=user)
        return in_org & Q(pk__in=enrolled.values("participant_id"))
    active = CaseAssignment.objects.filter(ended_at__isnull=True)
    if role == Role.PEER_SUPERVISOR:
        team = Q(specialist=user) | Q(specialist__supervisor=user)
        return in_org & Q(pk__in=active.filter(team).values("participant_id"))
    if role == Role.PEER_SPECIALIST:
        return in_org & Q(pk__in=active.filter(specialist=user).values("participant_id"))
    return nothing


def user_scope(user: User) -> Q:
    """Staff accounts an org admin may manage: their own organisation's."""
    if Perm.USERS_MANAGE not in permissions_of(user):
        return Q(pk__in=[])
    return Q(organisation_id=user.organisation_id)


def assignable_specialists_scope(user: User) -> Q:
    """Whom ``user`` may assign to a participant's care team."""
    role = role_of(user)
    base = Q(
        organisation_id=getattr(user, "organisation_id", None),
        is_active=True,
        role__in=[Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR],
    )
    if role == Role.PEER_SUPERVISOR:
        return base & (Q(pk=user.pk) | Q(supervisor=user))
    if role in (Role.PROGRAMME_MANAGER, Role.ORG_ADMIN):
        return base
    return Q(pk__in=[])


#: URL prefixes whose access control belongs to a library rather than to a Hearth view
#: decorator: allauth (sign-in, two-step, sessions: each view checks its own login state),
#: Django's back-office admin (``is_staff`` only, never granted to a Hearth role by default)
#: and the API (every operation authenticates and calls ``can`` itself; its own matrix
#: lives in tests/api/). Every other route must carry ``requires``/``signed_in``/``public``.
EXTERNALLY_GOVERNED_PREFIXES = ("accounts/", "backoffice/", "api/")


def team_scope(user: User) -> Q:
    """Peers whose sessions and notes ``user`` oversees (a ``Q`` on users): a supervisor's
    supervisees and themselves; managers and admins: every peer in the organisation."""
    role = role_of(user)
    base = Q(
        organisation_id=getattr(user, "organisation_id", None),
        role__in=[Role.PEER_SPECIALIST, Role.PEER_SUPERVISOR],
    )
    if role == Role.PEER_SUPERVISOR:
        return base & (Q(supervisor=user) | Q(pk=user.pk))
    if role in (Role.PROGRAMME_MANAGER, Role.ORG_ADMIN):
        return base
    return Q(pk__in=[])


def may_cosign(user: User, signer: User) -> bool:
    """Co-signing is a supervisor's act for a supervisee's note, never one's own."""
    return (
        Perm.NOTE_COSIGN in permissions_of(user)
        and signer is not None
        and signer.pk != user.pk
        and signer.supervisor_id == user.pk
        and signer.organisation_id == user.organisation_id
    )
