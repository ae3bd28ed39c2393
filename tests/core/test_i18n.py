"""Every screen exists in English and Spanish, and stays that way.

* The Spanish catalogue is complete (nothing untranslated or fuzzy), its compiled ``.mo`` is
  not stale, and it covers every string marked in our code and templates.
* Translations keep placeholders, HTML and the crisis numbers and keywords exactly.
* Pages render in Spanish from the language cookie, and a signed-in person's choice follows
  them to a new device.
* No template shows English text that was never marked for translation.

When one of these fails after you changed a template or code:
    .venv/bin/python manage.py makemessages -l es --ignore=.venv --ignore=var --ignore=tests \
        --ignore=bench --ignore=docs
    # translate the new/fuzzy entries in locale/es/LC_MESSAGES/django.po
    .venv/bin/python manage.py compilemessages --ignore=.venv
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from hearth.core.policy import Role
from tests.conftest import signed_in_client

BASE_DIR = Path(settings.BASE_DIR)
PO_PATH = BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
TEMPLATES_DIR = BASE_DIR / "templates"
# Mirrors the makemessages command above: everything else in the repository is scanned.
NOT_SCANNED = {".venv", "var", "tests", "bench", "docs", "locale", "node_modules"}

ES = {settings.LANGUAGE_COOKIE_NAME: "es"}


def _catalogue() -> polib.POFile:
    return polib.pofile(str(PO_PATH))


def _live(po) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def _key(entry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


def _value(entry):
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return entry.msgstr


def _describe(entries) -> str:
    return "\n".join(
        f"  {e.msgid!r} ({e.occurrences[0][0] if e.occurrences else '?'})" for e in entries
    )


# --- (a) the catalogue is complete, and the compiled file matches it --------------------------


def test_catalogue_header_is_spanish_with_two_plural_forms():
    po = _catalogue()
    assert not po.metadata_is_fuzzy, "remove '#, fuzzy' from the catalogue header"
    assert po.metadata["Language"] == "es"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n!=1);"


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = _live(_catalogue())
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    untranslated = [e for e in entries if not e.translated() and e not in fuzzy]
    assert not fuzzy, "Fuzzy entries (check, fix, remove the flag):\n" + _describe(fuzzy)
    assert not untranslated, "Untranslated entries:\n" + _describe(untranslated)
    assert len(entries) > 100  # the real catalogue, not an empty placeholder


def test_compiled_catalogue_is_not_stale():
    """The .mo is committed (so no gettext is needed to run Hearth): it must say what the .po
    says. Compare both as parsed catalogues, not by file date, which git does not keep."""
    assert MO_PATH.exists(), "run: .venv/bin/python manage.py compilemessages --ignore=.venv"
    po = {_key(e): _value(e) for e in _live(_catalogue()) if e.translated()}
    mo = {_key(e): _value(e) for e in polib.mofile(str(MO_PATH)) if e.msgid}
    assert mo == po, (
        "locale/es/LC_MESSAGES/django.mo is out of date: "
        "run .venv/bin/python manage.py compilemessages --ignore=.venv"
        f"\n  only in .po: {sorted(set(po) - set(mo))[:10]}"
        f"\n  only in .mo: {sorted(set(mo) - set(po))[:10]}"
        f"\n  different: {sorted(k for k in set(po) & set(mo) if po[k] != mo[k])[:10]}"
    )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_covers_every_marked_string(tmp_path, settings, monkeypatch):
    """Run makemessages on a copy of the sources so the real catalogue is never touched; any
    marked string not yet in locale/es means someone forgot to update the catalogue."""
    for item in BASE_DIR.iterdir():
        if item.name in NOT_SCANNED or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(
                item, tmp_path / item.name, ignore=shutil.ignore_patterns("__pycache__")
            )
        elif item.suffix in {".py", ".html", ".txt"}:
            shutil.copy2(item, tmp_path / item.name)
    target = tmp_path / "locale" / "es" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy2(PO_PATH, target / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["es"], verbosity=0)

    ours = {_key(e) for e in _live(_catalogue())}
    fresh = _live(polib.pofile(str(target / "django.po")))
    assert ("", "Get help now") in {_key(e) for e in fresh}, "makemessages found no sources"
    missing = [e for e in fresh if _key(e) not in ours]
    assert not missing, (
        "Strings marked for translation but missing from locale/es (see this module's "
        "docstring for the commands):\n" + _describe(missing)
    )


# --- (b) translations keep placeholders, markup, numbers and keywords ------------------------

NAMED = re.compile(r"%\(\w+\)[#0 +\-]*\d*(?:\.\d+)?[a-zA-Z]")
POSITIONAL = re.compile(r"%[#0 +\-]*\d*(?:\.\d+)?[sdifr]")
BRACES = re.compile(r"\{\w*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Phone and text numbers (3+ digits: 911, 988, 741741, 1-800-…) and all-caps keywords people
# must type or say exactly (HOME, AYUDA, START, SAMHSA…).
NUMBER = re.compile(r"\d[\d\-]{2,}\d|\d{3,}")
KEYWORD = re.compile(r"\b[A-Z]{4,}\b")


def _placeholders(text: str, entry) -> tuple:
    text = text.replace("%%", "")
    named = frozenset(NAMED.findall(text))
    positional = ()
    if "python-format" in entry.flags:
        positional = tuple(POSITIONAL.findall(NAMED.sub("", text)))
    braces = frozenset(BRACES.findall(text)) if "python-brace-format" in entry.flags else ()
    return named, positional, braces


def _pairs(entry):
    """(source, translation) pairs: the singular with msgstr[0], the plural with the rest."""
    if entry.msgid_plural:
        for i, text in sorted(entry.msgstr_plural.items()):
            yield (entry.msgid if i == 0 else entry.msgid_plural), text
    else:
        yield entry.msgid, entry.msgstr


def test_translations_keep_every_placeholder():
    bad = []
    for e in _live(_catalogue()):
        for source, text in _pairs(e):
            if text and _placeholders(source, e) != _placeholders(text, e):
                bad.append(f"  {source!r} -> {text!r}")
    assert not bad, "Placeholders differ between English and Spanish:\n" + "\n".join(bad)


def test_translations_keep_markup_numbers_and_keywords():
    bad = []
    for e in _live(_catalogue()):
        for source, text in _pairs(e):
            if not text:
                continue
            if Counter(TAG.findall(source)) != Counter(TAG.findall(text)):
                bad.append(f"  HTML differs: {source!r} -> {text!r}")
            lost = (set(NUMBER.findall(source)) | set(KEYWORD.findall(source))) - (
                set(NUMBER.findall(text)) | set(KEYWORD.findall(text))
            )
            if lost:
                bad.append(f"  lost {sorted(lost)}: {source!r} -> {text!r}")
    assert not bad, "\n".join(bad)


def test_crisis_lines_read_as_agreed_in_spanish():
    with translation.override("es"):
        assert translation.gettext("Get help now") == "Obtener ayuda ahora"
        assert translation.gettext("Text HOME to 741741.") == "Envía HOME al 741741."
        assert (
            translation.gettext("Text AYUDA to 988 for Spanish.")
            == "Envía AYUDA al 988 para hablar en español."
        )
        lifeline = translation.gettext(
            "Call or text 988, or chat at 988lifeline.org. Press 1 for veterans, 2 for Spanish."
        )
        assert lifeline.startswith("Llama o envía un mensaje de texto al 988")


# --- (c) pages render in Spanish -------------------------------------------------------------


def _spanish_client(client: Client | None = None) -> Client:
    client = client or Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def _assert_spanish(response, *expected: str, absent: tuple[str, ...] = ()):
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="es">' in html
    for text in ("Obtener ayuda ahora", *expected):
        assert text in html, f"{text!r} not on the Spanish page"
    for text in ("Get help now", "Skip to main content", *absent):
        assert text not in html, f"English {text!r} on the Spanish page"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", ("Iniciar sesión", "Únete a la comunidad en línea", "Envía HOME al 741741")),
        ("/help/", ("Envía AYUDA al 988 para hablar en español.", "Llamar")),
    ],
)
def test_public_pages_render_in_spanish(url, expected):
    _assert_spanish(_spanish_client().get(url), *expected)


@pytest.mark.django_db
def test_allauth_pages_render_in_spanish_from_allauths_catalogue():
    """Our layouts wrap allauth's pages; allauth's own Spanish catalogue fills them."""
    with translation.override("es"):
        remember = translation.gettext("Remember Me")
    assert remember != "Remember Me", "allauth's Spanish catalogue is not being loaded"
    response = _spanish_client().get("/accounts/login/")
    _assert_spanish(
        response,
        "Iniciar sesión",
        remember,
        absent=("Remember Me", "Forgot your password?", "Sign In"),
    )


def test_staff_home_renders_in_spanish(world):
    client = _spanish_client(signed_in_client(world.users[Role.PEER_SPECIALIST]))
    _assert_spanish(
        client.get("/home/", follow=True),
        "Mis casos",
        "Hola,",
        "Cerrar sesión",
        absent=("My caseload",),
    )


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.PARTICIPANT, ("Mi equipo de apoyo entre pares",)),
        (Role.COMMUNITY_MEMBER, ("Te damos la bienvenida", "Aquí tienes tu lugar")),
        (Role.CLINICIAN, ("Compartido contigo",)),
        (Role.ORG_ADMIN, ("Personas y roles", "Registro de auditoría")),
    ],
)
def test_each_role_home_renders_in_spanish(world, role, expected):
    client = _spanish_client(signed_in_client(world.users[role]))
    _assert_spanish(client.get("/home/", follow=True), *expected)


# --- (d) a signed-in person's choice follows them -----------------------------------------


def test_language_choice_is_saved_on_the_account_and_used_on_a_new_device(world):
    user = world.users[Role.PEER_SPECIALIST]
    assert user.preferred_language != "es"
    response = signed_in_client(user).post(
        "/i18n/setlang/", {"language": "es", "next": "/home/staff/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/home/staff/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    user.refresh_from_db()
    assert user.preferred_language == "es"

    new_device = signed_in_client(user)  # no language cookie, English browser
    assert settings.LANGUAGE_COOKIE_NAME not in new_device.cookies
    response = new_device.get("/home/staff/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    _assert_spanish(response, "Mis casos")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"

    # ... and switching back to English is remembered the same way.
    new_device.post("/i18n/setlang/", {"language": "en", "next": "/home/staff/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"
    html = signed_in_client(user).get("/home/staff/").content.decode()
    assert '<html lang="en">' in html and "My caseload" in html


@pytest.mark.django_db
def test_set_language_rejects_unknown_languages_and_foreign_redirects():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# --- (e) no template shows English that was never marked for translation --------------------

# Text that is the same in every language. Keep this short: anything a person reads in a
# sentence belongs in {% translate %}.
ALLOWED_WORDS = {"Hearth", "English", "Español", "CSV"}
ALLOWED_TEXT: dict[str, set[str]] = {
    # "template path relative to templates/": {"exact text"},
}
CHECKED_ATTRIBUTES = ("aria-label", "aria-description", "title", "placeholder", "alt")

HOLE = "\x00"  # stands where template code was
_COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\b.*?%\}.*?\{%\s*endcomment\s*%\}", re.DOTALL)
_BLOCKTRANS = re.compile(
    r"\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.DOTALL
)
_TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_RAW_BLOCKS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_HTML_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)
_ATTRIBUTE = re.compile(
    r"\s(" + "|".join(CHECKED_ATTRIBUTES) + r")\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE
)
_TAGS = re.compile(r"<[!/]?[a-zA-Z][^>]*>")
_ENTITIES = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
_WORDS = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(ALLOWED_WORDS))) + r")\b")
_LETTER = re.compile(r"[^\W\d_]")


def untranslated_text(source: str, allowed: set[str] = frozenset()) -> list[str]:
    """Literal human-readable text in a template that is not inside a translation tag."""
    text = _COMMENTS.sub("", source)
    text = _BLOCKTRANS.sub(HOLE, text)
    text = _TEMPLATE_CODE.sub(HOLE, text)
    text = _HTML_COMMENTS.sub("", text)
    text = _RAW_BLOCKS.sub(HOLE, text)
    found = [
        f"{m.group(1)}={(m.group(2) if m.group(2) is not None else m.group(3))!r}"
        for m in _ATTRIBUTE.finditer(text)
        if _is_words(m.group(2) if m.group(2) is not None else m.group(3), allowed)
    ]
    text = _TAGS.sub(HOLE, text)
    text = _ENTITIES.sub(" ", text)
    found += [chunk.strip() for chunk in text.split(HOLE) if _is_words(chunk, allowed)]
    return found


def _is_words(chunk: str, allowed) -> bool:
    parts = [p.strip() for p in chunk.split(HOLE)]
    return any(p not in allowed and _LETTER.search(_WORDS.sub("", p)) for p in parts if p)


def _templates():
    return sorted(
        p for p in TEMPLATES_DIR.rglob("*") if p.is_file() and p.suffix in {".html", ".txt"}
    )


def test_the_untranslated_text_check_finds_what_it_should():
    assert untranslated_text("<p>Hello there</p>") == ["Hello there"]
    assert untranslated_text('<nav aria-label="Main">x</nav>') == ["aria-label='Main'", "x"]
    assert untranslated_text("<img alt=\"{% translate 'A cat' %}\">") == []
    assert untranslated_text('<p>{% translate "Hi" %} · Hearth — 24</p>') == []
    assert untranslated_text("{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}") == []
    assert untranslated_text("{# note #}<th>#</th><td>{{ x|default:'none' }}</td>") == []
    assert untranslated_text("<script>var a = 'text';</script><b>Español</b>") == []
    assert untranslated_text("<p>{% if a %}Draft{% endif %}</p>") == ["Draft"]
    assert untranslated_text("<p>Ok</p>", allowed={"Ok"}) == []


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES_DIR)))
def test_template_has_no_unmarked_text(path):
    name = str(path.relative_to(TEMPLATES_DIR))
    found = untranslated_text(path.read_text(encoding="utf-8"), ALLOWED_TEXT.get(name, set()))
    assert not found, (
        f"templates/{name} shows text not marked for translation; wrap it in "
        f"{{% translate %}} / {{% blocktranslate %}}: {found}"
    )
