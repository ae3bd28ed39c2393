"""The people and places of the demo: two fictional peer-run organisations.

Everything here is invented. Phone numbers use 555-01xx (reserved for fiction), email
addresses use the reserved ``.example`` / ``example.com`` domains. The participants are
generated from a hand-written list of names with a fixed random seed, so every run builds
exactly the same demo; dates are kept relative ("12 days ago") and turned into real
datetimes by ``seed_demo``.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from hearth.core.policy import Role
from hearth.participants.models import (
    ContactPermission,
    DischargeReason,
    LivedExperience,
    ParticipantStatus,
    RecoveryPathway,
    VeteranStatus,
)

SEED = 2026
DEMO_PASSWORD = "hearth-demo-2026"  # noqa: S105 - a published demo password, never production
#: One authenticator secret for every demo staff account (base32, 160 bits). Published on
#: purpose so anyone trying the demo can add it to an authenticator app.
DEMO_TOTP_SECRET = "HEARTHDEMOTOTPSECRETNOTFORREALUS"  # noqa: S105

RCC = "Recovery Community Center"
WARMLINE = "Peer Warmline"
YOUNG_ADULTS = "Young Adults (18–25)"
VETERANS = "Veterans Peer Connection"


@dataclass(frozen=True)
class AccountSpec:
    key: str
    email: str
    display_name: str
    role: str
    credential: str = ""
    supervisor: str = ""  # key of the supervising peer supervisor
    preferred_language: str = ""
    manages: tuple[str, ...] = ()  # programme names


@dataclass(frozen=True)
class CrisisLineSpec:
    name: str
    phone: str
    description: str
    hours: str


@dataclass(frozen=True)
class ParticipantSpec:
    name: str
    preferred_name: str = ""
    pronouns: str = ""
    gender_identity: str = ""
    age: int = 0
    birthday_offset_days: int = 0
    race_ethnicity: str = ""
    preferred_language: str = ""
    veteran_status: str = ""
    lived_experience: tuple[str, ...] = ()
    recovery_pathways: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    may_leave_voicemail: str = ""
    may_text: str = ""
    may_email: str = ""
    safe_contact_notes: str = ""
    emergency_contact_name: str = ""
    emergency_contact_relationship: str = ""
    emergency_contact_phone: str = ""
    referral_source: str = ""
    notes: str = ""
    status: str = ParticipantStatus.ACTIVE
    discharge_reason: str = ""
    created_days_ago: float = 0
    status_days_ago: float = 0
    programmes: tuple[str, ...] = ()
    team: tuple[str, ...] = ()  # staff keys; the first is the primary peer specialist
    account: str = ""  # staff key of the sign-in account linked to this record


@dataclass(frozen=True)
class OrgSpec:
    slug: str
    name: str
    programmes: tuple[tuple[str, str], ...]
    crisis_lines: tuple[CrisisLineSpec, ...]
    accounts: tuple[AccountSpec, ...]
    participants: tuple[ParticipantSpec, ...] = field(default=())


# --- Riverbend ------------------------------------------------------------------------------

RIVERBEND_ACCOUNTS = (
    AccountSpec("admin", "admin@riverbend.example", "Denise Okafor", Role.ORG_ADMIN),
    AccountSpec(
        "manager",
        "manager@riverbend.example",
        "Luis Ortega",
        Role.PROGRAMME_MANAGER,
        manages=(RCC, WARMLINE),
    ),
    AccountSpec(
        "supervisor",
        "supervisor@riverbend.example",
        "Grace Whitehorse",
        Role.PEER_SUPERVISOR,
        credential="CRPS, NCPS",
    ),
    AccountSpec(
        "specialist",
        "specialist@riverbend.example",
        "Marcus Bell",
        Role.PEER_SPECIALIST,
        credential="CPS",
        supervisor="supervisor",
    ),
    AccountSpec(
        "especialista",
        "especialista@riverbend.example",
        "Lucía Herrera",
        Role.PEER_SPECIALIST,
        credential="CRPS",
        supervisor="supervisor",
        preferred_language="es",
    ),
    AccountSpec(
        "veterans",
        "veterans@riverbend.example",
        "Dwayne Carter",
        Role.PEER_SPECIALIST,
        credential="CPS (veteran peer)",
        supervisor="supervisor",
    ),
    AccountSpec("clinician", "clinician@riverbend.example", "Priya Raman", Role.CLINICIAN, "LCSW"),
    AccountSpec("participant", "participant@riverbend.example", "Jordan Ellis", Role.PARTICIPANT),
    AccountSpec("member", "member@riverbend.example", "MorningLight", Role.COMMUNITY_MEMBER),
)

RIVERBEND_PROGRAMMES = (
    (
        RCC,
        "Drop-in recovery community centre: recovery café, all-recovery meetings, "
        "1:1 peer coaching and help connecting to housing, jobs and treatment.",
    ),
    (WARMLINE, "A phone line answered by peers for anyone who is struggling but not in crisis."),
    (
        YOUNG_ADULTS,
        "Peer support by and for young adults: weekly group, 1:1 mentoring, school and work goals.",
    ),
    (VETERANS, "Veteran-to-veteran peer support, with links to VA and community services."),
)

RIVERBEND_CRISIS_LINES = (
    CrisisLineSpec(
        "Riverbend County Mobile Crisis",
        "555-555-0111",
        "A crisis team comes to you anywhere in Riverbend County.",
        "24/7",
    ),
    CrisisLineSpec(
        "Riverbend Peer Warmline",
        "555-555-0123",
        "Talk with a peer when things are hard but it is not an emergency.",
        "Every day, 9 am to 11 pm",
    ),
)

# (name, gender code, race / ethnicity in the person's words, preferred language,
#  preferred name, flags: v = veteran, y = young adult 18–25)
# Gender codes: f woman, m man, nb non-binary, tm trans man, tw trans woman, 2s Two-Spirit,
# gq genderqueer, "" not asked yet.
RIVERBEND_PEOPLE: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Jordan Ellis", "nb", "Black and white (multiracial)", "English", "", "y"),
    ("María Guadalupe Hernández", "f", "Mexican American", "Spanish", "Lupe", ""),
    ("José Luis Ramírez", "m", "Latino", "Spanish", "", ""),
    ("Yesenia Morales", "f", "Puerto Rican", "English", "", ""),
    ("Carlos Castillo", "m", "Salvadoran", "Spanish", "", ""),
    ("Daniela Ortiz", "f", "Latina", "English and Spanish", "Dani", "y"),
    ("Alejandro Flores", "m", "Mexican", "Spanish", "Alex", ""),
    ("Rosa Delgado", "f", "Dominican", "Spanish", "", ""),
    ("Miguel Ángel Vargas", "m", "Latino", "English", "", "v"),
    ("Ximena Reyes-Soto", "nb", "Latinx", "English", "", "y"),
    ("Héctor Mendoza", "m", "Guatemalan, K'iche' Maya", "K'iche' and Spanish", "", ""),
    ("Valeria Cruz", "tw", "Latina", "Spanish", "", ""),
    ("Tomás García", "m", "Mexican American", "English", "Tommy", ""),
    ("Keisha Washington", "f", "Black", "English", "", ""),
    ("Andre Coleman", "m", "African American", "English", "", "v"),
    ("Tamika Brooks", "f", "Black", "English", "", ""),
    ("DeShawn Robinson", "m", "African American", "English", "Shawn", ""),
    ("Imani Freeman", "f", "Black", "English", "", "y"),
    ("Jerome Harris", "m", "Black", "English", "", "v"),
    ("Nadège Pierre", "f", "Haitian American", "Haitian Creole", "", ""),
    ("Chidi Okonkwo", "m", "Nigerian American", "English", "", ""),
    ("Amina Hassan", "f", "Somali", "Somali", "", ""),
    ("Darnell Jackson", "m", "African American", "English", "", ""),
    ("Heather Sullivan", "f", "White", "English", "", ""),
    ("Travis Miller", "m", "White", "English", "", "v"),
    ("Kayla Kowalski", "f", "White (Polish American)", "English", "", "y"),
    ("Cody Baker", "m", "White, Appalachian", "English", "", "y"),
    ("Amanda Murphy", "f", "Irish American", "English", "Mandy", ""),
    ("Dustin Schneider", "m", "White", "English", "", ""),
    ("Jessica Hughes", "f", "White", "English", "Jess", ""),
    ("Brian Olsen", "m", "White", "English", "", ""),
    ("Sam Novak", "tm", "White", "English", "", ""),
    ("Olena Kovalenko", "f", "Ukrainian", "Ukrainian", "", ""),
    ("Ray Dawson", "m", "White", "English", "", "v"),
    ("Brittany Cole", "f", "White", "English", "", "v"),
    ("Linh Nguyễn", "f", "Vietnamese American", "Vietnamese", "", ""),
    ("Minh Trần", "m", "Vietnamese", "Vietnamese", "", ""),
    ("Thúy Phạm", "f", "Vietnamese American", "English and Vietnamese", "", ""),
    ("Wei Chen", "m", "Chinese American", "Mandarin", "", ""),
    ("Ji-woo Kang", "nb", "Korean American", "English", "", "y"),
    ("Maricel Santos", "f", "Filipina", "Tagalog and English", "", ""),
    ("Jomar Dela Cruz", "m", "Filipino American", "English", "", "y"),
    ("Anjali Patel", "f", "Indian American", "English", "", ""),
    ("Kenji Watanabe", "m", "Japanese American", "English", "", "v"),
    ("Sione Tupou", "m", "Tongan", "English and Tongan", "", ""),
    ("Shandiin Begay", "f", "Diné (Navajo)", "English", "", ""),
    ("Darrell Yazzie", "m", "Diné (Navajo)", "English and Navajo", "", "v"),
    ("Autumn Brings Plenty", "f", "Lakota", "English", "", ""),
    ("Leona Cornsilk", "f", "Cherokee Nation", "English", "", ""),
    ("Tyler Kingbird", "2s", "Ojibwe", "English", "", "y"),
    ("Raven Tsosie", "f", "Diné (Navajo)", "English", "", ""),
    ("Omar Haddad", "m", "Lebanese American", "Arabic and English", "", ""),
    ("Layla Mansour", "f", "Arab American", "English", "", ""),
    ("Yusuf Khalil", "m", "Middle Eastern / North African", "Arabic", "", ""),
    ("Rania Saleh", "f", "Yemeni American", "Arabic", "", ""),
    ("Samir Aziz", "m", "Iraqi American", "Arabic and English", "", ""),
    ("Noor Abdullah", "f", "Palestinian American", "English", "", ""),
    ("Marisol Washington-Reyes", "f", "Black and Puerto Rican", "English and Spanish", "", ""),
    ("Eli Strand", "gq", "", "English", "", ""),
    ("Patrick O'Neill", "", "Prefers not to say", "English", "Pat", ""),
)

# --- Harbor ---------------------------------------------------------------------------------

HARBOR_ACCOUNTS = (
    AccountSpec("admin", "admin@harbor.example", "Renée Dubois", Role.ORG_ADMIN),
    AccountSpec(
        "specialist",
        "specialist@harbor.example",
        "Terrence Mills",
        Role.PEER_SPECIALIST,
        credential="CPS",
    ),
)

HARBOR_PROGRAMMES = (
    ("Harbor Drop-In Center", "Peer-run drop-in space by the ferry terminal."),
    ("Reentry Peer Support", "Peers with justice involvement supporting people coming home."),
)

HARBOR_CRISIS_LINES = (
    CrisisLineSpec(
        "Harbor County Crisis Response",
        "555-555-0142",
        "Mobile crisis team for Harbor County.",
        "24/7",
    ),
)

HARBOR_PEOPLE: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Bao Tran", "m", "Vietnamese American", "Vietnamese", "", ""),
    ("Fatima Benali", "f", "Moroccan American", "Arabic and French", "", ""),
    ("Kevin O'Brien", "m", "White", "English", "", ""),
    ("Tanya Whitfield", "f", "Black", "English", "", ""),
    ("Lupita Navarro", "f", "Mexican American", "Spanish", "", ""),
    ("Aiden Clarke", "nb", "White", "English", "", "y"),
    ("Malik Johnson", "m", "African American", "English", "", "v"),
    ("Hannah Yoon", "f", "Korean American", "English", "", ""),
)

# --- Pools the generator draws from ---------------------------------------------------------

GENDERS = {
    "f": (("she/her", "Woman"), ("she/her", "Female"), ("she/they", "Woman")),
    "m": (("he/him", "Man"), ("he/him", "Male")),
    "nb": (("they/them", "Non-binary"),),
    "tm": (("he/him", "Trans man"),),
    "tw": (("she/her", "Trans woman"),),
    "2s": (("they/them", "Two-Spirit"),),
    "gq": (("they/he", "Genderqueer"),),
    "": (("", ""),),
}

REFERRAL_SOURCES = (
    "Self-referred",
    "Self-referred",
    "Riverbend General Hospital ED",
    "Riverbend County Drug Court",
    "Northside Withdrawal Management",
    "Community Mental Health Center",
    "Street outreach team",
    "Peer Warmline call",
    "Reentry program",
    "Family member",
    "Primary care (Eastside Health Clinic)",
    "Riverbend Housing Authority",
)

SAFE_CONTACT_NOTES = (
    "Text first. Do not leave voicemail: shares a phone with partner.",
    "Weekday afternoons only; works nights.",
    "Best reached at the center on Tuesdays and Thursdays.",
    "Email only, from the library computer.",
    "Call after 5 pm. OK to say you are calling from Riverbend.",
    "Do not call before noon.",
    "Texts are fine; no details in the message, just ask to call back.",
    "Call the sister's number if the phone is off (minutes run out at month end).",
)

SPANISH_CONTACT_NOTE = "Prefers calls and texts in Spanish."

#: Relationship → the gender of the names drawn for it ("" = either).
RELATIONSHIPS = {
    "mother": "f", "sister": "f", "grandmother": "f", "aunt": "f", "daughter": "f",
    "father": "m", "brother": "m", "son": "m", "uncle": "m",
    "wife": "f", "husband": "m", "partner": "", "friend": "", "sponsor": "", "roommate": "",
    "case manager": "",
}  # fmt: skip
FAMILY = frozenset(
    {"mother", "sister", "grandmother", "aunt", "daughter", "father", "brother", "son", "uncle"}
)
#: First names for emergency contacts who are family (women, men), by a word in the
#: person's own race / ethnicity; anyone else draws from the general pool.
FAMILY_FIRST_NAMES = {
    ("Latin", "Mexican", "Puerto", "Salvador", "Dominican", "Guatemal"): (
        ("Ana", "Beatriz", "Carmen", "Elena", "Gloria", "Teresa", "Yolanda"),
        ("Javier", "Raúl", "Ernesto", "Rubén"),
    ),
    ("Vietnam",): (("Hoa", "Mai", "Lan", "Thảo"), ("Tuấn", "Hùng", "Quang")),
    ("Arab", "Leban", "Yemen", "Iraq", "Palestin", "Moroc", "Middle Eastern"): (
        ("Fatima", "Mariam", "Hana", "Samira"),
        ("Khalid", "Ibrahim", "Nabil"),
    ),
    ("Somali",): (("Hodan", "Faduma", "Ayaan"), ("Abdi", "Mohamed")),
    ("Filip",): (("Rosario", "Lourdes"), ("Ernesto", "Ramon")),
    ("Diné", "Lakota", "Cherokee", "Ojibwe"): (
        ("Loretta", "Irene", "Wanda"),
        ("Marvin", "Leroy", "Wilson"),
    ),
}  # fmt: skip
CONTACT_FIRST_NAMES = (
    ("Beverly", "Gloria", "Irene", "Karen", "Monica", "Patricia", "Rita", "Teresa", "Wanda",
     "Zoe", "Lorraine", "Ruth", "Denise"),
    ("David", "Frank", "Hank", "James", "Leon", "Nate", "Steve", "Victor", "Walter",
     "Curtis"),
)  # fmt: skip
CONTACT_SURNAMES = (
    "Alvarez", "Bennett", "Castro", "Dunn", "Evans", "Fischer", "Gomez", "Holt", "Ibrahim",
    "Jones", "Kim", "Lopez", "Moore", "Nolan", "Price", "Rivera", "Shaw", "Tran", "Young",
)  # fmt: skip

NOTES = (
    "Met at the Tuesday recovery café. Interested in the wellness plan (WRAP-style) class.",
    'Goal in their own words: "get my license back and drive my kids to school."',
    "Working on housing: on the Riverbend Housing Authority list since March.",
    "Likes walking meetings by the river rather than sitting in the office.",
    "Wants help finding a SMART Recovery meeting that fits a night-shift schedule.",
    "Started a part-time job at the food co-op. Celebrating 90 days.",
    "Prefers to meet at the library. Uneasy in clinical settings.",
    "Asked about becoming a peer specialist someday; shared info on CPS training.",
    "Grandmother is their main support; would like her invited to the family night.",
    "Uses harm reduction supplies from the outreach van; open to talking about MAT.",
)

LIVED_BY_FLAG = {
    "v": (LivedExperience.MILITARY, LivedExperience.TRAUMA),
    "y": (LivedExperience.MENTAL_HEALTH,),
}
# The common experiences appear more than once so they are drawn more often.
LIVED_COMMON = (
    LivedExperience.MENTAL_HEALTH,
    LivedExperience.MENTAL_HEALTH,
    LivedExperience.MENTAL_HEALTH,
    LivedExperience.SUBSTANCE_USE,
    LivedExperience.SUBSTANCE_USE,
    LivedExperience.ALCOHOL,
    LivedExperience.ALCOHOL,
    LivedExperience.OPIOIDS,
    LivedExperience.OPIOIDS,
    LivedExperience.TRAUMA,
    LivedExperience.STIMULANTS,
    LivedExperience.TRAUMA,
    LivedExperience.GRIEF,
    LivedExperience.HOMELESSNESS,
    LivedExperience.INCARCERATION,
    LivedExperience.PSYCHOSIS,
    LivedExperience.SUICIDAL,
    LivedExperience.FAMILY,
    LivedExperience.CHRONIC_ILLNESS,
    LivedExperience.PERINATAL,
    LivedExperience.EATING,
)
PATHWAYS = tuple(RecoveryPathway.values)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in " -")).lower()


def _email_for(name: str) -> str:
    parts = _ascii(name).replace("-", " ").split()
    return f"{parts[0]}.{parts[-1][0]}{len(name) % 10}@example.com"


def _phone(rng: random.Random) -> str:
    return f"555-555-01{rng.randrange(100):02d}"


def _speaks_spanish(language: str) -> bool:
    return "Spanish" in language


def _identity(rng: random.Random, row: tuple[str, str, str, str, str, str]) -> dict:
    name, gender, race, language, preferred, flags = row
    pronouns, gender_identity = rng.choice(GENDERS[gender])
    if "y" in flags:
        age = rng.randint(18, 25)
    elif "v" in flags:
        age = rng.randint(28, 72)
    else:
        age = rng.randint(26, 66)
    if "v" in flags:
        veteran = VeteranStatus.YES
    else:
        veteran = rng.choice(
            (VeteranStatus.NO,) * 6 + (VeteranStatus.UNKNOWN, VeteranStatus.DECLINED)
        )
    lived = list(LIVED_BY_FLAG.get(flags, ()))
    for code in rng.sample(LIVED_COMMON, rng.randint(1, 3)):
        if code not in lived:
            lived.append(code)
    pathways = rng.sample(PATHWAYS, rng.randint(1, 3))
    return {
        "name": name,
        "preferred_name": preferred,
        "pronouns": pronouns,
        "gender_identity": gender_identity,
        "age": age,
        "birthday_offset_days": rng.randrange(365),
        "race_ethnicity": race,
        "preferred_language": language,
        "veteran_status": veteran,
        "lived_experience": tuple(lived),
        "recovery_pathways": tuple(pathways),
    }


def _contact_first_name(rng: random.Random, relationship: str, race_ethnicity: str) -> str:
    women, men = CONTACT_FIRST_NAMES
    if relationship in FAMILY:
        for words, names in FAMILY_FIRST_NAMES.items():
            if any(word in race_ethnicity for word in words):
                women, men = names
                break
    gender = RELATIONSHIPS[relationship] or rng.choice("fm")
    return rng.choice(women if gender == "f" else men)


def _contact(rng: random.Random, name: str, language: str, race_ethnicity: str) -> dict:
    yes_no = (ContactPermission.YES, ContactPermission.YES, ContactPermission.NO, "")
    has_email = rng.random() < 0.5
    note = rng.choice(SAFE_CONTACT_NOTES) if rng.random() < 0.55 else ""
    if _speaks_spanish(language) and not note:
        note = SPANISH_CONTACT_NOTE
    contact = {
        "phone": _phone(rng) if rng.random() < 0.9 else "",
        "email": _email_for(name) if has_email else "",
        "may_leave_voicemail": ContactPermission.NO if "voicemail" in note else rng.choice(yes_no),
        "may_text": rng.choice(yes_no),
        "may_email": rng.choice(yes_no) if has_email else "",
        "safe_contact_notes": note,
    }
    if rng.random() < 0.75:
        relationship = rng.choice(tuple(RELATIONSHIPS))
        first = _contact_first_name(rng, relationship, race_ethnicity)
        surname = name.split()[-1] if relationship in FAMILY else rng.choice(CONTACT_SURNAMES)
        contact.update(
            emergency_contact_name=f"{first} {surname}",
            emergency_contact_relationship=relationship,
            emergency_contact_phone=_phone(rng),
        )
    return contact


def _riverbend_programmes(rng: random.Random, flags: str, status: str) -> tuple[str, ...]:
    chosen = []
    if status != ParticipantStatus.REFERRED or rng.random() < 0.5:
        if rng.random() < 0.75:
            chosen.append(RCC)
        if rng.random() < 0.25:
            chosen.append(WARMLINE)
    if "y" in flags:
        chosen.append(YOUNG_ADULTS)
    if "v" in flags:
        chosen.append(VETERANS)
    if not chosen and status != ParticipantStatus.REFERRED:
        chosen.append(RCC)
    return tuple(chosen)


def _harbor_programmes(rng: random.Random, flags: str, status: str) -> tuple[str, ...]:
    if status == ParticipantStatus.REFERRED:
        return ()
    drop_in, reentry = (name for name, _ in HARBOR_PROGRAMMES)
    return (drop_in, reentry) if rng.random() < 0.4 else (drop_in,)


def _statuses(
    rng: random.Random,
    count: int,
    *,
    waiting=(4.5, 6, 8, 11, 15),
    recent=(0.01, 0.03, 1.2, 2.1),
    inactive=6,
    discharged=(
        DischargeReason.GOALS_MET,
        DischargeReason.GOALS_MET,
        DischargeReason.MOVED,
        DischargeReason.TRANSFERRED,
        DischargeReason.LOST_CONTACT,
    ),
) -> list[dict]:
    """Status and timing for ``count`` people: a realistic mix, shuffled.

    By default (Riverbend): five referrals waiting more than three days (the "Needs
    attention" panel), two from today and two from the last couple of days, six inactive,
    five discharged with reasons, and everyone else active.
    """
    plan: list[dict] = []
    for days in (*waiting, *recent):
        plan.append({"status": ParticipantStatus.REFERRED, "created_days_ago": days})
    for _ in range(inactive):
        plan.append(
            {
                "status": ParticipantStatus.INACTIVE,
                "created_days_ago": rng.randint(90, 400),
                "status_days_ago": rng.randint(10, 60),
            }
        )
    for reason in discharged:
        plan.append(
            {
                "status": ParticipantStatus.DISCHARGED,
                "discharge_reason": reason,
                "created_days_ago": rng.randint(180, 600),
                "status_days_ago": rng.randint(5, 120),
            }
        )
    if len(plan) > count:
        raise ValueError("More non-active people planned than there are people")
    while len(plan) < count:
        created = rng.randint(14, 500)
        plan.append(
            {
                "status": ParticipantStatus.ACTIVE,
                "created_days_ago": created,
                "status_days_ago": max(created - rng.randint(1, 10), 1),
            }
        )
    rng.shuffle(plan)
    return plan


def _team(rng: random.Random, row, status_plan: dict, counters: dict) -> tuple[str, ...]:
    """Care team by the way peer programmes usually match: language and shared
    experience first, then whoever has room. Some people are deliberately left without a
    peer specialist, so the home page of whoever assigns care teams has work on it."""
    _, _, _, language, _, flags = row
    status = status_plan["status"]
    if status == ParticipantStatus.REFERRED:
        # Marcus has two referrals waiting more than three days and one from today; most
        # other referrals have no peer specialist yet.
        if status_plan["created_days_ago"] > 3 and counters["referred_waiting"] < 2:
            counters["referred_waiting"] += 1
            return ("specialist",)
        if status_plan["created_days_ago"] < 1 and not counters["referred_today"]:
            counters["referred_today"] += 1
            return ("specialist",)
        return ("especialista",) if _speaks_spanish(language) else ()
    if status == ParticipantStatus.ACTIVE:
        counters["active"] += 1
        if counters["active"] in (7, 19):
            return ()
    if _speaks_spanish(language):
        primary = "especialista"
    elif "v" in flags:
        primary = "veterans"
    else:
        primary = ("specialist", "specialist", "supervisor", "veterans", "especialista")[
            counters["rr"] % 5
        ]
        counters["rr"] += 1
    if rng.random() < 0.12:
        second = rng.choice([k for k in ("specialist", "especialista", "veterans") if k != primary])
        return (primary, second)
    return (primary,)


def _people(
    rows, plans: list[dict], *, rng: random.Random, with_notes: bool, team_for, programmes_for
) -> list[ParticipantSpec]:
    people = []
    for row, plan in zip(rows, plans, strict=True):
        spec = {
            **_identity(rng, row),
            **_contact(rng, row[0], row[3], row[2]),
            **plan,
            "referral_source": rng.choice(REFERRAL_SOURCES),
            "programmes": programmes_for(rng, row[5], plan["status"]),
            "team": team_for(row, plan),
        }
        if with_notes and rng.random() < 0.3:
            spec["notes"] = rng.choice(NOTES)
        people.append(ParticipantSpec(**spec))
    return people


def riverbend_participants() -> list[ParticipantSpec]:
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    counters = {"referred_waiting": 0, "referred_today": 0, "active": 0, "rr": 0}
    rows = RIVERBEND_PEOPLE[1:]
    people = _people(
        rows,
        _statuses(rng, len(rows)),
        rng=rng,
        with_notes=True,
        programmes_for=_riverbend_programmes,
        team_for=lambda row, plan: _team(rng, row, plan, counters),
    )
    # The participant demo login: an active, long-standing record with Marcus.
    jordan = _identity(rng, RIVERBEND_PEOPLE[0])
    jordan.update(_contact(rng, jordan["name"], jordan["preferred_language"], ""))
    jordan.update(
        preferred_name="Jo",
        safe_contact_notes="Texts are fine. Busy with classes until 3 pm on weekdays.",
        may_text=ContactPermission.YES,
        emergency_contact_name="Loretta Ellis",
        emergency_contact_relationship="grandmother",
        emergency_contact_phone="555-555-0164",
    )
    people.insert(
        0,
        ParticipantSpec(
            **jordan,
            referral_source="Self-referred",
            notes="Co-facilitates the Thursday young adults group. Goal: finish the GED by June.",
            status=ParticipantStatus.ACTIVE,
            created_days_ago=210,
            status_days_ago=205,
            programmes=(RCC, YOUNG_ADULTS),
            team=("specialist",),
            account="participant",
        ),
    )
    return people


def harbor_participants() -> list[ParticipantSpec]:
    rng = random.Random(SEED + 1)  # noqa: S311 - demo data, not security
    plans = _statuses(
        rng,
        len(HARBOR_PEOPLE),
        waiting=(5,),
        recent=(0.2,),
        inactive=1,
        discharged=(DischargeReason.GOALS_MET,),
    )
    return _people(
        HARBOR_PEOPLE,
        plans,
        rng=rng,
        with_notes=False,
        programmes_for=_harbor_programmes,
        team_for=lambda row, plan: (
            ("specialist",) if plan["status"] != ParticipantStatus.REFERRED else ()
        ),
    )


def organisations() -> list[OrgSpec]:
    return [
        OrgSpec(
            slug="riverbend",
            name="Riverbend Recovery Community",
            programmes=RIVERBEND_PROGRAMMES,
            crisis_lines=RIVERBEND_CRISIS_LINES,
            accounts=RIVERBEND_ACCOUNTS,
            participants=tuple(riverbend_participants()),
        ),
        OrgSpec(
            slug="harbor",
            name="Harbor Peer Network",
            programmes=HARBOR_PROGRAMMES,
            crisis_lines=HARBOR_CRISIS_LINES,
            accounts=HARBOR_ACCOUNTS,
            participants=tuple(harbor_participants()),
        ),
    ]


# --- Riverbend's billing, plans and sessions -----------------------------------------------
#
# Only Riverbend gets sessions and plans: one organisation with a month of realistic work
# is enough to walk through writing, signing, co-signing and billing a note.


@dataclass(frozen=True)
class PayerSpec:
    name: str
    modifiers: str
    daily_unit_cap: int
    cosign_required: bool
    certified_renderer_required: bool = True


MEDICAID = "Riverbend County Medicaid"
BLOCK_GRANT = "State Block Grant"
RIVERBEND_PAYERS = (
    PayerSpec(MEDICAID, modifiers="", daily_unit_cap=16, cosign_required=True),
    # The grant pays for peers in training too, so it does not ask for a certification.
    PayerSpec(
        BLOCK_GRANT,
        modifiers="HF",
        daily_unit_cap=24,
        cosign_required=False,
        certified_renderer_required=False,
    ),
)


@dataclass(frozen=True)
class CertificationSpec:
    account: str  # staff key
    name: str
    number: str
    issued_days_ago: int = 730
    #: Otherwise it expires on the same day next year.
    expired_last_month: bool = False


CERTIFICATION_ISSUER = "State Peer Certification Board (fictional)"
RIVERBEND_CERTIFICATIONS = (
    CertificationSpec("supervisor", "CRPS", "CRPS-10417", issued_days_ago=1460),
    CertificationSpec("specialist", "CPS", "CPS-22871"),
    CertificationSpec("especialista", "CRPS", "CRPS-30552"),
    # Dwayne's renewal is pending: his certificate ran out last month, so the rejects
    # report has "renderer not certified" lines to explain.
    CertificationSpec(
        "veterans", "CPS", "CPS-19930", issued_days_ago=1100, expired_last_month=True
    ),
)
#: The peer specialists whose caseloads get sessions, most sessions first.
SESSION_PEERS = (("specialist", 45), ("especialista", 38), ("veterans", 22))

# Goals in the person's own words, by SAMHSA's four dimensions of recovery.
GOALS = {
    "health": (
        "Sleep through the night most nights",
        "Get back to the dentist, it's been years",
        "Walk by the river three mornings a week",
        "Take my meds without my sister having to remind me",
        "Find a doctor who actually listens to me",
        "Stay sober through my birthday",
    ),
    "home": (
        "Have my own place with a door that locks",
        "Get my name on a lease by the fall",
        "Keep the apartment nice enough to have my kids over",
        "Save up the security deposit",
        "Stop couch-surfing",
    ),
    "purpose": (
        "Finish my GED",
        "Get a job where I'm not on my feet all day",
        "Go back to volunteering at the food pantry",
        "Get my driver's license back",
        "Learn to cook five real meals",
    ),
    "community": (
        "Have two people I can call when it gets bad",
        "Find a meeting I actually like and go every week",
        "Make things right with my brother",
        "Read something at the Thursday open mic",
        "Spend Sundays with my grandkids again",
    ),
}
GOALS_ES = {
    "health": ("Dormir bien la mayoría de las noches", "Ir al médico sin miedo"),
    "home": ("Tener mi propio apartamento", "Arreglar los papeles de la vivienda"),
    "purpose": ("Sacar mi licencia de conducir", "Encontrar un trabajo de día"),
    "community": ("Volver a la iglesia los domingos", "Hablar otra vez con mi hija"),
}
STEPS = {
    "health": ("Put the phone in the kitchen at 10 pm", "Call the clinic for an appointment"),
    "home": ("Fill in the housing authority form", "Ask about the rapid re-housing list"),
    "purpose": ("Sign up for the Tuesday GED class", "Update my résumé at the library"),
    "community": ("Try the Saturday all-recovery meeting", "Text one person each week"),
}
STRENGTHS = (
    "Funny, stubborn in a good way, good with my hands.",
    "I show up. I've kept every appointment this year.",
    "My kids. I'm a good listener and people trust me.",
    "I know the bus system better than anyone and I'm not afraid to ask for help now.",
    "Made it through the winter. I can cook, and I like helping people at the center.",
)
PROGRESS_NOTES = (
    "Halfway there, feels doable now",
    "Slipped a bit last week but back on it",
    "Did it twice this week!",
    "Harder than I thought, still want it",
)
JORDAN_GOALS = (
    ("purpose", "Finish my GED by June", "Sign up for the Tuesday GED class"),
    (
        "community",
        "Keep co-facilitating the Thursday group",
        "Plan next month's topics with Marcus",
    ),
    ("health", "Sleep before midnight on school nights", "Put the phone in the kitchen at 10 pm"),
)

SESSION_SUMMARIES = (
    "Met at the center and went over the plan together.",
    "Talked about the week, what went well and what was hard.",
    "Worked on the housing application side by side.",
    "Shared my own experience of early recovery and what helped me with cravings.",
    "Looked up meetings near the new bus route and picked one to try.",
    "Practised what to say at the appointment on Thursday.",
    "Went through the budget worksheet line by line.",
    "Checked in after a hard weekend; talked through what happened without judgement.",
)
RESPONSES = (
    '"I didn\'t think I could do this part on my own. Now I know where to start."',
    '"It helps to hear you went through it too."',
    "\"I'm tired but I'm still here. That counts.\"",
    '"I want to try the Saturday meeting. Will you be there?"',
    '"This week was rough, but I called you instead of going back. That\'s new."',
    '"I feel like a grown-up filling in these forms."',
    "Quiet at first, then talked more once we got outside. Said the walk helped.",
    '"I\'m proud of myself for the first time in a while."',
)
NEXT_STEPS = (
    "Meet again next week at the center. Bring the ID letter.",
    "Participant will call the housing office Monday; I will check in by text Tuesday.",
    "Try the Saturday meeting; I'll meet them at the door.",
    "Follow up on the clinic appointment and update the plan at our next session.",
    "Keep the sleep log for a week and we'll look at it together.",
    "Practise the interview questions once more before Friday.",
)
CONTACT_ATTEMPT_NOTE = (
    "Called the number on file, no answer. Left a voicemail (voicemail is OK per the record).",
    "Will try again Thursday afternoon and send a text.",
)
OUTREACH_NOTE = (
    "Stopped by the shelter during outreach hours; they were glad to see a familiar face.",
    "Will bring the meeting list next time and ask about the GED class.",
)
ADDENDUM_TEXT = (
    "Correction: the housing appointment is on the 14th, not the 12th as written above. "
    "Confirmed with the participant by phone today."
)
SAFETY_PLAN = {
    "warning_signs": "Not answering texts. Staying in bed past noon. Thinking nobody would notice.",
    "coping_strategies": "Walk to the river. Music loud in headphones. Cold water on my face.",
    "social_distractions": "The recovery café. My cousin's kitchen. The library on Main St.",
    "people_to_ask": "My cousin (555-555-0111). Marcus at Riverbend. My sponsor.",
    "professionals": "988 (call or text). Riverbend County Mobile Crisis. My clinic.",
    "safe_environment": "Meds stay with my cousin, I get a week at a time.",
    "reasons_for_living": "My daughter. Seeing the river in the morning. Finishing what I started.",
}
WELLNESS_PLAN = {
    "wellness_toolbox": "Walks, the Thursday group, cooking, calling my grandmother.",
    "daily_maintenance": "Up by 8, eat breakfast, one thing for my goals, one call to a friend.",
    "triggers": "Money trouble. Payday. Running into old friends downtown.",
    "triggers_action": "Call my peer specialist, go to a meeting that day, don't carry cash.",
    "early_warning_signs": "Skipping meals, cancelling plans, staying up all night.",
    "early_warning_action": "Tell someone. Go back to the daily plan. Book a session.",
    "breaking_down": "Not leaving the house, not answering anyone.",
    "breaking_down_action": "Let my support people in. Call 988 if I need to.",
    "crisis_plan": "Supporters: my grandmother, Marcus. I don't want the ER unless I'm unsafe.",
    "post_crisis_plan": "Take it a day at a time; back to the group when I'm ready.",
}
