"""Between the database and the engine: build an engine ``Instance`` from the waitlist and
the mentor profiles, and put the engine's reasons into the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hearth.matching import models as m
from hearth.matching.engine import PARTS, Instance, Mentor, Must, Reason, Seeker, Weights
from hearth.participants.models import LivedExperience, RecoveryPathway, VeteranStatus

SPECIALTY = "specialty:"


def _importance(request: m.MatchRequest, weights: Weights | None) -> tuple:
    """The participant's importance per part, scaled by their programme's weights.

    The engine scores with ``Weights()`` × importance, so folding ``programme weight /
    default weight`` into importance scores each participant by their own programme's
    weights within one batch solve."""
    stated = {part: float(v) for part, v in (request.importance or {}).items()}
    if weights is None:
        return tuple(stated.items())
    default = Weights()
    out = []
    for part in PARTS:
        base = getattr(default, part)
        out.append((part, stated.get(part, 1.0) * getattr(weights, part) / base if base else 0.0))
    return tuple(out)


def seeker_from(request: m.MatchRequest, weights: Weights | None = None) -> Seeker:
    """The engine's view of a waitlisted participant (ids are the request's pk), scored
    with ``weights`` (their programme's, when it has its own)."""
    participant = request.participant
    return Seeker(
        id=request.pk,
        languages=tuple(request.languages),
        veteran=participant.veteran_status == VeteranStatus.YES,
        lived_experience=frozenset(participant.lived_experience),
        pathways=frozenset(participant.recovery_pathways),
        identities=frozenset(request.identities) | {SPECIALTY + s for s in request.specialties},
        availability=frozenset(request.availability),
        lat=request.latitude,
        lon=request.longitude,
        modes=frozenset(request.modes),
        must=Must(
            language=request.must_language or None,
            mentor_gender=request.must_mentor_gender or None,
            max_km=float(request.must_max_km) if request.must_max_km is not None else None,
        ),
        importance=_importance(request, weights),
    )


def mentor_from(profile: m.MentorProfile, room: int) -> Mentor:
    return Mentor(
        id=profile.pk,
        languages=tuple(profile.languages),
        gender=profile.gender,
        veteran=profile.veteran,
        lived_experience=frozenset(profile.lived_experience),
        pathways=frozenset(profile.recovery_pathways),
        identities=frozenset(profile.identities) | {SPECIALTY + s for s in profile.specialties},
        availability=frozenset(profile.availability),
        lat=profile.latitude,
        lon=profile.longitude,
        modes=frozenset(profile.modes),
        capacity=max(0, room),
    )


def instance_from(requests, mentors_with_room, forbidden) -> Instance:
    """Requests must come with ``programme`` (and its ``matching_weights``) loaded."""
    return Instance(
        participants=tuple(seeker_from(r, weights_for(r.programme)) for r in requests),
        mentors=tuple(mentor_from(p, room) for p, room in mentors_with_room),
        forbidden=frozenset(forbidden),
    )


def weights_for(programme) -> Weights | None:
    """The programme's own weights, or None for the defaults."""
    if programme is None:
        return None
    try:
        return Weights.from_mapping(programme.matching_weights.weights)
    except m.ProgrammeWeights.DoesNotExist:
        return None


def _labels(choices, codes) -> list[str]:
    names = dict(choices.choices)
    return [str(names.get(code, code)) for code in codes]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def slot_labels(codes) -> list[str]:
    names = dict(m.SLOTS)
    return [str(names.get(code, code)) for code in codes]


def reason_text(code: str, values) -> str:
    """One reason in the reader's language, e.g. “both speak Spanish”."""
    values = list(values)
    if code == "experience":
        return _("both have lived experience of %(what)s") % {
            "what": _join(_labels(LivedExperience, values)).lower()
        }
    if code == "veteran":
        return _("both are veterans")
    if code == "language":
        return _("both speak %(languages)s") % {"languages": _join(_labels(m.Language, values))}
    if code == "identity":
        shared = [v for v in values if not v.startswith(SPECIALTY)]
        wanted = [v[len(SPECIALTY) :] for v in values if v.startswith(SPECIALTY)]
        parts = []
        if shared:
            parts.append(
                _("both identify as %(identities)s")
                % {"identities": _join(_labels(m.Identity, shared))}
            )
        if wanted:
            parts.append(
                _("mentor specialises in %(specialties)s")
                % {"specialties": _join(_labels(m.Specialty, wanted)).lower()}
            )
        return "; ".join(parts)
    if code == "pathway":
        return _("both follow %(pathways)s") % {"pathways": _join(_labels(RecoveryPathway, values))}
    if code == "availability":
        order = {slot: i for i, (slot, _label) in enumerate(m.SLOTS)}
        values = sorted(values, key=lambda v: order.get(v, len(order)))
        shown = slot_labels(values[:3])
        if len(values) > 3:
            shown.append(
                ngettext("%(count)d more", "%(count)d more", len(values) - 3)
                % {"count": len(values) - 3}
            )
        return _("overlapping %(slots)s") % {"slots": _join(shown)}
    if code == "distance":
        return _("%(km)s km apart") % {"km": values[0]}
    return code


def reasons_text(reasons) -> list[str]:
    """The reasons in words, leaving out the one nobody needs told (both speak English)."""
    return [
        reason_text(code, values)
        for code, values in reasons
        if not (code == "language" and list(values) == ["en"])
    ]


def reasons_codes(reasons: tuple[Reason, ...]) -> list:
    return [[r.code, list(r.values)] for r in reasons]


def unmatched_text(why: str, detail) -> str:
    detail = list(detail)
    if why == "no_mentor_room":
        return _("no mentor has room for another mentee")
    if why == "no_language":
        return _("no mentor speaks %(language)s") % {"language": _join(_labels(m.Language, detail))}
    if why == "no_gender":
        return _("no mentor with room is %(gender)s") % {
            "gender": _join(_labels(m.Gender, detail)).lower()
        }
    if why == "no_mentor_within":
        return _("no mentor with room meets in person within %(km)s km") % {"km": detail[0]}
    if why == "no_mode":
        return _("no mentor meets by %(modes)s") % {"modes": _join(_labels(m.Mode, detail)).lower()}
    if why == "no_single_mentor":
        return _("no single mentor meets all of their must-haves")
    if why == "capacity_taken":
        return _("the mentors who meet their must-haves are full with others matched in this round")
    return why
