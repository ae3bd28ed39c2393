"""The Spanish catalogue speaks in "tú", never "usted" (docs/decisions/0042).

Hearth is a peer speaking to a peer, on every screen: staff, participants, anonymous
warmline visitors and crisis text. This guard catches the clearest signs of "usted" in a
translation: the word itself, or a sentence that starts with a formal imperative
("Elija", "Revise", ...). It cannot catch every formal verb form ("puede", "su"), which
often rightly refers to a third person; reviewers still read new strings for register.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
from django.conf import settings

PO_PATH = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"

USTED = re.compile(r"\busted(?:es)?\b", re.IGNORECASE)

# Formal (usted) imperatives, with their tú forms for the translator.
USTED_IMPERATIVES = {
    "Elija": "Elige",
    "Escriba": "Escribe",
    "Revise": "Revisa",
    "Vuelva": "Vuelve",
    "Pulse": "Pulsa",
    "Añada": "Añade",
    "Marque": "Marca",
    "Intente": "Intenta",
    "Compruebe": "Comprueba",
    "Pida": "Pide",
    "Llame": "Llama",
    "Guarde": "Guarda",
    "Descargue": "Descarga",
    "Seleccione": "Selecciona",
    "Indique": "Indica",
    "Consulte": "Consulta",
    "Ofrezca": "Ofrece",
    "Pregunte": "Pregunta",
    "Quédese": "Quédate",
    "Espere": "Espera",
    "Busque": "Busca",
    "Asegúrese": "Asegúrate",
}

# A sentence starts at the beginning of the string, after . ! ? : ; … and a space, after
# an opening ¿ ¡ « “ ( or after a line break.
SENTENCE_START_IMPERATIVE = re.compile(
    r"(?:^|[.!?:;…]\s+|[¿¡«“\"(]\s*|\n\s*)(" + "|".join(USTED_IMPERATIVES) + r")\b",
    re.IGNORECASE,
)


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _problems(text: str) -> list[str]:
    found = [f"«{m.group(0)}»" for m in USTED.finditer(text)]
    for m in SENTENCE_START_IMPERATIVE.finditer(text):
        word = m.group(1)
        tu = USTED_IMPERATIVES[next(k for k in USTED_IMPERATIVES if k.lower() == word.lower())]
        found.append(f"«{word}» (tú: «{tu}»)")
    return found


def test_spanish_catalogue_uses_tu_not_usted():
    bad = []
    for entry in polib.pofile(str(PO_PATH)):
        if entry.obsolete:
            continue
        for text in _translations(entry):
            problems = _problems(text)
            if problems:
                bad.append(f"  {entry.msgid!r} -> {text!r}: {', '.join(problems)}")
    assert not bad, "Spanish strings in usted; Hearth uses tú (docs/decisions/0042):\n" + "\n".join(
        bad
    )


def test_the_guard_spots_usted():
    assert _problems("Otra persona cambió este pagador mientras usted lo editaba.")
    assert _problems("Elija un periodo; luego descargue el archivo.") == ["«Elija» (tú: «Elige»)"]
    assert _problems("La página cambió. Vuelva a cargarla.")
    assert _problems("«¿Quédese conmigo?»")
    assert not _problems("Elige un periodo y luego descarga el archivo. Estoy aquí contigo.")
    assert not _problems("Aquí no hay ninguna nota firmada que espere una cofirma.")
