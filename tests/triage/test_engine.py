"""The triage engine, one trap at a time: figures of speech, negation, the past, third
parties, slang, misspellings, plans and means, and the interface the helpline relies on."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.triage import Assessment, Risk, assess
from hearth.triage.engine import BANDS, analyse, assess_conversation
from hearth.triage.normalise import correct_word, normalise

NONE, LOW, MODERATE, HIGH = Risk.NONE, Risk.LOW, Risk.MODERATE, Risk.HIGH


def level(text: str) -> Risk:
    return assess(text).risk


# --- the interface ---------------------------------------------------------------------------


def test_risk_levels_are_ordered_and_labelled():
    assert NONE < LOW < MODERATE < HIGH
    assert [r.label for r in Risk] == ["none", "low", "moderate", "high"]
    assert max([LOW, HIGH, MODERATE]) is HIGH


def test_assessment_is_frozen_with_score_and_reasons():
    result = assess("I want to kill myself", language="en")
    assert isinstance(result, Assessment)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.risk = Risk.NONE  # type: ignore[misc]
    assert isinstance(result.reasons, tuple)
    assert 0.0 <= result.score <= 1.0


def test_score_falls_in_its_levels_band():
    for text in ["hola", "I feel lonely", "I wish I was dead", "kms", "me muero de risa"]:
        result = assess(text)
        low, high = BANDS[result.risk]
        assert low <= result.score <= high, (text, result)


def test_more_signals_score_higher_within_a_level():
    plain = assess("I want to end my life")
    planned = assess("I want to end my life, I have the pills counted out, tonight is the night")
    assert plain.risk == planned.risk == HIGH
    assert planned.score > plain.score


def test_reasons_quote_the_visitors_own_words():
    result = assess("Tengo las pastillas CONTADAS y esta noche me voy a quitar la vída")
    assert result.risk is HIGH
    assert any('"pastillas CONTADAS"' in r for r in result.reasons)
    assert any("quitar la vída" in r for r in result.reasons)


def test_every_level_above_none_names_a_phrase():
    for text in ["I'm so lonely", "I cut myself last night", "I'm going to kill myself"]:
        result = assess(text)
        assert result.risk > NONE
        assert result.reasons and all('"' in reason for reason in result.reasons)


def test_nothing_found_gives_none_without_reasons():
    assert assess("What time does the Tuesday group start?") == Assessment(NONE, 0.0, ())
    assert assess("").risk is NONE


def test_language_hint_does_not_hide_the_other_language():
    assert level_with("quiero matarme", "en") is HIGH
    assert level_with("I want to kill myself", "es") is HIGH


def level_with(text: str, language: str) -> Risk:
    return assess(text, language=language).risk


def test_conversation_level_is_the_highest_seen():
    chat = ["hi", "rough week honestly", "I have the pills counted out", "thanks for listening"]
    result = assess_conversation(chat)
    assert result.risk is HIGH
    assert assess_conversation([assess("hola"), assess("me siento sola")]).risk is LOW
    assert assess_conversation([]).risk is NONE


def test_module_is_pure():
    code = (
        "import sys, hearth.triage, hearth.triage.evaluation; "
        "assert not [m for m in sys.modules if m.startswith('django')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_a_valid_assessment(text):
    result = assess(text)
    assert result.risk in Risk
    assert 0.0 <= result.score <= 1.0
    assert all(isinstance(reason, str) and reason for reason in result.reasons)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz áéíñ'.,!?", max_size=200))
def test_quoted_phrases_come_from_the_message(text):
    for finding in analyse(text).findings:
        assert finding.phrase in text


# --- traps -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "this commute is killing me",
        "I'm dying to see it",
        "my mom is going to kill me when she sees the car",
        "we killed it at the open mic",
        "I'd kill for a nap",
        "bored to death in this waiting room",
        "me muero de ganas de verte",
        "este calor me está matando",
        "me mato estudiando para el examen",
        "me quiero morir de la vergüenza jaja",
    ],
)
def test_figures_of_speech_are_not_risk(text):
    assert level(text) is NONE
    assert any(f.why == "figure of speech" for f in analyse(text).findings)


def test_figure_of_speech_leaves_the_real_feeling():
    assert level("this loneliness is killing me") is LOW


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I would never hurt myself", NONE),
        ("I'm not suicidal, just asking about groups", NONE),
        ("I don't want to die, I want to get better", NONE),
        ("nunca me haría daño", NONE),
        ("no estoy pensando en matarme", NONE),
        ("I'm not going to hurt myself, I'm just really lonely", LOW),
        ("I'm not going to kill myself but I can't stop thinking about it", MODERATE),
        ("I'm not okay. I want to kill myself.", HIGH),
        ("No estoy bien, quiero matarme", HIGH),
        ("I can't stop thinking about killing myself", MODERATE),
    ],
)
def test_negation(text, expected):
    assert level(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Five years ago I attempted; today I'm a peer", NONE),
        ("I tried to kill myself when I was 19, now I'm doing really well", NONE),
        ("Hace diez años intenté quitarme la vida. Hoy soy consejera de pares.", NONE),
        ("I used to cut myself in high school", NONE),
        ("I tried to kill myself years ago and lately those thoughts are coming back", MODERATE),
        ("I attempted when I was 20 and I'm going to try again tonight", HIGH),
        ("I tried to hang myself last night", HIGH),
        ("Me corté otra vez anoche", MODERATE),
    ],
)
def test_the_past_is_not_current_risk_unless_it_is_back_or_recent(text, expected):
    assert level(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my son says he'll kill himself", HIGH),
        ("mi hija dice que se quiere matar", HIGH),
        ("My friend keeps saying she wishes she were dead", MODERATE),
        ("Mi hijo me dijo que ha pensado en suicidarse", MODERATE),
        ("My brother killed himself in 2019 and I still miss him", LOW),
        ("Mi tío se suicidó hace un año", LOW),
        ("My daughter is depressed and won't get out of bed", LOW),
    ],
)
def test_third_parties(text, expected):
    result = assess(text)
    assert result.risk is expected
    if expected >= MODERATE:
        assert any("someone else" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kms", HIGH),
        ("i wanna kms rn", HIGH),
        ("gonna unalive myself tonight", HIGH),
        ("thinking i'm gonna off myself this weekend", HIGH),
        ("i think about unaliving myself sometimes", MODERATE),
        ("people at school keep telling me to kys", LOW),
        ("everyone tells me to kys and tonight i'm gonna do it", HIGH),
        ("if i have to sit through one more meeting i'll kms lmao", LOW),
    ],
)
def test_slang(text, expected):
    assert level(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("im going to comit sucide", HIGH),
        ("im feeling really suicdal right now", HIGH),
        ("i keep having sucidal thougts", MODERATE),
        ("i want to kil my self", HIGH),
        ("voy a suisidarme", HIGH),
        ("kiero matarme", HIGH),
        ("me voy a quitar la bida", HIGH),
        ("ya no kiero bivir", MODERATE),
        ("suicidarme", HIGH),
        ("SUICIDARME!!!", HIGH),
        ("estoy muuuuy deprimida", LOW),
    ],
)
def test_misspellings_accents_and_shouting(text, expected):
    assert level(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "I have the pills counted out, tonight is the night",
        "I've been saving up my meds for weeks",
        "I wrote goodbye letters to my kids",
        "I'm standing on the roof of my building",
        "I just took a whole bottle of my sleeping pills",
        "I'm sitting here with the knife. I don't want to be alive anymore.",
        "There's a gun in my closet and I keep thinking about using it on myself",
        "Ya tengo las pastillas contadas, esta noche es la noche",
        "Estoy pensando en matarme esta noche",
    ],
)
def test_plans_means_and_timing_are_high(text):
    result = assess(text)
    assert result.risk is HIGH
    assert result.reasons


def test_thoughts_without_plan_stay_moderate():
    assert level("I think about ending my life but I'm too scared to do anything") is MODERATE
    assert level("He tenido pensamientos de suicidio, pero no tengo un plan") is MODERATE


@pytest.mark.parametrize(
    "text",
    [
        "Do you have a flyer about suicide prevention?",
        "How do I ask someone if they're thinking about suicide? I'm training to be a peer.",
        "¿Tienen folletos sobre prevención del suicidio?",
    ],
)
def test_suicide_as_a_topic_is_not_risk(text):
    assert level(text) is NONE


def test_suicidal_feeling_beside_a_topic_word_still_counts():
    assert level("I'm suicidal and the training didn't help") is HIGH
    assert level("I'm thinking about suicide, is there a class for that?") is MODERATE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My partner hit me again and I'm scared to go home", MODERATE),
        ("The grief still hits me every morning", LOW),
        ("I relapsed and I'm using alone in my car", MODERATE),
        ("Tengo muchas ganas de tomar hoy", LOW),
        ("I'm going to do it, I'm applying for the job", NONE),
    ],
)
def test_other_signals(text, expected):
    assert level(text) is expected


def test_normalise_keeps_the_way_back_to_the_original():
    norm = normalise("Quiero MATARME, ya no aguanto más")
    start = norm.text.index("matarme")
    assert norm.quote(start, start + len("matarme")) == "MATARME"
    assert "mas" in norm.text


def test_fuzzy_correction_only_touches_risk_words():
    assert correct_word("suicdal") == "suicidal"
    assert correct_word("overdoes") == "overdose"
    assert correct_word("lovely") == "lovely"
    assert correct_word("decided") == "decided"
    assert correct_word("thought") == "thought"


@pytest.mark.parametrize(
    "text",
    [
        "I'm going to shoot some hoops tonight with my son",
        "I'm going to end it with him tonight, he's toxic",
        "I have everything ready for my daughter's birthday tomorrow",
        "I'm on the bridge committee at church",
        "This is my last message for tonight, thanks!",
        "My therapist said to write a goodbye letter to my addiction, it helped",
        "Tonight is the night! Finally meeting my birth mom",
        "Ya tengo todo listo para la fiesta de mañana",
        "Me voy a tirar a la piscina con mis hijos",
        "Tengo las pastillas de la presión, ¿puedo tomar alcohol?",
    ],
)
def test_everyday_words_raise_no_flag(text):
    assert level(text) is NONE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I said my goodbyes", MODERATE),
        ("I said my goodbyes. I'm done.", HIGH),
        ("Ya me despedí de todos", MODERATE),
        ("Ya me despedí de todos, ya no puedo más", HIGH),
        ("I wrote goodbye letters to my kids", HIGH),
    ],
)
def test_a_goodbye_alone_is_flagged_and_with_finality_pages(text, expected):
    assert level(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My stepdad said he'd kill me if I told anyone", MODERATE),
        ("He said he will kill me if I leave", MODERATE),
        ("Mi esposo dijo que me va a matar si me voy", MODERATE),
        ("My mom is going to kill me when she sees the car", NONE),
        ("Mi jefe me va a matar si llego tarde", NONE),
    ],
)
def test_a_threat_someone_made_is_never_a_figure_of_speech(text, expected):
    assert level(text) is expected
