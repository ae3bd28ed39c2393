"""An instance: participants waiting for a mentor, and mentors with room.

Tags, genders and slot ids are free-form strings compared case-insensitively (stored
lower-cased and stripped); language codes are ISO 639-1. ``parse_instance`` checks every
record and raises one ``InstanceError`` listing every problem, each naming its record.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
MODES = ("in_person", "phone", "video")


class InstanceError(ValueError):
    """The instance cannot be matched as it stands. ``problems`` lists each one, naming
    the record (e.g. ``mentors[3] (id 'm9'): capacity must be 0 or more, not -2``)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Must:
    """Must-haves: each binds only when set."""

    language: str | None = None
    mentor_gender: str | None = None
    max_km: float | None = None


@dataclass(frozen=True)
class Person:
    """What participants and mentors share: who they are and when/where they can meet."""

    id: Any
    languages: tuple[str, ...] = ()
    gender: str = ""
    age: int | None = None
    veteran: bool = False
    lived_experience: frozenset[str] = frozenset()
    pathways: frozenset[str] = frozenset()
    identities: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    lat: float | None = None
    lon: float | None = None
    modes: frozenset[str] = frozenset()

    @property
    def has_location(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Seeker(Person):
    """A participant looking for a mentor. ``importance`` scales each score part for this
    person (nice-to-haves: 0 = doesn't matter, 1 = matters, 2 = matters a lot)."""

    must: Must = field(default_factory=Must)
    importance: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Mentor(Person):
    """A peer specialist or trained volunteer mentor; ``capacity`` is the room left."""

    capacity: int = 0


@dataclass(frozen=True)
class Instance:
    participants: tuple[Seeker, ...]
    mentors: tuple[Mentor, ...]
    #: (participant id, mentor id) pairs never to propose (declined before, set aside,
    #: or ended with a rematch request).
    forbidden: frozenset[tuple] = frozenset()


def _tags(value: Any, where: str, name: str, problems: list[str]) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: {name} must be a list of strings")
        return frozenset()
    return frozenset(v.strip().lower() for v in value if v.strip())


def _languages(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: languages must be a list of ISO 639-1 codes")
        return ()
    codes = tuple(dict.fromkeys(v.strip().lower() for v in value))
    bad = [c for c in codes if not LANGUAGE_CODE.match(c)]
    if bad:
        problems.append(f"{where}: {bad[0]!r} is not an ISO 639-1 language code")
    return codes


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _coordinates(raw: dict, where: str, problems: list[str]) -> tuple[float | None, float | None]:
    lat, lon = raw.get("lat"), raw.get("lon")
    if lat is None and lon is None:
        return None, None
    if not (_number(lat) and _number(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        problems.append(
            f"{where}: coordinates must be lat between -90 and 90 and lon between -180 and "
            f"180 (got lat={lat!r}, lon={lon!r})"
        )
        return None, None
    return float(lat), float(lon)


def _person(raw: Any, where: str, problems: list[str]) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be an object")
        return None
    if raw.get("id") is None or raw.get("id") == "":
        problems.append(f"{where}: missing id")
        return None
    where = f"{where} (id {raw['id']!r})"
    if not isinstance(raw["id"], str | int) or isinstance(raw["id"], bool):
        problems.append(f"{where}: id must be a string or an integer")
        return None
    age = raw.get("age")
    if age is not None and not (_number(age) and 0 <= age <= 130):
        problems.append(f"{where}: age must be a number from 0 to 130, not {age!r}")
        age = None
    veteran = raw.get("veteran", False)
    if not isinstance(veteran, bool):
        problems.append(f"{where}: veteran must be true or false")
        veteran = False
    gender = raw.get("gender") or ""
    if not isinstance(gender, str):
        problems.append(f"{where}: gender must be a string")
        gender = ""
    modes = _tags(raw.get("modes"), where, "modes", problems)
    unknown_modes = sorted(modes - set(MODES))
    if unknown_modes:
        problems.append(f"{where}: unknown mode {unknown_modes[0]!r} (use {', '.join(MODES)})")
    lat, lon = _coordinates(raw, where, problems)
    return {
        "id": raw["id"],
        "languages": _languages(raw.get("languages"), where, problems),
        "gender": gender.strip().lower(),
        "age": int(age) if age is not None else None,
        "veteran": veteran,
        "lived_experience": _tags(raw.get("lived_experience"), where, "lived_experience", problems),
        "pathways": _tags(raw.get("pathways"), where, "pathways", problems),
        "identities": _tags(raw.get("identities"), where, "identities", problems),
        "availability": _tags(raw.get("availability"), where, "availability", problems),
        "lat": lat,
        "lon": lon,
        "modes": modes,
        "_where": where,
    }


def _must(raw: Any, base: dict, problems: list[str]) -> Must:
    where = base["_where"]
    if raw is None:
        return Must()
    if not isinstance(raw, dict):
        problems.append(f"{where}: must should be an object")
        return Must()
    language = raw.get("language")
    if language is not None and (
        not isinstance(language, str) or not LANGUAGE_CODE.match(language.strip().lower())
    ):
        problems.append(f"{where}: must.language {language!r} is not an ISO 639-1 code")
        language = None
    gender = raw.get("mentor_gender")
    if gender is not None and not isinstance(gender, str):
        problems.append(f"{where}: must.mentor_gender must be a string")
        gender = None
    max_km = raw.get("max_km")
    if max_km is not None:
        if not (_number(max_km) and max_km >= 0):
            problems.append(f"{where}: must.max_km must be a number of km, 0 or more")
            max_km = None
        elif base["lat"] is None:
            problems.append(f"{where}: must.max_km needs the participant's lat and lon")
            max_km = None
    return Must(
        language=language.strip().lower() if language else None,
        mentor_gender=gender.strip().lower() if gender and gender.strip() else None,
        max_km=float(max_km) if max_km is not None else None,
    )


def _records(data: dict, key: str, problems: list[str]) -> list:
    records = data.get(key)
    if not isinstance(records, list):
        problems.append(f"{key} must be a list")
        return []
    return records


def parse_instance(data: Any) -> Instance:
    """Build an ``Instance`` from the JSON format in docs/matching.md, or raise
    ``InstanceError`` naming every bad record (missing or duplicate ids, negative
    capacity, malformed coordinates, bad language codes, ...)."""
    if not isinstance(data, dict):
        raise InstanceError(["the instance must be an object with participants and mentors"])
    problems: list[str] = []
    seekers: list[Seeker] = []
    mentors: list[Mentor] = []
    for key, out in (("participants", seekers), ("mentors", mentors)):
        seen: dict[Any, int] = {}
        for index, raw in enumerate(_records(data, key, problems)):
            base = _person(raw, f"{key}[{index}]", problems)
            if base is None:
                continue
            if base["id"] in seen:
                problems.append(f"{base['_where']}: duplicate id (also {key}[{seen[base['id']]}])")
                continue
            seen[base["id"]] = index
            if key == "participants":
                must = _must(raw.get("must"), base, problems)
                base.pop("_where")
                out.append(Seeker(**base, must=must))
            else:
                capacity = raw.get("capacity", 0)
                if not (isinstance(capacity, int) and not isinstance(capacity, bool)):
                    problems.append(f"{base['_where']}: capacity must be a whole number")
                    capacity = 0
                elif capacity < 0:
                    problems.append(f"{base['_where']}: capacity must be 0 or more, not {capacity}")
                    capacity = 0
                base.pop("_where")
                out.append(Mentor(**base, capacity=capacity))
    if problems:
        raise InstanceError(problems)
    return Instance(participants=tuple(seekers), mentors=tuple(mentors))
