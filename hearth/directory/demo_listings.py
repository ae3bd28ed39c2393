# ruff: noqa: E501 -- one line per demo listing reads better than wrapped data.
"""The demo's local resource directory: realistic (fictional) services around Riverbend, in
English and Spanish, as HSDS 3.0 JSON. Ids are stable UUIDs, so reloading updates in place."""

from __future__ import annotations

import uuid

_NS = uuid.UUID("6f1d4b1e-5a55-4c3e-9d7e-0d6a8b7c1a01")

EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
WEEKDAYS = "MO,TU,WE,TH,FR"


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NS, ":".join(parts)))


# Taxonomy (a small local one; 211s use AIRS/211 LA codes).
TAXONOMY = {
    "id": _id("taxonomy"),
    "name": "Riverbend community resources",
    "description": "Categories used by the Riverbend demo directory",
    "version": "1",
}
TERMS = {
    "shelter": ("BH-1800", "Emergency shelter", "A place to sleep tonight"),
    "detox": ("RX-8450.1", "Withdrawal management", "Medically supervised detoxification"),
    "moud": ("RX-8450.5", "Medication for opioid use disorder", "Buprenorphine, methadone, naltrexone"),
    "food": ("BD-1800", "Food pantries", "Free groceries"),
    "rent": ("BH-3800", "Housing stabilisation", "Rent and utility help, eviction prevention"),
    "support": ("PN-8100", "Support groups", "Mutual aid and peer support groups"),
    "peer": ("RP-1400", "Peer recovery support", "Recovery community centres and coaching"),
    "harm": ("RX-8460", "Harm reduction", "Naloxone, syringe services, test strips"),
    "legal": ("FT-1800", "Legal aid", "Free legal help"),
    "benefits": ("NL-1000", "Benefits enrolment", "SNAP, Medicaid and other benefits"),
    "mental": ("RP-1500", "Mental health", "Counselling and walk-in mental health care"),
    "hygiene": ("BH-1800.8", "Drop-in day centres", "Showers, laundry and a place to rest"),
}  # fmt: skip

# name, alternate, description, category, org, lat, lon, street, zip, phone, languages,
# schedule (byday, opens, closes), free, eligibility, min_age, max_age
SERVICES = [
    ("Riverbend Night Shelter", "Emergency beds", "A safe, warm place to sleep tonight. Walk in from 7 pm; beds, a hot meal, showers and lockers. No ID needed, no sobriety test.", "shelter", "Riverbend Housing Coalition", 39.9550, -75.1600, "210 River Street", "19107", "215-555-0110", ["en"], (EVERY_DAY, "19:00", "07:00"), True, "Adults 18 and over", 18, None),
    ("Harbor House Family Shelter", "", "Emergency shelter for women, children and families experiencing homelessness. Private family rooms; intake by phone around the clock.", "shelter", "Harbor House", 39.9610, -75.1480, "45 Harbor Lane", "19123", "215-555-0120", ["en", "es"], (EVERY_DAY, "00:00", "23:59"), True, "Women and families with children", None, None),
    ("Refugio Nocturno San José", "Albergue de emergencia", "Albergue de emergencia: una cama para dormir esta noche, cena caliente y ducha. Atención en español. Sin documentos.", "shelter", "Parroquia San José", 39.9900, -75.1300, "3100 N 5th Street", "19133", "215-555-0130", ["es", "en"], (EVERY_DAY, "18:00", "08:00"), True, "Adultos mayores de 18 años", 18, None),
    ("Riverbend Withdrawal Management Center", "Detox", "Medically supervised withdrawal management (detox) for alcohol, opioids and benzodiazepines. 24/7 admissions, nurses on site, connection to treatment after discharge.", "detox", "Riverbend Behavioral Health", 39.9480, -75.1700, "1200 Walnut Street", "19107", "215-555-0140", ["en", "es"], (EVERY_DAY, "00:00", "23:59"), False, "Adults; Medicaid accepted, uninsured welcome", 18, None),
    ("Bridge Clinic", "Low-barrier buprenorphine", "Same-day buprenorphine (Suboxone) starts and medication for opioid use disorder (MOUD). Walk-in, telehealth follow-up, naloxone to take home.", "moud", "Bridge Health", 39.9520, -75.1580, "88 Market Street", "19106", "215-555-0150", ["en"], (WEEKDAYS, "08:00", "18:00"), False, "Anyone 16 or older with opioid use disorder", 16, None),
    ("Clínica Puente", "Tratamiento con buprenorfina", "Tratamiento con buprenorfina (Suboxone) y metadona para el uso de opioides, en español. Consulta el mismo día, sin seguro médico también.", "moud", "Bridge Health", 39.9950, -75.1350, "2900 N 5th Street", "19133", "215-555-0160", ["es"], (WEEKDAYS, "09:00", "17:00"), False, "Mayores de 16 años", 16, None),
    ("Northside Community Food Pantry", "Free groceries", "Free groceries every Tuesday and Thursday: fresh produce, bread, canned goods. No paperwork; one visit a week per household.", "food", "Northside Neighbors", 39.9750, -75.1550, "1500 Girard Avenue", "19122", "215-555-0170", ["en"], ("TU,TH", "10:00", "14:00"), True, "Everyone", None, None),
    ("Despensa de Alimentos La Esperanza", "Comida gratis", "Despensa de alimentos gratis: frutas, verduras y productos básicos cada sábado. Se habla español.", "food", "Centro Comunitario La Esperanza", 39.9920, -75.1320, "3000 N Front Street", "19133", "215-555-0180", ["es", "en"], ("SA", "09:00", "13:00"), True, "Todas las familias", None, None),
    ("Riverbend Housing Stabilisation Program", "Rent help", "Emergency rental assistance and housing stabilisation: help with back rent, utility shut-offs and eviction prevention, with a housing counsellor.", "rent", "Riverbend Housing Coalition", 39.9530, -75.1620, "210 River Street", "19107", "215-555-0190", ["en", "es"], (WEEKDAYS, "09:00", "17:00"), True, "Riverbend residents behind on rent or at risk of eviction", 18, None),
    ("Ayuda con la Renta – Programa Hogar Seguro", "Asistencia para el alquiler", "Ayuda con la renta y los servicios públicos, prevención de desalojos y asesoría de vivienda en español.", "rent", "Centro Comunitario La Esperanza", 39.9925, -75.1325, "3000 N Front Street", "19133", "215-555-0200", ["es"], ("MO,WE,FR", "10:00", "16:00"), True, "Residentes de Riverbend", 18, None),
    ("Grupo de Apoyo en Español Nuevo Amanecer", "Grupo de recuperación", "Grupo de apoyo de recuperación en español para personas con problemas de alcohol o drogas y sus familias. Cada miércoles, gratis y confidencial.", "support", "Centro Comunitario La Esperanza", 39.9922, -75.1322, "3000 N Front Street", "19133", "215-555-0210", ["es"], ("WE", "18:30", "20:00"), True, "Abierto a todos", None, None),
    ("Riverbend Peer Recovery Community Center", "Recovery centre", "A peer-run recovery community centre: recovery coaching with people who have been there, all-recovery meetings, coffee, computers and a safe place to spend the day.", "peer", "Riverbend Recovery Community", 39.9500, -75.1650, "500 Spring Garden Street", "19123", "215-555-0220", ["en", "es"], (WEEKDAYS, "09:00", "21:00"), True, "Anyone in or seeking recovery, and families", None, None),
    ("Tuesday Night All-Recovery Meeting", "Mutual aid meeting", "An open mutual-aid meeting for any pathway of recovery (12-step, SMART, faith-based, medication-assisted). Drop in.", "support", "Riverbend Recovery Community", 39.9501, -75.1651, "500 Spring Garden Street", "19123", "215-555-0221", ["en"], ("TU", "19:00", "20:30"), True, "Everyone welcome", None, None),
    ("Riverbend Harm Reduction Services", "Naloxone and syringe services", "Free naloxone (Narcan), fentanyl test strips, sterile supplies, wound care and HIV/hepatitis C testing. No judgement.", "harm", "Prevention Point Riverbend", 39.9850, -75.1300, "2800 Kensington Avenue", "19134", "215-555-0230", ["en", "es"], (WEEKDAYS, "08:00", "16:00"), True, "Everyone", None, None),
    ("Tenant Legal Help Line", "Eviction legal aid", "Free legal advice for tenants facing eviction, unsafe housing or illegal lockouts. Lawyers can go to court with you.", "legal", "Riverbend Legal Aid", 39.9530, -75.1640, "1424 Chestnut Street", "19102", "215-555-0240", ["en", "es"], (WEEKDAYS, "09:00", "17:00"), True, "Low-income tenants", 18, None),
    ("Benefits Enrollment Desk", "SNAP and Medicaid", "Help applying for SNAP (food stamps), Medicaid, cash assistance and phone programs. Bring any ID you have.", "benefits", "Riverbend Community Action", 39.9700, -75.1600, "1700 N Broad Street", "19121", "215-555-0250", ["en", "es"], (WEEKDAYS, "09:00", "16:00"), True, "Riverbend residents", None, None),
    ("Walk-In Mental Health Clinic", "Crisis walk-in", "Same-day counselling and psychiatric care for anxiety, depression and trauma, with a sliding fee. Not for emergencies: call 988.", "mental", "Riverbend Behavioral Health", 39.9485, -75.1705, "1200 Walnut Street", "19107", "215-555-0260", ["en", "es"], (WEEKDAYS, "10:00", "19:00"), False, "Adults and teens 14 and over", 14, None),
    ("Daybreak Drop-In Center", "Showers and laundry", "A daytime drop-in centre for people experiencing homelessness: showers, laundry, mail, phone charging, breakfast and case management.", "hygiene", "Riverbend Housing Coalition", 39.9560, -75.1590, "230 River Street", "19107", "215-555-0270", ["en"], (EVERY_DAY, "07:00", "15:00"), True, "Adults", 18, None),
]  # fmt: skip

_LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def _service(spec) -> dict:
    (
        name,
        alternate,
        description,
        category,
        org_name,
        lat,
        lon,
        street,
        zip_code,
        phone,
        languages,
        (byday, opens, closes),
        free,
        eligibility,
        min_age,
        max_age,
    ) = spec
    sid = _id("service", name)
    org_id = _id("organization", org_name)
    loc_id = _id("location", name)
    sal_id = _id("sal", name)
    code, term_name, term_description = TERMS[category]
    service = {
        "id": sid,
        "name": name,
        "alternate_name": alternate,
        "description": description,
        "status": "active",
        "eligibility_description": eligibility,
        "fees_description": "Free"
        if free
        else "Insurance accepted; nobody turned away for inability to pay",
        "organization": {
            "id": org_id,
            "name": org_name,
            "description": f"{org_name} serves the Riverbend area.",
        },
        "phones": [{"id": _id("phone", name), "number": phone, "type": "voice"}],
        "languages": [
            {"id": _id("language", name, code_), "code": code_, "name": _LANGUAGE_NAMES[code_]}
            for code_ in languages
        ],
        "schedules": [
            {
                "id": _id("schedule", name),
                "freq": "WEEKLY",
                "byday": byday,
                "opens_at": opens,
                "closes_at": closes,
            }
        ],
        "service_at_locations": [
            {
                "id": sal_id,
                "location": {
                    "id": loc_id,
                    "location_type": "physical",
                    "name": name,
                    "organization_id": org_id,
                    "latitude": lat,
                    "longitude": lon,
                    "addresses": [
                        {
                            "id": _id("address", name),
                            "address_1": street,
                            "city": "Riverbend",
                            "state_province": "PA",
                            "postal_code": zip_code,
                            "country": "US",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "attributes": [
            {
                "id": _id("attribute", name, category),
                "link_type": "service_category",
                "taxonomy_term": {
                    "id": _id("term", category),
                    "code": code,
                    "name": term_name,
                    "description": term_description,
                    "taxonomy": TAXONOMY["name"],
                    "taxonomy_detail": TAXONOMY,
                },
            }
        ],
    }
    if free:
        service["cost_options"] = [
            {"id": _id("cost", name), "option": "Free", "amount": 0, "currency": "USD"}
        ]
    if min_age is not None:
        service["minimum_age"] = min_age
    if max_age is not None:
        service["maximum_age"] = max_age
    return service


def listings() -> list[dict]:
    """The demo's local services as a list of HSDS 3.0 service objects."""
    return [_service(spec) for spec in SERVICES]


def service_id(name: str) -> str:
    return _id("service", name)
