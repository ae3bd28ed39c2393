"""Demo data for peer mentoring, loaded by ``seed_demo`` for Riverbend: 16 mentor profiles
(four peer specialists with sign-ins, twelve trained volunteers without), a 40-person
waitlist with preferences, and a history of earlier matches for the outcomes report.
Idempotent: only what is missing is created."""

from __future__ import annotations

import random
from datetime import timedelta

from hearth.matching.bridge import mentor_from, reasons_codes, seeker_from
from hearth.matching.engine import part_values, score_pair
from hearth.matching.engine.scoring import reasons
from hearth.matching.models import (
    EndReason,
    Match,
    MatchRequest,
    MatchStatus,
    MentorKind,
    MentorProfile,
    RequestStatus,
    Source,
)
from hearth.participants.models import Participant, ParticipantStatus

AREAS = {
    "Downtown": (41.081, -81.519),
    "Northside": (41.112, -81.522),
    "Eastgate": (41.079, -81.468),
    "Westview": (41.094, -81.582),
    "Riverside": (41.052, -81.531),
    "Millbrook": (41.031, -81.459),
    "Cedar Hill": (41.131, -81.571),
}
ALL_SLOTS = [
    f"{d}_{p}"
    for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    for p in ("morning", "afternoon", "evening")
]

# (name, account key or "", gender, languages, veteran, lived experience, pathways,
#  identities, specialties, modes, home base, capacity, about)
MENTORS = (
    ("Marcus B.", "specialist", "man", ["en"], False, ["substance_use", "opioids", "incarceration"],
     ["medication", "twelve_step"], ["black"], ["justice_involved"], ["in_person", "phone"],
     "Downtown", 3, "Eleven years in recovery from opioids. I came home from prison in 2014 and "
     "know how hard the first months are."),
    ("Lucía H.", "especialista", "woman", ["es", "en"], False,
     ["alcohol", "trauma", "mental_health"], ["peer", "faith"], ["latine", "parent"], ["family"],
     ["in_person", "phone", "video"], "Eastgate", 4,
     "Madre de tres, en recuperación del alcohol desde 2016. Hablo español e inglés."),
    ("Dwayne C.", "veterans", "man", ["en"], True, ["military", "trauma", "alcohol"],
     ["twelve_step", "clinical"], ["rural"], ["veterans"], ["in_person", "phone"],
     "Northside", 3, "Army veteran, two tours. Recovery from PTSD and alcohol; I run the Tuesday "
     "veterans' circle."),
    ("Grace W.", "supervisor", "woman", ["en", "nv"], False, ["grief", "substance_use"],
     ["cultural", "wellness"], ["indigenous"], ["older_adults"], ["in_person", "video"],
     "Cedar Hill", 2, "Diné. Healing through culture and community after losing my brother."),
    ("Rosa D.", "", "woman", ["es", "en"], False, ["perinatal", "substance_use", "opioids"],
     ["medication", "harm_reduction"], ["latine", "parent"], ["perinatal"],
     ["in_person", "phone", "video"], "Riverside", 3,
     "I got well while pregnant with my daughter, on methadone. Ask me anything."),
    ("Tomás R.", "", "man", ["es", "en"], False, ["alcohol", "incarceration", "homelessness"],
     ["twelve_step", "faith"], ["latine", "immigrant", "faith_community"], ["justice_involved"],
     ["in_person", "phone"], "Westview", 3, "Slept outside for two winters. Sober nine years."),
    ("Linh T.", "", "woman", ["vi", "en"], False, ["mental_health", "trauma", "grief"],
     ["clinical", "wellness"], ["asian", "immigrant"], ["family"], ["phone", "video"],
     "Millbrook", 2, "Living well with depression. Tôi nói tiếng Việt."),
    ("Amina Y.", "", "woman", ["so", "ar", "en"], False,
     ["trauma", "mental_health", "chronic_illness"], ["faith", "wellness"],
     ["immigrant", "faith_community"], ["family"], ["in_person", "phone"], "Eastgate", 3,
     "Came to Riverbend as a refugee in 2009."),
    ("Jean-Baptiste P.", "", "man", ["ht", "fr", "en"], False, ["substance_use", "alcohol"],
     ["faith", "twelve_step"], ["immigrant", "faith_community", "black"], [],
     ["in_person", "phone"], "Downtown", 2, "Mwen pale kreyòl. Sober since 2012."),
    ("Sam K.", "", "nonbinary", ["en"], False, ["mental_health", "eating", "suicidal"],
     ["peer", "clinical"], ["lgbtq"], ["lgbtq", "youth"], ["phone", "video"],
     "Northside", 3, "Queer, 27, survived a suicide attempt at 19. Here for young people."),
    ("Keisha B.", "", "woman", ["en"], False, ["substance_use", "stimulants", "homelessness"],
     ["harm_reduction", "peer"], ["black", "parent"], ["family"], ["in_person", "phone"],
     "Riverside", 3, "Mother, former crack user, now a harm-reduction outreach volunteer."),
    ("Ray T.", "", "man", ["en"], True, ["military", "opioids", "chronic_illness"],
     ["medication", "natural"], ["rural"], ["veterans", "older_adults"], ["in_person", "phone"],
     "Millbrook", 3, "Navy, chronic pain, opioid recovery on buprenorphine."),
    ("Megan O.", "", "woman", ["en"], False, ["alcohol", "family", "mental_health"],
     ["twelve_step", "smart"], ["parent"], ["family"], ["in_person", "phone", "video"],
     "Westview", 3, "Daughter of an alcoholic and sober myself since 2018."),
    ("Daniel K.", "", "man", ["en"], False, ["stimulants", "psychosis", "mental_health"],
     ["clinical", "smart"], ["asian"], ["co_occurring"], ["in_person", "video"],
     "Downtown", 3, "Meth-induced psychosis in 2015; well and working today."),
    ("Alicia M.", "", "woman", ["en", "es"], False, ["substance_use", "trauma", "incarceration"],
     ["peer", "harm_reduction"], ["latine", "lgbtq"], ["justice_involved", "lgbtq"],
     ["in_person", "phone", "video"], "Cedar Hill", 3, "Out, proud, and six years clean."),
    ("Pat G.", "", "man", ["en"], False, ["alcohol", "grief"], ["natural", "wellness"], ["rural"],
     ["older_adults"], ["in_person", "phone"], "Northside", 2,
     "Retired machinist, 68. Quit drinking after my wife died."),
)  # fmt: skip

LANGUAGES = {
    "Spanish": (["es"], "es"),
    "English and Spanish": (["en", "es"], ""),
    "Vietnamese": (["vi"], "vi"),
    "English and Vietnamese": (["en", "vi"], ""),
    "Arabic": (["ar"], "ar"),
    "Arabic and English": (["ar", "en"], ""),
    "K'iche' and Spanish": (["es"], "es"),
    "Haitian Creole": (["ht"], "ht"),
    "Somali": (["so"], "so"),
    "Ukrainian": (["uk"], "uk"),
    "Mandarin": (["zh"], "zh"),
    "English and Navajo": (["en", "nv"], ""),
}
GENDERS = {"woman": "woman", "female": "woman", "trans woman": "woman", "man": "man",
           "male": "man", "trans man": "man"}  # fmt: skip
IDENTITY_HINTS = {
    "latin": "latine", "hispanic": "latine", "black": "black", "african": "black",
    "native": "indigenous", "diné": "indigenous", "navajo": "indigenous", "asian": "asian",
    "vietnam": "asian", "chinese": "asian", "filipin": "asian",
}  # fmt: skip


def _mentors(org, accounts, created) -> list[MentorProfile]:
    out = []
    for row in MENTORS:
        (name, key, gender, langs, veteran, lived, paths, ids, specs, modes, base, cap, about) = row
        profile = MentorProfile.objects.filter(organisation=org, public_name=name).first()
        if profile is None:
            lat, lon = AREAS[base]
            rng = random.Random(name)  # noqa: S311 - demo data
            start = rng.randrange(len(ALL_SLOTS))
            slots = sorted(
                {ALL_SLOTS[(start + rng.choice([0, 1, 3, 4, 6, 9, 12])) % 21] for _ in range(8)}
            )
            profile = MentorProfile(
                organisation=org,
                user=accounts.get(key) if key else None,
                kind=MentorKind.PEER_SPECIALIST if key else MentorKind.VOLUNTEER,
                public_name=name,
                about=about,
                gender=gender,
                languages=langs,
                veteran=veteran,
                lived_experience=lived,
                recovery_pathways=paths,
                identities=ids,
                specialties=specs,
                modes=modes,
                home_base=base,
                latitude=lat,
                longitude=lon,
                availability=slots,
                capacity=cap,
            )
            profile.full_clean()
            profile.save()
            created["mentor profiles"] = created.get("mentor profiles", 0) + 1
        out.append(profile)
    return out


def _preferences(rng: random.Random, participant: Participant) -> dict:
    languages, must_language = LANGUAGES.get(participant.preferred_language, (["en"], ""))
    gender = GENDERS.get(participant.gender_identity.strip().lower(), "")
    area = rng.choice(list(AREAS))
    lat, lon = AREAS[area]
    race = participant.race_ethnicity.lower()
    identities = sorted({v for k, v in IDENTITY_HINTS.items() if k in race})
    if rng.random() < 0.3:
        identities.append("parent")
    modes = rng.choice(
        [["in_person", "phone"], ["in_person", "phone", "video"], ["phone", "video"]]
    )
    start = rng.randrange(len(ALL_SLOTS))
    slots = sorted({ALL_SLOTS[(start + rng.choice([0, 1, 3, 6, 9])) % 21] for _ in range(4)})
    specialties = []
    if participant.veteran_status == "yes":
        specialties.append("veterans")
    if "perinatal" in participant.lived_experience:
        specialties.append("perinatal")
    if "incarceration" in participant.lived_experience:
        specialties.append("justice_involved")
    return {
        "languages": languages,
        "identities": identities,
        "specialties": specialties,
        "modes": modes,
        "availability": slots,
        "area": area,
        "latitude": lat + rng.uniform(-0.01, 0.01),
        "longitude": lon + rng.uniform(-0.01, 0.01),
        "must_language": must_language,
        "must_mentor_gender": gender if gender == "woman" and rng.random() < 0.4 else "",
        "must_max_km": rng.choice([10, 15])
        if "in_person" in modes and rng.random() < 0.2
        else None,
        "importance": {"experience": 2, "language": 2} if rng.random() < 0.5 else {},
    }


def _history(org, people, mentors, rng, now, created) -> None:
    """Earlier matches (requests closed), for the outcomes report."""
    endings = [EndReason.GOALS_MET, EndReason.MOVED, EndReason.PARTICIPANT_STOPPED,
               EndReason.LOST_CONTACT, EndReason.REMATCH, None, None]  # fmt: skip
    for participant in people:
        if MatchRequest.objects.filter(participant=participant).exists():
            continue
        item = MatchRequest(
            organisation=org, participant=participant, status=RequestStatus.CLOSED,
            **_preferences(rng, participant),
        )  # fmt: skip
        item.full_clean()
        item.save()
        mentor = rng.choice(mentors)
        seeker, row = seeker_from(item), mentor_from(mentor, 1)
        started = now - timedelta(days=rng.randint(40, 300))
        ending = rng.choice(endings)
        ended = started + timedelta(days=rng.randint(10, 200)) if ending else None
        if ended and ended > now:
            ended, ending = None, None
        if ending is None:
            item.status = RequestStatus.MATCHED
            item.save(update_fields=["status"])
        Match.objects.create(
            organisation=org,
            request=item,
            participant=participant,
            mentor=mentor,
            source=Source.BATCH,
            status=MatchStatus.ENDED if ending else MatchStatus.ACTIVE,
            score=round(score_pair(seeker, row), 2),
            parts=part_values(seeker, row),
            reasons=reasons_codes(tuple(reasons(seeker, row))),
            offered_at=started - timedelta(days=3),
            mentor_accepted_at=started,
            participant_accepted_at=started,
            started_at=started,
            ended_at=ended,
            end_reason=ending or "",
        )
        if ending is None:
            # An ongoing match holds a place: give the mentor one more, so the demo
            # waitlist still has the room it was planned with.
            MentorProfile.objects.filter(pk=mentor.pk).update(capacity=mentor.capacity + 1)
            mentor.capacity += 1
        created["mentoring matches"] = created.get("mentoring matches", 0) + 1


def load_demo(org, accounts, created: dict[str, int], *, now) -> None:
    """Create this app's demo records for ``org`` (idempotent: only what is missing)."""
    rng = random.Random(4)  # noqa: S311 - demo data, not security
    mentors = _mentors(org, accounts, created)
    current = list(
        Participant.objects.filter(
            organisation=org, status__in=[ParticipantStatus.ACTIVE, ParticipantStatus.REFERRED]
        ).order_by("created_at", "pk")
    )
    waiting, rest = current[:40], current[40:]
    rest += list(
        Participant.objects.filter(organisation=org)
        .exclude(status__in=[ParticipantStatus.ACTIVE, ParticipantStatus.REFERRED])
        .order_by("pk")
    )
    for i, participant in enumerate(waiting):
        if MatchRequest.objects.filter(participant=participant).exists():
            continue
        item = MatchRequest(
            organisation=org, participant=participant, **_preferences(rng, participant)
        )
        item.full_clean()
        item.save()
        # Spread the waiting dates over the last six weeks, first come first.
        MatchRequest.objects.filter(pk=item.pk).update(requested_at=now - timedelta(days=42 - i))
        created["waitlist"] = created.get("waitlist", 0) + 1
    _history(org, rest, mentors, rng, now, created)
