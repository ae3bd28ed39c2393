# ruff: noqa: E501 -- word lists read better one category per line.
"""Synthetic HSDS 3.0 directories for the directory benchmarks: realistic service text in
English and Spanish (shelters, detox, MOUD clinics, pantries, rent help, support groups,
legal aid, ...) around a metro area, written as a tabular data package.

    from bench.directory_data import write_package
    rows = write_package(Path("var/bench/directory-50k"), services=50_000, seed=7)

Deterministic for a seed. Each service has an organisation (ten services each), one
location with an address and coordinates, a service-at-location, a phone, a weekly
schedule, one or two languages, a cost option when free, and a taxonomy attribute.
"""

from __future__ import annotations

import csv
import random
import uuid
from pathlib import Path

NS = uuid.UUID("0b7c2f2e-8c1d-4c36-9a52-5d3b1f2f0a77")

# (category, English names, Spanish names, English phrases, Spanish phrases)
CATEGORIES = [
    ("shelter", ["Night Shelter", "Emergency Shelter", "Family Shelter", "Youth Shelter", "Warming Center"],
     ["Albergue Nocturno", "Refugio de Emergencia", "Albergue Familiar"],
     ["emergency beds tonight", "a safe place to sleep", "walk-in overnight shelter", "hot meal and showers", "no ID needed"],
     ["camas de emergencia esta noche", "un lugar seguro para dormir", "albergue nocturno sin cita", "cena caliente y ducha"]),
    ("detox", ["Withdrawal Management Center", "Detox Unit", "Medical Detox"],
     ["Centro de Desintoxicación", "Unidad de Desintoxicación"],
     ["medically supervised withdrawal management", "alcohol and opioid detox", "24/7 admissions", "nurses on site"],
     ["desintoxicación con supervisión médica", "manejo de la abstinencia", "admisiones las 24 horas"]),
    ("moud", ["Bridge Clinic", "Recovery Medicine Clinic", "Opioid Treatment Program", "Buprenorphine Clinic"],
     ["Clínica de Buprenorfina", "Programa de Tratamiento de Opioides"],
     ["same-day buprenorphine (Suboxone) starts", "methadone maintenance", "medication for opioid use disorder", "telehealth follow-up"],
     ["tratamiento con buprenorfina", "metadona", "medicamentos para el trastorno por uso de opioides"]),
    ("food", ["Food Pantry", "Community Fridge", "Free Meal Program", "Soup Kitchen"],
     ["Despensa de Alimentos", "Comedor Comunitario"],
     ["free groceries", "fresh produce and bread", "hot lunch every weekday", "no paperwork"],
     ["comida gratis", "despensa de alimentos", "frutas y verduras frescas"]),
    ("rent", ["Rental Assistance Program", "Eviction Prevention Project", "Housing Stabilization"],
     ["Ayuda con la Renta", "Programa de Vivienda"],
     ["help with back rent", "eviction prevention", "utility shut-off help", "housing counseling"],
     ["ayuda con la renta", "prevención de desalojos", "ayuda con los servicios públicos"]),
    ("support", ["Recovery Support Group", "Family Support Group", "Grief Group", "SMART Recovery Meeting"],
     ["Grupo de Apoyo", "Grupo de Recuperación"],
     ["peer-led support group", "open mutual-aid meeting", "for families and friends", "confidential and free"],
     ["grupo de apoyo en español", "reunión de ayuda mutua", "para familias"]),
    ("peer", ["Peer Recovery Center", "Recovery Community Organization", "Recovery Café"],
     ["Centro de Recuperación entre Pares"],
     ["recovery coaching", "peer specialists with lived experience", "all-recovery meetings", "a safe place to spend the day"],
     ["coaching de recuperación", "especialistas de pares"]),
    ("legal", ["Legal Aid Clinic", "Tenant Hotline", "Expungement Clinic"],
     ["Asistencia Legal", "Línea para Inquilinos"],
     ["free legal advice", "eviction defense", "record clearing", "benefits appeals"],
     ["asesoría legal gratuita", "defensa contra desalojos"]),
    ("benefits", ["Benefits Enrollment Desk", "SNAP Outreach", "Medicaid Navigator"],
     ["Inscripción en Beneficios"],
     ["help applying for SNAP", "Medicaid enrollment", "cash assistance", "free phone programs"],
     ["ayuda para solicitar SNAP", "inscripción en Medicaid"]),
    ("harm", ["Harm Reduction Program", "Syringe Services Program", "Naloxone Distribution"],
     ["Reducción de Daños"],
     ["free naloxone (Narcan)", "fentanyl test strips", "sterile supplies", "HIV and hepatitis C testing"],
     ["naloxona gratis", "tiras de prueba de fentanilo"]),
    ("mental", ["Walk-In Counseling", "Community Mental Health Center", "Warmline"],
     ["Centro de Salud Mental"],
     ["same-day counseling", "psychiatric care", "trauma-informed therapy", "sliding-scale fees"],
     ["consejería el mismo día", "atención psiquiátrica"]),
    ("jobs", ["Employment Services", "Reentry Job Center", "Job Training Program"],
     ["Servicios de Empleo"],
     ["job readiness", "resume help", "reentry support after incarceration", "paid training"],
     ["preparación para el empleo", "ayuda con el currículum"]),
]  # fmt: skip

PLACES = ["Riverbend", "Northside", "Eastgate", "Southport", "Millbrook", "Harbor", "Fairview",
          "Kensington", "Oak Park", "Lakeside", "Westfield", "Cedar Hill"]  # fmt: skip
STREETS = ["Main Street", "River Street", "Market Street", "Broad Street", "Oak Avenue",
           "Girard Avenue", "Spring Garden Street", "Front Street", "Walnut Street"]  # fmt: skip
DAYS = ["MO,TU,WE,TH,FR", "MO,TU,WE,TH,FR,SA,SU", "TU,TH", "SA", "MO,WE,FR", "WE"]
HOURS = [("09:00", "17:00"), ("08:00", "18:00"), ("19:00", "07:00"), ("10:00", "14:00"),
         ("00:00", "23:59"), ("18:30", "20:00")]  # fmt: skip

COLUMNS = {
    "organizations.csv": ["id", "name", "description"],
    "services.csv": ["id", "organization_id", "name", "alternate_name", "description", "status",
                     "eligibility_description", "fees_description", "minimum_age"],
    "locations.csv": ["id", "location_type", "organization_id", "name", "latitude", "longitude"],
    "service_at_location.csv": ["id", "service_id", "location_id"],
    "addresses.csv": ["id", "location_id", "address_1", "city", "state_province", "postal_code",
                      "country", "address_type"],
    "phones.csv": ["id", "service_id", "number", "type"],
    "schedules.csv": ["id", "service_id", "freq", "byday", "opens_at", "closes_at"],
    "languages.csv": ["id", "service_id", "name", "code"],
    "cost_options.csv": ["id", "service_id", "option", "amount", "currency"],
    "taxonomies.csv": ["id", "name", "description"],
    "taxonomy_terms.csv": ["id", "name", "description", "taxonomy_id", "code"],
    "attributes.csv": ["id", "link_id", "link_entity", "link_type", "taxonomy_term_id"],
}  # fmt: skip


def _id(*parts) -> str:
    return str(uuid.uuid5(NS, ":".join(map(str, parts))))


def service_text(rng: random.Random, category) -> tuple[str, str, str, bool]:
    """(name, alternate name, description, is Spanish) for one synthetic service."""
    _key, en_names, es_names, en_phrases, es_phrases = category
    place = rng.choice(PLACES)
    if rng.random() < 0.25:
        name = f"{rng.choice(es_names)} {place}"
        phrases = rng.sample(es_phrases, k=min(3, len(es_phrases)))
        description = ". ".join(p.capitalize() for p in phrases) + ". Se habla español."
        return name, "", description, True
    name = f"{place} {rng.choice(en_names)}"
    phrases = rng.sample(en_phrases, k=min(3, len(en_phrases)))
    description = ". ".join(p.capitalize() for p in phrases) + "."
    return name, rng.choice(en_phrases).capitalize(), description, False


def synthetic_tables(services: int, seed: int = 7) -> dict[str, list[list]]:
    """The rows of each table (lists in COLUMNS order) for ``services`` services."""
    rng = random.Random(seed)
    tables: dict[str, list[list]] = {name: [] for name in COLUMNS}
    taxonomy_id = _id("taxonomy")
    tables["taxonomies.csv"].append([taxonomy_id, "Synthetic", "Benchmark categories"])
    for key, *_rest in CATEGORIES:
        tables["taxonomy_terms.csv"].append([_id("term", key), key, key, taxonomy_id, key])
    for i in range(services):
        org_id = _id("org", i // 10)
        if i % 10 == 0:
            tables["organizations.csv"].append(
                [org_id, f"{rng.choice(PLACES)} Community Services {i // 10}", "A provider"]
            )
        category = CATEGORIES[rng.randrange(len(CATEGORIES))]
        name, alternate, description, spanish = service_text(rng, category)
        sid, loc, sal = _id("svc", i), _id("loc", i), _id("sal", i)
        free = rng.random() < 0.6
        tables["services.csv"].append(
            [sid, org_id, name, alternate, description, "active", "Adults",
             "Free" if free else "Sliding scale", 18 if rng.random() < 0.3 else ""]
        )  # fmt: skip
        lat = 39.95 + rng.uniform(-0.3, 0.3)
        lon = -75.16 + rng.uniform(-0.3, 0.3)
        tables["locations.csv"].append([loc, "physical", org_id, name, f"{lat:.6f}", f"{lon:.6f}"])
        tables["service_at_location.csv"].append([sal, sid, loc])
        tables["addresses.csv"].append(
            [_id("addr", i), loc, f"{rng.randint(1, 4000)} {rng.choice(STREETS)}", "Riverbend",
             "PA", f"19{rng.randint(100, 160)}", "US", "physical"]
        )  # fmt: skip
        tables["phones.csv"].append(
            [_id("phone", i), sid, f"215-555-{rng.randint(0, 9999):04d}", "voice"]
        )
        opens, closes = rng.choice(HOURS)
        tables["schedules.csv"].append(
            [_id("sched", i), sid, "WEEKLY", rng.choice(DAYS), opens, closes]
        )
        codes = ["es"] if spanish else (["en", "es"] if rng.random() < 0.3 else ["en"])
        for code in codes:
            tables["languages.csv"].append(
                [_id("lang", i, code), sid, {"en": "English", "es": "Spanish"}[code], code]
            )
        if free:
            tables["cost_options.csv"].append([_id("cost", i), sid, "Free", 0, "USD"])
        tables["attributes.csv"].append(
            [_id("attr", i), sid, "service", "service_category", _id("term", category[0])]
        )
    return tables


def write_package(directory: Path, *, services: int, seed: int = 7) -> int:
    """Write a tabular data package (CSV files, no datapackage.json needed) and return the
    number of data rows written."""
    directory.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, rows in synthetic_tables(services, seed).items():
        with (directory / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS[name])
            writer.writerows(rows)
        total += len(rows)
    return total
