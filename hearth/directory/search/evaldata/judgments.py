"""Judged queries: graded relevance (3 = exactly this, 2 = very useful, 1 = somewhat
useful, unlisted = 0) by listing category, written from what peers say people ask for.

``language`` is a hard filter (the listing must offer that language), ``origin`` a
neighbourhood the person is in: listings more than 8 km away lose one grade (never below 1).
``kind``: lay (everyday English), es (Spanish), typo (misspelt), filter (with a filter or
origin).
"""

SHELTER = {"shelter": 3, "shelter_family": 2, "shelter_youth": 2, "violence": 1}
REHAB = {"treatment": 3, "detox": 2, "moud": 1, "soberhome": 1}

QUERIES = [
    # --- lay English ---
    {"q": "somewhere to sleep tonight", "rel": SHELTER, "kind": "lay"},
    {"q": "shelter", "rel": SHELTER, "kind": "lay"},
    {"q": "I have nowhere to stay", "rel": SHELTER, "kind": "lay"},
    {
        "q": "it's freezing and I'm sleeping outside",
        "rel": {"shelter": 3, "shelter_youth": 1},
        "kind": "lay",
    },
    {
        "q": "shelter for me and my kids",
        "rel": {"shelter_family": 3, "shelter": 1, "violence": 1},
        "kind": "lay",
    },
    {
        "q": "my boyfriend hits me and I need to get out",
        "rel": {"violence": 3, "shelter": 1, "crisis": 1},
        "kind": "lay",
    },
    {
        "q": "17 and got kicked out of my house",
        "rel": {"shelter_youth": 3, "shelter": 1},
        "kind": "lay",
    },
    {"q": "rent help", "rel": {"rent": 3, "eviction_legal": 1, "housing": 1}, "kind": "lay"},
    {
        "q": "behind on my rent and the landlord wants me out",
        "rel": {"rent": 3, "eviction_legal": 2},
        "kind": "lay",
    },
    {
        "q": "eviction court next week",
        "rel": {"eviction_legal": 3, "rent": 2, "legal": 1},
        "kind": "lay",
    },
    {"q": "can't pay my electric bill", "rel": {"utilities": 3}, "kind": "lay"},
    {"q": "help finding an apartment", "rel": {"housing": 3, "rent": 1}, "kind": "lay"},
    {"q": "sober living house", "rel": {"soberhome": 3}, "kind": "lay"},
    {"q": "detox", "rel": {"detox": 3, "treatment": 1, "moud": 1}, "kind": "lay"},
    {"q": "dope sick and need help now", "rel": {"detox": 3, "moud": 2, "harm": 1}, "kind": "lay"},
    {
        "q": "I want to stop drinking",
        "rel": {"detox": 2, "treatment": 2, "support": 2, "support_es": 1},
        "kind": "lay",
    },
    {"q": "suboxone doctor", "rel": {"moud": 3}, "kind": "lay"},
    {"q": "methadone clinic", "rel": {"moud": 3}, "kind": "lay"},
    {"q": "rehab", "rel": REHAB, "kind": "lay"},
    {"q": "narcan", "rel": {"harm": 3}, "kind": "lay"},
    {"q": "clean needles", "rel": {"harm": 3}, "kind": "lay"},
    {"q": "aa meeting", "rel": {"support": 3, "support_es": 2}, "kind": "lay"},
    {
        "q": "support group for recovery",
        "rel": {"support": 3, "support_es": 2, "family_support": 1},
        "kind": "lay",
    },
    {
        "q": "my son is using and I need support",
        "rel": {"family_support": 3, "support": 1, "counsel": 1},
        "kind": "lay",
    },
    {"q": "food", "rel": {"food": 3, "meals": 3, "snap": 1}, "kind": "lay"},
    {"q": "free groceries", "rel": {"food": 3, "snap": 1, "meals": 1}, "kind": "lay"},
    {"q": "hot meal today", "rel": {"meals": 3, "food": 1}, "kind": "lay"},
    {"q": "food stamps", "rel": {"snap": 3, "food": 1}, "kind": "lay"},
    {
        "q": "someone to talk to about my depression",
        "rel": {"counsel": 3, "crisis": 1},
        "kind": "lay",
    },
    {"q": "I want to kill myself", "rel": {"crisis": 3, "counsel": 1}, "kind": "lay"},
    {"q": "need a lawyer", "rel": {"legal": 3, "eviction_legal": 2}, "kind": "lay"},
    {"q": "clear my criminal record", "rel": {"legal": 3, "reentry": 1}, "kind": "lay"},
    {"q": "need a job", "rel": {"job": 3, "reentry": 1}, "kind": "lay"},
    {"q": "lost my ID", "rel": {"id": 3, "reentry": 1}, "kind": "lay"},
    {"q": "sign up for medicaid", "rel": {"benefits": 3, "medical": 1}, "kind": "lay"},
    {"q": "doctor without insurance", "rel": {"medical": 3, "dental": 1}, "kind": "lay"},
    {"q": "toothache", "rel": {"dental": 3}, "kind": "lay"},
    {"q": "ride to my appointment", "rel": {"ride": 3}, "kind": "lay"},
    {"q": "warm coat", "rel": {"clothes": 3}, "kind": "lay"},
    {"q": "where can I take a shower", "rel": {"hygiene": 3, "shelter": 1}, "kind": "lay"},
    {"q": "just got out of prison", "rel": {"reentry": 3, "job": 1, "id": 1}, "kind": "lay"},
    {"q": "veteran benefits", "rel": {"veteran": 3, "benefits": 1}, "kind": "lay"},
    {"q": "daycare so I can go to treatment", "rel": {"child": 3}, "kind": "lay"},
    {"q": "hiv test", "rel": {"hiv": 3}, "kind": "lay"},
    {"q": "gambling problem", "rel": {"gambling": 3}, "kind": "lay"},
    # --- Spanish ---
    {"q": "ayuda con la renta", "rel": {"rent": 3, "eviction_legal": 1}, "kind": "es"},
    {
        "q": "grupo de apoyo en español",
        "rel": {"support_es": 3, "family_support": 1, "support": 1},
        "kind": "es",
    },
    {"q": "comida", "rel": {"food": 3, "meals": 3, "snap": 1}, "kind": "es"},
    {"q": "albergue", "rel": SHELTER, "kind": "es"},
    {"q": "necesito un lugar para dormir", "rel": SHELTER, "kind": "es"},
    {"q": "desintoxicación", "rel": {"detox": 3, "treatment": 1}, "kind": "es"},
    {"q": "metadona", "rel": {"moud": 3}, "kind": "es"},
    {"q": "ropa gratis", "rel": {"clothes": 3}, "kind": "es"},
    {"q": "abogado gratis", "rel": {"legal": 3, "eviction_legal": 2}, "kind": "es"},
    {"q": "busco trabajo", "rel": {"job": 3}, "kind": "es"},
    {"q": "terapia para la ansiedad", "rel": {"counsel": 3}, "kind": "es"},
    {"q": "me van a desalojar", "rel": {"rent": 3, "eviction_legal": 3}, "kind": "es"},
    {"q": "violencia doméstica", "rel": {"violence": 3}, "kind": "es"},
    {"q": "cupones de alimentos", "rel": {"snap": 3, "food": 1}, "kind": "es"},
    {"q": "prueba de vih", "rel": {"hiv": 3}, "kind": "es"},
    # --- misspellings ---
    {"q": "shleter", "rel": SHELTER, "kind": "typo"},
    {"q": "suboxne", "rel": {"moud": 3}, "kind": "typo"},
    {"q": "detx center", "rel": {"detox": 3, "treatment": 1}, "kind": "typo"},
    {"q": "food pantyr", "rel": {"food": 3, "meals": 1}, "kind": "typo"},
    {"q": "methadon", "rel": {"moud": 3}, "kind": "typo"},
    {"q": "narcann", "rel": {"harm": 3}, "kind": "typo"},
    {"q": "ayuda con la rneta", "rel": {"rent": 3, "eviction_legal": 1}, "kind": "typo"},
    {"q": "councelling", "rel": {"counsel": 3}, "kind": "typo"},
    {"q": "expungment", "rel": {"legal": 3}, "kind": "typo"},
    # --- with filters / origin ---
    {
        "q": "support group",
        "language": "es",
        "rel": {"support_es": 3, "family_support": 2},
        "kind": "filter",
    },
    {"q": "food", "language": "es", "rel": {"food": 3, "meals": 3, "snap": 1}, "kind": "filter"},
    {"q": "counseling", "language": "es", "rel": {"counsel": 3, "crisis": 1}, "kind": "filter"},
    {"q": "shelter", "language": "es", "rel": SHELTER, "kind": "filter"},
    {"q": "food pantry", "origin": "North", "rel": {"food": 3, "meals": 1}, "kind": "filter"},
    {"q": "somewhere to sleep tonight", "origin": "Chester", "rel": SHELTER, "kind": "filter"},
    {"q": "suboxone", "origin": "West", "rel": {"moud": 3}, "kind": "filter"},
]
