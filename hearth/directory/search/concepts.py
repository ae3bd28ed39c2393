"""The lay-language lexicon: what people say, in English and Spanish, mapped to the kinds of
help a directory lists (pure: no Django).

Each *concept* has trigger phrases. A service whose text (name, description, taxonomy
terms, languages) contains a trigger is tagged with the concept's index token at index time;
a query containing a trigger adds that token to the full-text query. So "detox" finds a
listing that only says "withdrawal management", "albergue" finds an English "emergency
shelter", and "suboxone doctor" finds "buprenorphine (MOUD)" — in both directions and across
the two languages, without a per-synonym query explosion.

Triggers are matched on analysed tokens (folded, stop words dropped, stemmed), so
"somewhere to sleep", "Somewhere to SLEEP" and "somewhere 2 sleep" need one entry, and
word order inside a trigger matters ("rent help" and "help with rent" are both listed).
Very ambiguous short words (AA, NA, VA, MAT, "work") are deliberately absent from the
document side; they are listed under ``QUERY_ONLY`` and only expand queries.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .text import analyse, raw_tokens, stem

PREFIX = "zc"  # concept index tokens look like "zcshelter": letters only, never a real word

CONCEPTS: dict[str, tuple[str, ...]] = {
    "shelter": (
        "shelter",
        "emergency shelter",
        "night shelter",
        "homeless shelter",
        "somewhere to sleep",
        "place to sleep",
        "where to sleep",
        "somewhere to stay",
        "place to stay",
        "nowhere to stay",
        "nowhere to sleep",
        "sleep",
        "bed for the night",
        "beds",
        "overnight",
        "homeless",
        "homelessness",
        "sleeping outside",
        "warming center",
        "warming centre",
        "code blue",
        "albergue",
        "refugio",
        "dormir",
        "donde dormir",
        "lugar para dormir",
        "cama",
        "camas",
        "sin hogar",
        "sin techo",
        "situacion de calle",
        "emergency housing",
        "lost their home",
        "lost my home",
        "temporary rooms",
        "habitaciones temporales",
        "perdieron su vivienda",
    ),
    "family": (
        "family",
        "families",
        "kids",
        "children",
        "my kids",
        "my children",
        "parents",
        "single mom",
        "single mother",
        "familia",
        "familias",
        "ninos",
        "mis hijos",
        "hijos",
    ),
    # Listed so that the longest match wins: an animal shelter is not a shelter.
    "animal": ("animal shelter", "animal", "animals", "pet", "pets", "pet adoption", "mascota"),
    "rent": (
        "rent",
        "rent help",
        "help with rent",
        "rental assistance",
        "rent assistance",
        "back rent",
        "behind on rent",
        "eviction",
        "evicted",
        "eviction prevention",
        "housing stabilization",
        "housing stabilisation",
        "homelessness prevention",
        "security deposit",
        "first month",
        "renta",
        "ayuda con la renta",
        "alquiler",
        "ayuda con el alquiler",
        "desalojo",
        "desahucio",
        "pagar la renta",
        "deposito",
    ),
    "housing": (
        "housing",
        "apartment",
        "affordable housing",
        "housing search",
        "rapid rehousing",
        "rapid re housing",
        "permanent supportive housing",
        "section 8",
        "housing voucher",
        "vivienda",
        "apartamento",
        "vivienda asequible",
        "casa",
    ),
    "utilities": (
        "utility",
        "utilities",
        "electric bill",
        "electricity",
        "gas bill",
        "heating",
        "heating bill",
        "shut off",
        "shutoff",
        "liheap",
        "water bill",
        "light bill",
        "factura de luz",
        "luz",
        "calefaccion",
        "servicios publicos",
    ),
    "food": (
        "food",
        "food pantry",
        "pantry",
        "food bank",
        "groceries",
        "grocery",
        "hungry",
        "hunger",
        "meal",
        "meals",
        "hot meal",
        "soup kitchen",
        "lunch",
        "dinner",
        "breakfast",
        "something to eat",
        "eat",
        "comida",
        "despensa",
        "banco de alimentos",
        "alimentos",
        "hambre",
        "comedor",
        "comer",
        "comida caliente",
        "almuerzo",
        "cena",
        "desayuno",
    ),
    "snap": (
        "food stamps",
        "snap",
        "ebt",
        "wic",
        "snap benefits",
        "cupones de alimentos",
        "estampillas",
        "estampillas de comida",
        "cupones",
    ),
    "detox": (
        "detox",
        "detoxification",
        "withdrawal management",
        "withdrawal",
        "withdrawals",
        "medically managed withdrawal",
        "medically monitored withdrawal",
        "dope sick",
        "dopesick",
        "kick",
        "get clean",
        "get sober",
        "coming off",
        "desintoxicacion",
        "desintoxicarme",
        "abstinencia",
        "sindrome de abstinencia",
    ),
    "moud": (
        "suboxone",
        "buprenorphine",
        "bupe",
        "subutex",
        "sublocade",
        "methadone",
        "moud",
        "medication for opioid use disorder",
        "medication assisted treatment",
        "medications for addiction treatment",
        "opioid treatment program",
        "otp",
        "vivitrol",
        "naltrexone",
        "suboxone doctor",
        "sub doctor",
        "buprenorfina",
        "metadona",
        "tratamiento con medicamentos",
        "medicamento para opioides",
    ),
    "harm": (
        "narcan",
        "naloxone",
        "overdose",
        "overdose reversal",
        "fentanyl test strips",
        "test strips",
        "harm reduction",
        "syringe",
        "syringes",
        "syringe services",
        "needle exchange",
        "clean needles",
        "needles",
        "safer use",
        "naloxona",
        "sobredosis",
        "jeringas",
        "agujas",
        "reduccion de danos",
        "tiras de prueba",
    ),
    "treatment": (
        "rehab",
        "rehabilitation",
        "inpatient",
        "residential treatment",
        "outpatient",
        "intensive outpatient",
        "iop",
        "addiction treatment",
        "substance use treatment",
        "drug treatment",
        "alcohol treatment",
        "substance use disorder",
        "addiction",
        "drinking problem",
        "drug problem",
        "tratamiento",
        "adiccion",
        "adicciones",
        "rehabilitacion",
        "tratamiento de drogas",
        "alcoholismo",
        "problema con la bebida",
    ),
    "support": (
        "support group",
        "support groups",
        "peer support",
        "mutual aid",
        "recovery group",
        "recovery meeting",
        "recovery meetings",
        "twelve step",
        "12 step",
        "alcoholics anonymous",
        "narcotics anonymous",
        "smart recovery",
        "recovery dharma",
        "recovery community",
        "meeting",
        "meetings",
        "peer recovery",
        "someone to talk to who has been there",
        "grupo de apoyo",
        "grupos de apoyo",
        "apoyo entre pares",
        "reunion",
        "reuniones",
        "grupo de recuperacion",
        "alcoholicos anonimos",
        "narcoticos anonimos",
        "companeros",
    ),
    "lovedone": (
        "family members",
        "family member",
        "loved one",
        "my son",
        "my daughter",
        "my brother",
        "my sister",
        "my husband",
        "my wife",
        "al anon",
        "alanon",
        "familiares",
        "mi hijo",
        "mi hija",
        "ser querido",
        "seres queridos",
    ),
    "counsel": (
        "therapy",
        "therapist",
        "counselor",
        "counsellor",
        "counseling",
        "counselling",
        "mental health",
        "depression",
        "depressed",
        "anxiety",
        "psychiatrist",
        "psychiatry",
        "talk to someone",
        "trauma",
        "ptsd",
        "grief",
        "terapia",
        "terapeuta",
        "consejeria",
        "consejero",
        "salud mental",
        "psicologo",
        "psicologa",
        "ansiedad",
        "depresion",
    ),
    "crisis": (
        "crisis",
        "crisis line",
        "hotline",
        "suicidal",
        "suicide",
        "988",
        "want to die",
        "kill myself",
        "mobile crisis",
        "crisis stabilization",
        "crisis stabilisation",
        "crisis center",
        "crisis centre",
        "linea de crisis",
        "suicidio",
        "quiero morir",
        "crisis de salud mental",
    ),
    "soberhome": (
        "sober living",
        "sober house",
        "recovery house",
        "recovery residence",
        "recovery housing",
        "halfway house",
        "oxford house",
        "vivienda de recuperacion",
        "casa de recuperacion",
        "vivienda sobria",
    ),
    "legal": (
        "lawyer",
        "legal aid",
        "legal help",
        "legal advice",
        "attorney",
        "court",
        "expungement",
        "record clearing",
        "clear my record",
        "criminal record",
        "tenant rights",
        "abogado",
        "abogada",
        "ayuda legal",
        "asesoria legal",
        "asistencia legal",
        "derechos del inquilino",
        "corte",
    ),
    "job": (
        "job",
        "jobs",
        "employment",
        "job training",
        "resume",
        "career",
        "hiring",
        "job search",
        "vocational",
        "empleo",
        "trabajo",
        "capacitacion laboral",
        "curriculum",
        "buscar trabajo",
    ),
    "id": (
        "photo id",
        "state id",
        "identification",
        "birth certificate",
        "replace id",
        "lost my id",
        "social security card",
        "id card",
        "identificacion",
        "acta de nacimiento",
        "documentos de identidad",
        "tarjeta de seguro social",
    ),
    "benefits": (
        "benefits",
        "medicaid",
        "health insurance",
        "insurance",
        "ssi",
        "ssdi",
        "disability",
        "disability benefits",
        "cash assistance",
        "tanf",
        "beneficios",
        "seguro medico",
        "seguro de salud",
        "discapacidad",
        "asistencia en efectivo",
    ),
    "medical": (
        "doctor",
        "clinic",
        "primary care",
        "health center",
        "health centre",
        "medical",
        "checkup",
        "check up",
        "nurse",
        "sick",
        "wound care",
        "medico",
        "doctora",
        "clinica",
        "centro de salud",
        "atencion primaria",
        "enfermera",
        "enfermo",
    ),
    "dental": ("dentist", "dental", "teeth", "tooth", "toothache", "dentista", "dientes", "muela"),
    "ride": (
        "ride",
        "rides",
        "bus pass",
        "transportation",
        "transport",
        "bus fare",
        "ride to appointment",
        "transporte",
        "pase de autobus",
        "viaje",
    ),
    "clothes": (
        "clothes",
        "clothing",
        "coat",
        "winter coat",
        "shoes",
        "boots",
        "ropa",
        "abrigo",
        "zapatos",
        "ropero",
    ),
    "hygiene": (
        "shower",
        "showers",
        "laundry",
        "hygiene",
        "toiletries",
        "wash clothes",
        "ducha",
        "duchas",
        "regadera",
        "lavanderia",
        "higiene",
        "banarme",
    ),
    "violence": (
        "domestic violence",
        "abuse",
        "abusive",
        "abusive partner",
        "intimate partner violence",
        "safe house",
        "hurting me",
        "sexual assault",
        "violencia domestica",
        "maltrato",
        "abuso",
        "violencia de pareja",
        "casa segura",
    ),
    "youth": (
        "youth",
        "teen",
        "teens",
        "teenager",
        "young adult",
        "young adults",
        "runaway",
        "kicked out",
        "jovenes",
        "adolescente",
        "adolescentes",
        "juvenil",
    ),
    "veteran": ("veteran", "veterans", "military", "served in the army", "veterano", "veteranos"),
    "child": (
        "childcare",
        "child care",
        "daycare",
        "day care",
        "babysitting",
        "guarderia",
        "cuidado infantil",
        "cuidado de ninos",
    ),
    "reentry": (
        "reentry",
        "re entry",
        "released from prison",
        "released from jail",
        "got out of jail",
        "just got out",
        "prison",
        "jail",
        "parole",
        "probation",
        "formerly incarcerated",
        "reingreso",
        "libertad condicional",
        "carcel",
        "prision",
        "salir de la carcel",
    ),
    "hiv": (
        "hiv",
        "hepatitis",
        "hep c",
        "std",
        "sti",
        "std testing",
        "prep",
        "hiv testing",
        "vih",
        "prueba de vih",
        "hepatitis c",
        "its",
    ),
    "spanish": (
        "spanish",
        "in spanish",
        "spanish speaking",
        "habla espanol",
        "en espanol",
        "espanol",
        "hispanohablante",
        "bilingue",
        "bilingual",
        "latino",
        "latina",
    ),
    "gambling": ("gambling", "gambler", "betting", "juego", "apuestas", "ludopatia"),
}

# Expand queries only: too ambiguous to tag listings with.
QUERY_ONLY: dict[str, tuple[str, ...]] = {
    "support": ("aa", "na", "group", "grupo", "apoyo"),
    "violence": (
        "boyfriend",
        "girlfriend",
        "husband",
        "hits me",
        "beats me",
        "hurts me",
        "get away from",
        "esposo",
        "novio",
        "me pega",
    ),
    "moud": ("mat", "sub", "subs", "bupe doctor"),
    "veteran": ("va",),
    "job": ("work",),
    "id": ("id",),
}


@dataclass(frozen=True)
class ConceptMatch:
    concept: str
    start: int  # the matched tokens are tokens[start:end], so callers can show the typed words
    end: int

    @property
    def token(self) -> str:
        return PREFIX + self.concept


def _compile(table: dict[str, tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    compiled: dict[tuple[str, ...], str] = {}
    for concept, phrases in table.items():
        for phrase in phrases:
            tokens = tuple(analyse(phrase))
            if tokens:
                compiled.setdefault(tokens, concept)
    return compiled


_DOC_TRIGGERS = _compile(CONCEPTS)
_QUERY_TRIGGERS = {**_DOC_TRIGGERS, **_compile(QUERY_ONLY)}
_MAX_LEN = max(len(k) for k in _QUERY_TRIGGERS)


def _scan(tokens: Sequence[str], table: dict[tuple[str, ...], str]) -> list[ConceptMatch]:
    # Greedy longest match, left to right: "suboxone doctor" is MOUD, not also "a doctor".
    found: dict[str, ConceptMatch] = {}
    n, i = len(tokens), 0
    while i < n:
        for length in range(min(_MAX_LEN, n - i), 0, -1):
            concept = table.get(tuple(tokens[i : i + length]))
            if concept:
                found.setdefault(concept, ConceptMatch(concept, i, i + length))
                i += length
                break
        else:
            i += 1
    return list(found.values())


def document_concepts(tokens: Sequence[str]) -> set[str]:
    """Concept index tokens for a listing's analysed tokens."""
    return {m.token for m in _scan(tokens, _DOC_TRIGGERS)}


def query_concepts(tokens: Sequence[str]) -> list[ConceptMatch]:
    """Concepts a query's analysed tokens mention, with the words that said so."""
    return _scan(tokens, _QUERY_TRIGGERS)


def trigger_vocabulary() -> Iterable[str]:
    """Every token a trigger uses (so a misspelt "shleter" can be corrected to one)."""
    return {t for key in _QUERY_TRIGGERS for t in key}


def _surface_forms() -> dict[str, str]:
    forms: dict[str, str] = {}
    for table in (CONCEPTS, QUERY_ONLY):
        for phrases in table.values():
            for phrase in phrases:
                for word in raw_tokens(phrase):
                    forms.setdefault(stem(word), word)
    return forms


_SURFACE = _surface_forms()


def surface_word(token: str) -> str:
    """A readable word for an index token ("suboxon" -> "suboxone") where the lexicon knows
    one; otherwise the token itself (stems of plain words are usually readable)."""
    return _SURFACE.get(token, token)
