"""Evaluation corpus: base listings, each published by two or three providers in different
neighbourhoods (so a category has 4-12 relevant listings and distance matters).

Written to read like real 211 listings: the words a provider uses ("withdrawal
management", "housing stabilization", "office-based opioid treatment") are often not the
words a person in need uses ("detox", "rent help", "suboxone doctor"). Categories are never
indexed; they only drive the judgments.
"""

# (neighbourhood, lat, lon)
HOODS = [
    ("Center City", 39.9526, -75.1652),
    ("North", 40.0080, -75.1500),
    ("West", 39.9610, -75.2250),
    ("South", 39.9220, -75.1720),
    ("Riverside", 39.9440, -75.1190),
    ("Chester", 39.8490, -75.3560),
]

# category, name, description, languages, (min_age, max_age) or None, number of providers
LISTINGS = [
    # --- Shelter ---
    (
        "shelter",
        "Harbor Light Emergency Shelter",
        "Overnight emergency beds for adults 18 and over. Doors open at 7 pm, first come first "
        "served. Dinner, showers and lockers. No ID required.",
        ["en"],
        (18, None),
        3,
    ),
    (
        "shelter",
        "Low-Barrier Night Shelter",
        "Intake around the clock for people experiencing homelessness. Couples and pets welcome, "
        "no sobriety requirement, storage for belongings.",
        ["en"],
        (18, None),
        2,
    ),
    (
        "shelter",
        "Code Blue Warming Center",
        "When the temperature drops below freezing we open cots, blankets and hot drinks "
        "overnight for anyone sleeping outside.",
        ["en", "es"],
        None,
        2,
    ),
    (
        "shelter",
        "Albergue Nocturno San José",
        "Camas de emergencia para adultos sin hogar. Abrimos a las 6 de la tarde, con cena "
        "caliente y ducha. Se habla español.",
        ["es"],
        (18, None),
        2,
    ),
    (
        "shelter_family",
        "Hope House Family Emergency Housing",
        "Short-term private rooms for parents with children who have lost their home, with a "
        "case manager to plan the next move.",
        ["en"],
        None,
        2,
    ),
    (
        "shelter_family",
        "Refugio Familiar La Esperanza",
        "Habitaciones temporales para familias con niños que perdieron su vivienda. Atención en "
        "español e inglés.",
        ["es", "en"],
        None,
        2,
    ),
    (
        "shelter_youth",
        "Covenant Youth Drop-In and Beds",
        "A safe place for young people aged 18 to 24 who have nowhere to stay: beds, meals, "
        "case management and help finding housing.",
        ["en"],
        (18, 24),
        2,
    ),
    (
        "shelter_youth",
        "Safe Place Teen Shelter",
        "Emergency beds and family mediation for teenagers 13 to 17 who have run away or been "
        "kicked out of home.",
        ["en"],
        (13, 17),
        2,
    ),
    (
        "violence",
        "Women's Safe Haven",
        "Confidential shelter and a 24-hour hotline for survivors of domestic violence and their "
        "children; safety planning and court advocacy.",
        ["en"],
        None,
        2,
    ),
    (
        "violence",
        "Casa Segura",
        "Refugio confidencial y línea de ayuda las 24 horas para sobrevivientes de violencia "
        "doméstica. Todo el personal habla español.",
        ["es"],
        None,
        2,
    ),
    # --- Housing costs ---
    (
        "rent",
        "Housing Stabilization Program",
        "One-time financial assistance for tenants at risk of losing their home: arrears, "
        "security deposits and first month's payment for households under 50% of area median "
        "income.",
        ["en"],
        None,
        3,
    ),
    (
        "rent",
        "Emergency Rental Assistance",
        "Grants paid directly to landlords to cover up to three months of overdue rent for "
        "renters with a notice to quit.",
        ["en", "es"],
        None,
        2,
    ),
    (
        "rent",
        "Programa de Ayuda con el Alquiler",
        "Ayuda económica para pagar el alquiler atrasado y evitar el desalojo. Citas en español.",
        ["es"],
        None,
        2,
    ),
    (
        "eviction_legal",
        "Tenant Legal Defense Clinic",
        "Free lawyers for renters who have a court date in landlord-tenant court or a lockout "
        "threat.",
        ["en"],
        None,
        2,
    ),
    (
        "utilities",
        "LIHEAP Energy Assistance",
        "Grants toward heating and electric bills for low-income households, and crisis grants "
        "to restore service after a shutoff.",
        ["en", "es"],
        None,
        2,
    ),
    (
        "utilities",
        "Water Bill Help",
        "Income-based water bill payment plans and debt forgiveness for homeowners and renters.",
        ["en"],
        None,
        1,
    ),
    (
        "housing",
        "Rapid Re-Housing",
        "Case managers help households experiencing homelessness find an apartment and pay the "
        "first months while they get back on their feet.",
        ["en"],
        None,
        2,
    ),
    (
        "housing",
        "Permanent Supportive Housing Intake",
        "Long-term affordable apartments with on-site support for people with disabilities who "
        "have been homeless a long time.",
        ["en"],
        None,
        1,
    ),
    (
        "soberhome",
        "Oxford House Chapter",
        "Democratically run, self-supporting homes where people in recovery live together "
        "drug and alcohol free. Openings posted weekly.",
        ["en"],
        (18, None),
        2,
    ),
    (
        "soberhome",
        "Serenity Recovery Residence",
        "Certified recovery residence with house meetings, curfew and peer mentors; residents "
        "attend outpatient treatment or work.",
        ["en"],
        (18, None),
        2,
    ),
    (
        "soberhome",
        "Casa de Recuperación Nuevo Amanecer",
        "Vivienda de recuperación para hombres, libre de alcohol y drogas, con reuniones en "
        "español.",
        ["es"],
        (18, None),
        2,
    ),
    # --- Food ---
    (
        "food",
        "Community Food Pantry",
        "Free groceries once a week: canned goods, fresh produce and bread. Bring a bag; no "
        "paperwork needed.",
        ["en"],
        None,
        3,
    ),
    (
        "food",
        "Despensa de Alimentos Santa María",
        "Alimentos gratis cada sábado: arroz, frijoles y verduras frescas. No se requiere "
        "identificación.",
        ["es", "en"],
        None,
        2,
    ),
    (
        "food",
        "Mobile Market",
        "A truck with free fresh fruit and vegetables visits neighbourhood parking lots twice a "
        "month.",
        ["en"],
        None,
        2,
    ),
    (
        "meals",
        "St. Anne's Soup Kitchen",
        "Hot lunch served Monday to Friday from 11:30 to 1, no questions asked.",
        ["en"],
        None,
        2,
    ),
    (
        "meals",
        "Comedor Comunitario",
        "Almuerzo caliente gratis de lunes a viernes para quien lo necesite.",
        ["es"],
        None,
        2,
    ),
    (
        "meals",
        "Community Supper",
        "A free sit-down dinner every Thursday evening, everyone welcome.",
        ["en"],
        None,
        1,
    ),
    (
        "snap",
        "SNAP Application Help",
        "Help applying for SNAP and renewing your EBT card; we fill in the forms with you.",
        ["en"],
        None,
        2,
    ),
    (
        "snap",
        "Ayuda con Cupones de Alimentos",
        "Le ayudamos a solicitar los cupones de alimentos (SNAP) en español.",
        ["es"],
        None,
        1,
    ),
    (
        "snap",
        "WIC Nutrition Program",
        "Healthy food, formula and nutrition advice for pregnant people, new parents and "
        "children under five.",
        ["en", "es"],
        None,
        1,
    ),
    # --- Substance use ---
    (
        "detox",
        "Mercy Hospital Withdrawal Management Unit",
        "Medically monitored inpatient withdrawal management for alcohol, opioids and "
        "benzodiazepines; stays of 3 to 7 days with nursing around the clock.",
        ["en"],
        (18, None),
        2,
    ),
    (
        "detox",
        "Crossroads Detox Center",
        "Walk-in detoxification with same-day admission when beds are open; a peer specialist "
        "meets you at intake.",
        ["en"],
        (18, None),
        2,
    ),
    (
        "detox",
        "Unidad de Desintoxicación",
        "Atención médica para dejar el alcohol o las drogas de forma segura, con personal que "
        "habla español.",
        ["es"],
        (18, None),
        1,
    ),
    (
        "moud",
        "Bridge Clinic",
        "Low-barrier office-based opioid treatment: buprenorphine prescriptions the same day, "
        "no insurance needed.",
        ["en"],
        (18, None),
        2,
    ),
    (
        "moud",
        "Opioid Treatment Program",
        "Daily methadone dosing with counseling and take-homes as you stabilise.",
        ["en", "es"],
        (18, None),
        2,
    ),
    (
        "moud",
        "Family Health Center MOUD",
        "Medications for opioid use disorder (buprenorphine and naltrexone) prescribed by your "
        "primary care team during regular visits.",
        ["en"],
        None,
        2,
    ),
    (
        "moud",
        "Tratamiento con Buprenorfina",
        "Recetas de buprenorfina para el uso de opioides, en español, sin seguro médico.",
        ["es"],
        (18, None),
        1,
    ),
    (
        "harm",
        "Prevention Point Syringe Services",
        "Sterile syringes, naloxone kits, fentanyl test strips and wound care, no judgement.",
        ["en"],
        None,
        2,
    ),
    (
        "harm",
        "Overdose Prevention Outreach",
        "Street outreach handing out Narcan and teaching overdose response.",
        ["en"],
        None,
        2,
    ),
    (
        "harm",
        "Programa de Reducción de Daños",
        "Jeringas estériles, naloxona y pruebas de fentanilo. Atención en español.",
        ["es"],
        None,
        1,
    ),
    (
        "treatment",
        "Intensive Outpatient Program",
        "Three-hour group sessions three evenings a week for alcohol and drug use, so you can "
        "keep working.",
        ["en"],
        (18, None),
        2,
    ),
    (
        "treatment",
        "Riverbend Residential Rehab",
        "A 28-day residential program for substance use disorders with individual and family "
        "sessions.",
        ["en"],
        (18, None),
        2,
    ),
    (
        "treatment",
        "Centro de Tratamiento de Adicciones",
        "Tratamiento ambulatorio para el alcoholismo y las adicciones, en español.",
        ["es"],
        (18, None),
        1,
    ),
    (
        "support",
        "Peer Recovery Support Group",
        "Weekly peer-led mutual support meetings for people in recovery from substance use.",
        ["en"],
        None,
        2,
    ),
    (
        "support",
        "SMART Recovery Meeting",
        "Science-based self-help meetings, Wednesdays at 6 pm, also online.",
        ["en"],
        None,
        2,
    ),
    (
        "support",
        "Alcoholics Anonymous Tuesday Noon Group",
        "Open AA meeting, anyone who wants to stop drinking is welcome.",
        ["en"],
        None,
        2,
    ),
    (
        "support",
        "Narcotics Anonymous Hope Group",
        "NA meeting every night at 8 pm in the church basement.",
        ["en"],
        None,
        2,
    ),
    (
        "support_es",
        "Grupo de Apoyo para la Recuperación",
        "Reunión semanal de apoyo entre compañeros, en español, para personas en recuperación "
        "del alcohol y las drogas.",
        ["es"],
        None,
        2,
    ),
    (
        "support_es",
        "Alcohólicos Anónimos Grupo Nueva Vida",
        "Reuniones de AA en español los lunes y jueves a las 7 de la noche.",
        ["es"],
        None,
        1,
    ),
    (
        "family_support",
        "Al-Anon Family Group",
        "Support for family members and friends of people who drink.",
        ["en"],
        None,
        2,
    ),
    (
        "family_support",
        "Grupo para Familias",
        "Apoyo para familiares de personas con adicciones, en español.",
        ["es"],
        None,
        1,
    ),
    # --- Mental health ---
    (
        "counsel",
        "Community Counseling Center",
        "Individual therapy for depression, anxiety and trauma, sliding-scale fees.",
        ["en"],
        None,
        2,
    ),
    (
        "counsel",
        "Clínica de Salud Mental Latina",
        "Terapia y consejería en español para adultos y familias.",
        ["es"],
        None,
        2,
    ),
    (
        "counsel",
        "Psychiatric Medication Clinic",
        "Psychiatric evaluations and medication management; walk-in Tuesdays.",
        ["en"],
        None,
        1,
    ),
    (
        "crisis",
        "988 Suicide and Crisis Lifeline",
        "Call or text 988 any time, free and confidential, for emotional distress or thoughts of "
        "suicide.",
        ["en", "es"],
        None,
        1,
    ),
    (
        "crisis",
        "Mobile Crisis Team",
        "Mental health clinicians come to you within an hour during a mental health emergency.",
        ["en"],
        None,
        2,
    ),
    (
        "crisis",
        "Línea de Crisis en Español",
        "Consejeros que hablan español disponibles día y noche si está pasando por una crisis.",
        ["es"],
        None,
        1,
    ),
    # --- Legal, work, papers, benefits ---
    (
        "legal",
        "Community Legal Services",
        "Free civil legal help with benefits, family law and consumer debt for people with low "
        "income.",
        ["en"],
        None,
        2,
    ),
    (
        "legal",
        "Expungement and Record Sealing Clinic",
        "Attorneys help clear or seal criminal records so they do not show up on background "
        "checks.",
        ["en"],
        None,
        2,
    ),
    (
        "legal",
        "Asesoría Legal Gratuita",
        "Abogados voluntarios para casos de inmigración y familia, en español.",
        ["es"],
        None,
        1,
    ),
    (
        "job",
        "Second Chance Employment Center",
        "Job readiness classes, resume help and connections to employers who hire people with "
        "records.",
        ["en"],
        (18, None),
        2,
    ),
    (
        "job",
        "Workforce Career Link",
        "Free job search help, computers and training vouchers for in-demand careers.",
        ["en"],
        None,
        2,
    ),
    (
        "job",
        "Centro de Empleo",
        "Ayuda para buscar trabajo y preparar su currículum, en español.",
        ["es"],
        None,
        1,
    ),
    (
        "id",
        "ID Replacement Program",
        "Help getting a state photo ID, birth certificate and Social Security card, with fees "
        "covered.",
        ["en"],
        None,
        2,
    ),
    (
        "id",
        "Ayuda con Documentos de Identidad",
        "Le ayudamos a obtener su identificación y acta de nacimiento.",
        ["es"],
        None,
        1,
    ),
    (
        "benefits",
        "Benefits Enrollment Navigators",
        "Navigators help you apply for Medicaid, SSI and cash assistance, and appeal a denial.",
        ["en"],
        None,
        2,
    ),
    (
        "benefits",
        "Inscripción en Seguro Médico",
        "Ayuda en español para inscribirse en Medicaid y otros seguros de salud.",
        ["es"],
        None,
        1,
    ),
    # --- Health ---
    (
        "medical",
        "Federally Qualified Health Center",
        "Primary care, checkups and chronic disease care on a sliding scale; same-day sick visits.",
        ["en", "es"],
        None,
        2,
    ),
    (
        "medical",
        "Street Medicine Outreach",
        "A nurse and doctor team providing care on the street and in encampments.",
        ["en"],
        None,
        1,
    ),
    (
        "medical",
        "Clínica Comunitaria",
        "Atención médica general para adultos y niños, sin seguro, en español.",
        ["es"],
        None,
        1,
    ),
    (
        "dental",
        "Community Dental Clinic",
        "Cleanings, fillings and emergency extractions for adults without dental insurance.",
        ["en"],
        None,
        2,
    ),
    (
        "dental",
        "Clínica Dental Familiar",
        "Servicios dentales de bajo costo para toda la familia.",
        ["es"],
        None,
        1,
    ),
    (
        "hiv",
        "HIV and Hepatitis C Testing",
        "Free rapid testing, PrEP and linkage to treatment, results in 20 minutes.",
        ["en"],
        None,
        2,
    ),
    (
        "hiv",
        "Pruebas de VIH Gratis",
        "Pruebas rápidas y confidenciales de VIH, en español.",
        ["es"],
        None,
        1,
    ),
    # --- Everyday needs ---
    (
        "ride",
        "Medical Rides Program",
        "Free rides to medical and treatment appointments for Medicaid members; book two days "
        "ahead.",
        ["en"],
        None,
        2,
    ),
    (
        "ride",
        "Bus Pass Assistance",
        "Monthly transit passes for people getting to work, school or recovery meetings.",
        ["en"],
        None,
        1,
    ),
    (
        "clothes",
        "Clothing Closet",
        "Free coats, shoes and interview outfits, once a month.",
        ["en"],
        None,
        2,
    ),
    (
        "clothes",
        "Ropero Comunitario",
        "Ropa gratis para adultos y niños, los martes.",
        ["es"],
        None,
        1,
    ),
    (
        "hygiene",
        "Shower and Laundry Day Center",
        "Hot showers, washing machines, toiletries and a mailing address for people without a "
        "home.",
        ["en"],
        None,
        2,
    ),
    (
        "reentry",
        "Reentry Support Center",
        "For people coming home from prison or jail: housing referrals, IDs and mentors who have "
        "been there.",
        ["en"],
        (18, None),
        2,
    ),
    (
        "reentry",
        "Programa de Reingreso",
        "Apoyo para personas que salen de la cárcel: vivienda, empleo y documentos.",
        ["es"],
        (18, None),
        1,
    ),
    (
        "veteran",
        "Veterans Resource Center",
        "Help for veterans with VA benefits, HUD-VASH housing vouchers and peer mentors.",
        ["en"],
        None,
        2,
    ),
    (
        "child",
        "Child Care Subsidy Office",
        "Help paying for daycare for working parents and parents in treatment.",
        ["en"],
        None,
        1,
    ),
    (
        "child",
        "Guardería Comunitaria",
        "Cuidado infantil de bajo costo para niños de 6 semanas a 5 años.",
        ["es"],
        None,
        1,
    ),
    (
        "gambling",
        "Problem Gambling Helpline",
        "Free, confidential support for people whose betting has got out of control, and their "
        "families.",
        ["en"],
        None,
        1,
    ),
    # --- Distractors: share words with real needs, are not what anyone means ---
    (
        "other",
        "City Animal Shelter",
        "Pet adoption, lost and found animals, and low-cost spay and neuter.",
        ["en"],
        None,
        2,
    ),
    (
        "other",
        "Public Library Computer Lab",
        "Free computers, printing and Wi-Fi; staff help with email and online forms.",
        ["en"],
        None,
        2,
    ),
    (
        "other",
        "Free Tax Preparation (VITA)",
        "IRS-certified volunteers prepare and e-file returns for households earning under $67,000.",
        ["en", "es"],
        None,
        2,
    ),
    (
        "other",
        "Senior Center",
        "Lunch, exercise classes and trips for adults 60 and older.",
        ["en"],
        (60, None),
        2,
    ),
    (
        "other",
        "Driver's License Center",
        "Road tests, license renewals and vehicle registration.",
        ["en"],
        None,
        1,
    ),
    (
        "other",
        "Youth Soccer League",
        "Recreational soccer for kids 6 to 14, scholarships available.",
        ["en"],
        (6, 14),
        1,
    ),
    (
        "other",
        "Hardware Store Tool Library",
        "Borrow drills, ladders and lawn tools for free with a library card.",
        ["en"],
        None,
        1,
    ),
    (
        "other",
        "Bed Bug Inspection Service",
        "Inspections and heat treatment for homes and apartments with bed bugs.",
        ["en"],
        None,
        1,
    ),
]


def services():
    """The corpus as plain dicts: one per (listing, provider)."""
    out = []
    for n, (category, name, description, languages, ages, providers) in enumerate(LISTINGS):
        for p in range(2 * providers):
            hood, lat, lon = HOODS[(n + 2 * p) % len(HOODS)]
            out.append(
                {
                    "id": f"eval-{n:03d}-{p}",
                    "category": category,
                    # Same name and text at every provider (one embedding per listing); the
                    # neighbourhood is in the location, as in real multi-site listings.
                    "name": name,
                    "description": description,
                    "languages": languages,
                    "min_age": ages[0] if ages else None,
                    "max_age": ages[1] if ages else None,
                    "hood": hood,
                    "lat": lat,
                    "lon": lon,
                }
            )
    return out
