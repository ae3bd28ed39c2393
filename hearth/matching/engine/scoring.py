"""The compatibility score and its parts, for one pair (``score_pair``, used for reasons
and tests) and for a whole instance at once (``ScoreTable``, numpy, used by the solver).

Every part is a number from 0 to 1:

- experience: share of the participant's lived-experience areas the mentor shares;
- pathway: share of the participant's recovery pathways the mentor shares;
- language: 1 if they share a language;
- identity: share of the participant's cultural identities (and veteran status, if the
  participant is a veteran) the mentor shares;
- availability: share of the participant's weekly slots the mentor also has;
- distance: for in-person meetings, 1 at the same place falling to 0 at
  ``DISTANCE_SCALE_KM`` (great-circle).

The score is ``100 × Σ weight·importance·part / Σ weight·importance`` over the parts the
participant has said anything about (a part with nothing to compare, e.g. no languages
listed or phone-only meetings for distance, leaves the sum). Weights belong to the
programme; importance (0, 1 or 2) to the participant. The solver works in integer
hundredths of a point (``SCALE``) so its objective is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from hearth.matching.engine.instance import Instance, Mentor, Person, Seeker

PARTS = ("experience", "pathway", "language", "identity", "availability", "distance")
DISTANCE_SCALE_KM = 40.0
EARTH_RADIUS_KM = 6371.0088
#: Score units per point: the solver's integer scores are hundredths of a point (0–10000).
SCALE = 100


@dataclass(frozen=True)
class Weights:
    """How much each part counts, per programme (any non-negative numbers)."""

    experience: float = 3.0
    pathway: float = 1.5
    language: float = 2.0
    identity: float = 1.5
    availability: float = 2.0
    distance: float = 1.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not (isinstance(value, int | float) and math.isfinite(value) and value >= 0):
                raise ValueError(f"weight {f.name} must be a number 0 or more, not {value!r}")

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(float(getattr(self, part)) for part in PARTS)

    @classmethod
    def from_mapping(cls, values: dict) -> Weights:
        return cls(**{k: float(v) for k, v in values.items() if k in PARTS})


@dataclass(frozen=True)
class Reason:
    """One plain-language reason a pair fits: ``code`` is a part name or ``veteran``;
    ``values`` are what they share (tags, language codes, slot ids, or the km)."""

    code: str
    values: tuple[str, ...] = ()


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def meets_in_person(person: Person) -> bool:
    return not person.modes or "in_person" in person.modes


def feasible(seeker: Seeker, mentor: Mentor, forbidden: frozenset = frozenset()) -> bool:
    """Do the must-haves, modes and capacity allow this pair at all?"""
    if mentor.capacity <= 0 or (seeker.id, mentor.id) in forbidden:
        return False
    must = seeker.must
    if must.language and must.language not in mentor.languages:
        return False
    if must.mentor_gender and must.mentor_gender != mentor.gender:
        return False
    if seeker.modes and mentor.modes and not (seeker.modes & mentor.modes):
        return False
    if must.max_km is not None:
        if not mentor.has_location or not meets_in_person(mentor):
            return False
        km = haversine_km(seeker.lat, seeker.lon, mentor.lat, mentor.lon)  # type: ignore[arg-type]
        if km > must.max_km:
            return False
    return True


def _importance(seeker: Seeker) -> dict[str, float]:
    return {part: 1.0 for part in PARTS} | dict(seeker.importance)


def _share(wanted: frozenset[str], offered: frozenset[str]) -> float:
    return len(wanted & offered) / len(wanted) if wanted else 0.0


def part_values(seeker: Seeker, mentor: Mentor) -> dict[str, float | None]:
    """Each part's value for the pair, ``None`` where the participant gives nothing to
    compare (the part then leaves the score)."""
    identity_wanted = len(seeker.identities) + (1 if seeker.veteran else 0)
    identity_shared = len(seeker.identities & mentor.identities) + (
        1 if seeker.veteran and mentor.veteran else 0
    )
    distance: float | None = None
    if seeker.has_location and meets_in_person(seeker):
        distance = 0.0
        if mentor.has_location and meets_in_person(mentor):
            km = haversine_km(seeker.lat, seeker.lon, mentor.lat, mentor.lon)  # type: ignore[arg-type]
            distance = max(0.0, 1.0 - km / DISTANCE_SCALE_KM)
    return {
        "experience": _share(seeker.lived_experience, mentor.lived_experience)
        if seeker.lived_experience
        else None,
        "pathway": _share(seeker.pathways, mentor.pathways) if seeker.pathways else None,
        "language": float(bool(set(seeker.languages) & set(mentor.languages)))
        if seeker.languages
        else None,
        "identity": identity_shared / identity_wanted if identity_wanted else None,
        "availability": _share(seeker.availability, mentor.availability)
        if seeker.availability
        else None,
        "distance": distance,
    }


def score_pair(seeker: Seeker, mentor: Mentor, weights: Weights | None = None) -> float:
    """The compatibility score, 0–100 (not rounded)."""
    weights = weights or Weights()
    importance = _importance(seeker)
    total = norm = 0.0
    for part, value in part_values(seeker, mentor).items():
        if value is None:
            continue
        w = getattr(weights, part) * importance[part]
        total += w * value
        norm += w
    return 100.0 * total / norm if norm else 0.0


def reasons(seeker: Seeker, mentor: Mentor) -> list[Reason]:
    """What the pair shares, most telling first (experience before logistics)."""
    out: list[Reason] = []
    shared = sorted(seeker.lived_experience & mentor.lived_experience)
    if shared:
        out.append(Reason("experience", tuple(shared)))
    if seeker.veteran and mentor.veteran:
        out.append(Reason("veteran"))
    languages = [code for code in seeker.languages if code in mentor.languages]
    if languages:
        out.append(Reason("language", tuple(languages)))
    identities = sorted(seeker.identities & mentor.identities)
    if identities:
        out.append(Reason("identity", tuple(identities)))
    pathways = sorted(seeker.pathways & mentor.pathways)
    if pathways:
        out.append(Reason("pathway", tuple(pathways)))
    slots = sorted(seeker.availability & mentor.availability)
    if slots:
        out.append(Reason("availability", tuple(slots)))
    if (
        seeker.has_location
        and mentor.has_location
        and meets_in_person(seeker)
        and meets_in_person(mentor)
    ):
        km = haversine_km(seeker.lat, seeker.lon, mentor.lat, mentor.lon)  # type: ignore[arg-type]
        out.append(Reason("distance", (f"{km:.0f}",)))
    return out


LANGUAGE_NAMES = {
    "ar": "Arabic", "bn": "Bengali", "de": "German", "en": "English", "es": "Spanish",
    "fa": "Persian", "fr": "French", "ht": "Haitian Creole", "hi": "Hindi", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "nv": "Navajo", "pl": "Polish", "pt": "Portuguese",
    "ru": "Russian", "so": "Somali", "sw": "Swahili", "tl": "Tagalog", "uk": "Ukrainian",
    "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def _words(values: tuple[str, ...], limit: int = 3) -> str:
    shown = [v.replace("_", " ") for v in values[:limit]]
    if len(values) > limit:
        shown.append(f"{len(values) - limit} more")
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def explain_en(reason: Reason) -> str:
    """The reason in plain English (the web pages translate the codes themselves)."""
    v = reason.values
    if reason.code == "experience":
        return f"both have lived experience of {_words(v)}"
    if reason.code == "veteran":
        return "both are veterans"
    if reason.code == "language":
        return f"both speak {_words(tuple(language_name(c) for c in v))}"
    if reason.code == "identity":
        return f"both identify as {_words(v)}"
    if reason.code == "pathway":
        return f"both follow {_words(v)}"
    if reason.code == "availability":
        return f"overlapping {_words(v)}"
    if reason.code == "distance":
        return f"{v[0]} km apart"
    return reason.code


# --- the whole instance at once -----------------------------------------------------------


def _bitsets(sets: list[frozenset[str]], vocab: dict[str, int]) -> np.ndarray:
    """Encode each set as a row of 64-bit words (bit ``vocab[tag]``)."""
    words = max(1, (len(vocab) + 63) // 64)
    out = np.zeros((len(sets), words), dtype=np.uint64)
    for row, tags in enumerate(sets):
        for tag in tags:
            bit = vocab[tag]
            out[row, bit // 64] |= np.uint64(1) << np.uint64(bit % 64)
    return out


def _vocab(*groups: list[frozenset[str]]) -> dict[str, int]:
    tags = sorted({t for group in groups for s in group for t in s})
    return {t: i for i, t in enumerate(tags)}


def _shared_count(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """|A_i ∩ B_j| for every row pair, as int (rows of ``a`` × rows of ``b``)."""
    out = np.zeros((a.shape[0], b.shape[0]), dtype=np.int32)
    for w in range(a.shape[1]):
        out += np.bitwise_count(a[:, w, None] & b[None, :, w]).astype(np.int32)
    return out


class ScoreTable:
    """Every participant × mentor score (integer hundredths, -1 where the pair is not
    feasible), computed with numpy a block of participants at a time."""

    def __init__(self, instance: Instance, weights: Weights | None = None):
        self.instance = instance
        self.weights = weights or Weights()
        seekers, mentors = instance.participants, instance.mentors
        self.n_seekers, self.n_mentors = len(seekers), len(mentors)
        people = list(seekers) + list(mentors)
        self._sets = {}
        for name in ("lived_experience", "pathways", "identities", "availability"):
            vocab = _vocab([getattr(p, name) for p in people])
            self._sets[name] = (
                _bitsets([getattr(p, name) for p in seekers], vocab),
                _bitsets([getattr(p, name) for p in mentors], vocab),
            )
        lang_vocab = _vocab([frozenset(p.languages) for p in people])
        self._lang = (
            _bitsets([frozenset(p.languages) for p in seekers], lang_vocab),
            _bitsets([frozenset(p.languages) for p in mentors], lang_vocab),
        )
        self._must_lang = np.array(
            [lang_vocab.get(s.must.language, -2) if s.must.language else -1 for s in seekers],
            dtype=np.int64,
        )
        genders = {g: i for i, g in enumerate(sorted({p.gender for p in people} - {""}))}
        self._mentor_gender = np.array([genders.get(m.gender, -3) for m in mentors], np.int64)
        self._must_gender = np.array(
            [
                genders.get(s.must.mentor_gender, -2) if s.must.mentor_gender else -1
                for s in seekers
            ],
            dtype=np.int64,
        )
        self._max_km = np.array(
            [s.must.max_km if s.must.max_km is not None else np.nan for s in seekers], float
        )
        mode_bit = {"in_person": 1, "phone": 2, "video": 4}
        self._seeker_modes = np.array(
            [sum(mode_bit[m] for m in s.modes) for s in seekers], dtype=np.int64
        )
        self._mentor_modes = np.array(
            [sum(mode_bit[m] for m in p.modes) for p in mentors], dtype=np.int64
        )
        self._veteran = (
            np.array([s.veteran for s in seekers], dtype=bool),
            np.array([m.veteran for m in mentors], dtype=bool),
        )

        def coords(group):
            return (
                np.radians(np.array([p.lat if p.has_location else np.nan for p in group], float)),
                np.radians(np.array([p.lon if p.has_location else np.nan for p in group], float)),
            )

        self._seeker_xy, self._mentor_xy = coords(seekers), coords(mentors)
        self._seeker_in_person = np.array([meets_in_person(s) for s in seekers], dtype=bool)
        self._mentor_in_person = np.array([meets_in_person(m) for m in mentors], dtype=bool)
        self.capacity = np.array([m.capacity for m in mentors], dtype=np.int64)
        seeker_index = {s.id: i for i, s in enumerate(seekers)}
        mentor_index = {m.id: j for j, m in enumerate(mentors)}
        self._forbidden = [
            (seeker_index[p], mentor_index[m])
            for p, m in instance.forbidden
            if p in seeker_index and m in mentor_index
        ]
        self._effective_weights = self._participant_weights()

    def _participant_weights(self) -> np.ndarray:
        """weight × importance per participant and part, 0 where the part has nothing to
        compare for that participant."""
        w = np.array(self.weights.as_tuple())
        rows = []
        for s in self.instance.participants:
            imp = _importance(s)
            present = (
                bool(s.lived_experience),
                bool(s.pathways),
                bool(s.languages),
                bool(s.identities) or s.veteran,
                bool(s.availability),
                s.has_location and meets_in_person(s),
            )
            rows.append([imp[p] * ok for p, ok in zip(PARTS, present, strict=True)])
        return (np.array(rows, dtype=np.float64).reshape(-1, len(PARTS))) * w

    def distances_km(self, rows: slice) -> np.ndarray:
        lat1, lon1 = self._seeker_xy[0][rows, None], self._seeker_xy[1][rows, None]
        lat2, lon2 = self._mentor_xy[0][None, :], self._mentor_xy[1][None, :]
        a = (
            np.sin((lat2 - lat1) / 2) ** 2
            + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))

    def feasible(self, rows: slice, km: np.ndarray | None = None) -> np.ndarray:
        ok = np.broadcast_to(self.capacity[None, :] > 0, (rows.stop - rows.start, self.n_mentors))
        ok = ok.copy()
        lang = self._must_lang[rows]
        has_lang = lang >= 0
        if has_lang.any():
            words = self._lang[1]
            idx = np.where(has_lang, lang, 0)
            word = words[:, idx // 64].T  # (rows, mentors)
            bit = (word >> (idx % 64).astype(np.uint64)[:, None]) & np.uint64(1)
            ok &= ~has_lang[:, None] | (bit == 1)
        ok[lang == -2] = False  # a language no mentor lists at all
        gender = self._must_gender[rows]
        ok &= (gender[:, None] == -1) | (gender[:, None] == self._mentor_gender[None, :])
        sm, mm = self._seeker_modes[rows], self._mentor_modes
        ok &= (sm[:, None] == 0) | (mm[None, :] == 0) | ((sm[:, None] & mm[None, :]) != 0)
        max_km = self._max_km[rows]
        if np.isfinite(max_km).any():
            km = self.distances_km(rows) if km is None else km
            within = (km <= max_km[:, None]) & self._mentor_in_person[None, :]
            ok &= ~np.isfinite(max_km)[:, None] | within
        return ok

    def block(self, rows: slice) -> np.ndarray:
        """Integer scores for participants ``rows`` × every mentor; -1 = not feasible."""
        ew = self._effective_weights[rows]
        norm = ew.sum(axis=1)
        total = np.zeros((rows.stop - rows.start, self.n_mentors))
        for k, name in enumerate(("lived_experience", "pathways")):
            a, b = self._sets[name]
            wanted = np.bitwise_count(a[rows]).sum(axis=1)
            share = _shared_count(a[rows], b) / np.maximum(wanted, 1)[:, None]
            total += ew[:, k, None] * share
        la, lb = self._lang
        total += ew[:, 2, None] * (_shared_count(la[rows], lb) > 0)
        ia, ib = self._sets["identities"]
        vs, vm = self._veteran[0][rows], self._veteran[1]
        wanted = np.bitwise_count(ia[rows]).sum(axis=1) + vs
        shared = _shared_count(ia[rows], ib) + (vs[:, None] & vm[None, :])
        total += ew[:, 3, None] * (shared / np.maximum(wanted, 1)[:, None])
        aa, ab = self._sets["availability"]
        wanted = np.bitwise_count(aa[rows]).sum(axis=1)
        total += ew[:, 4, None] * (_shared_count(aa[rows], ab) / np.maximum(wanted, 1)[:, None])
        km = self.distances_km(rows)
        closeness = np.clip(1.0 - km / DISTANCE_SCALE_KM, 0.0, 1.0)
        closeness = np.where(np.isnan(closeness) | ~self._mentor_in_person[None, :], 0.0, closeness)
        total += ew[:, 5, None] * closeness
        with np.errstate(invalid="ignore", divide="ignore"):
            score = np.where(norm[:, None] > 0, 100.0 * total / norm[:, None], 0.0)
        units = np.rint(score * SCALE).astype(np.int32)
        units[~self.feasible(rows, km)] = -1
        for i, j in self._forbidden:
            if rows.start <= i < rows.stop:
                units[i - rows.start, j] = -1
        return units

    def matrix(self, block_rows: int = 1000) -> np.ndarray:
        """All scores as one (participants × mentors) int32 array."""
        out = np.empty((self.n_seekers, self.n_mentors), dtype=np.int32)
        for start in range(0, self.n_seekers, block_rows):
            rows = slice(start, min(start + block_rows, self.n_seekers))
            out[rows] = self.block(rows)
        return out


def score_units(score: float) -> int:
    return int(round(score * SCALE))
