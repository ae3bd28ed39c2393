"""How a phrase is read in its clause and sentence: thoughts or intent, negation, the past,
recurrence, jokes, and where sentences and clauses end."""

from __future__ import annotations

import re

# Thoughts rather than intent, close before the act: "thinking about killing myself".
IDEATION_BEFORE = re.compile(
    r"\b(?:think|thinks|thinking|thought|thoughts|wonder|wondering|consider\w*|fantasi\w*|urges?|"
    r"ideation|pienso en|pensando en|pensado en|pensar en|pense en|pensaba en|pensamientos(?: de)?|"
    r"ideas(?: de)?|ganas de|se me pasa|se me ocurre)\b"
)
# Right after "suicidal"/"suicide": "suicidal thoughts", "ideas suicidas".
IDEATION_AFTER = re.compile(
    r"^\s*(?:thoughts|thinking|ideation|feelings|urges|ideas|pensamientos)\b"
)
IDEATION_NOUN_BEFORE = re.compile(r"\b(?:ideas|pensamientos|thoughts)\s*$")
# Recurring, not now: "sometimes", "a veces", "every day".
FREQUENCY = re.compile(
    r"\b(?:sometimes|at times|a veces|algunas veces|every (?:day|night)|all the time|a lot|"
    r"todo el tiempo|todos los dias|de vez en cuando|often|constantly)\b"
)
# Intent close before the act: "want to", "going to", "quiero", "voy a".
INTENT_BEFORE = re.compile(
    r"(?:\b(?:want|wants|wanted|going|planning|plan|ready|decided|decide|about to|need|will|"
    r"should|try|trying|quiero|quiere|voy|[bv]oy|va|decidi|me voy)\b|'ll\b)"
)
# What makes "suicidal" a present state: "I'm suicidal", "feeling suicidal", "she is suicidal".
STATE_BEFORE = re.compile(
    r"\b(?:i'?m|i am|im|am|feel|feeling|felt|been|is|are|getting|so|really|estoy|me siento)\s*$"
)

NEGATION_WORDS = frozenset(
    {
        "not",
        "never",
        "no",
        "nunca",
        "jamas",
        "ni",
        "tampoco",
        "dont",
        "don't",
        "wont",
        "won't",
        "wouldnt",
        "wouldn't",
        "isnt",
        "isn't",
        "cant",
        "can't",
        "cannot",
        "didnt",
        "didn't",
        "doesnt",
        "doesn't",
        "havent",
        "haven't",
        "aint",
        "ain't",
        "couldnt",
        "couldn't",
        "shouldnt",
        "shouldn't",
    }
)
# A negation word followed by one of these is not negating the risk phrase.
NOT_NEGATING_NEXT = frozenset(
    {
        "sure",
        "one",
        "body",
        "only",
        "stop",
        "help",
        "longer",
        "matter",
        "idea",
        "clue",
        "okay",
        "ok",
        "think",
        "know",
        "care",
    }
)
NOT_NEGATING_ES = re.compile(r"^(?:se (?:que|si|como|cuanto|por)|puedo (?:dejar|mas)|aguanto)\b")

DISTANT_PAST = re.compile(
    r"\b(?:\w+ (?:years?|yrs|decades?) ago|years ago|(?:a few|\w+) years back|a long time ago|long"
    r" ago|when i was (?:a |in "
    r")?"
    r"(?:teen\w*|kid|child|younger|young|\d+|in (?:high school|college|my \w+))|in (?:high school|"
    r"college|my (?:teens|twenties|thirties|20s|30s))|back then|back in (?:the day|19\d\d|20\d\d|h"
    r"igh school|college|my)|in (?:19|20)\d\d|used to|"
    r"in the past|before i got (?:sober|clean|help|treatment)|hace (?:\w+ )?(?:anos|decadas)|"
    r"hace (?:mucho|tiempo|muchisimo)|cuando (?:era|tenia) |de (?:joven|adolescente|nina|nino)|"
    r"en (?:19|20)\d\d|antes de (?:entrar|empezar|estar|la terapia|mi recuperacion)|solia|"
    r"quedo atras)\b"
)
RECENT = re.compile(
    r"\b(?:last night|yesterday|this morning|an hour ago|just|earlier today|today|tonight|"
    r"right now|last week|anoche|ayer|esta manana|hace (?:un )?rato|hace una hora|hoy|"
    r"ahora mismo|acabo de)\b"
)
RECOVERED = re.compile(
    r"\b(?:today i'?m|now i'?m|i'?m (?:\d+ now|now)|(?:doing|i'?m) (?:really |much |so )?(?:well|"
    r"great|fine|better|okay|ok|stable)(?: now)?|in (?:a much better place|recovery)|sober (?:for|"
    r"and)|\w+ years? (?:sober|clean)|clean for|these days i'?m|survived|grateful|hoy (?:soy|tengo|"
    r"estoy bien)|ahora estoy (?:bien|estable|mejor|agradecid[oa])|llevo (?:muchos )?anos|"
    r"estoy estable|ya pasaron)\b"
)
RECURRENCE = re.compile(
    r"\b(?:again|coming back|came back|back again|lately|these days|otra vez|de nuevo|"
    r"ultimamente|vuelvo a|volvi a|volvieron|regresaron)\b"
)
PAST_VERB = re.compile(
    r"\b(?:attempted|tried|took|overdosed|was|were|wanted|thought|cut|used to|intente|pense|"
    r"pensaba|me cortaba|me hacia|estuve|quise|solia|me tome|tuve)\b"
)
LAUGHTER = re.compile(r"(?:\b(?:lol|lmao|lmfao|jk|haha\w*|jaja\w*|xd)\b|😂|🤣|💀)")
HYPERBOLE_FRAME = re.compile(
    r"\b(?:if i (?:have to|hear|see|get)|one more|make(?:s)? me|this (?:exam|class|homework))\b"
)

SENTENCE_SPLIT = re.compile(r"[.!?;\n]+|\b(?:but|pero|though|although|aunque|however|sino)\b")
CLAUSE_SPLIT = re.compile(r"[,:()]+|\b(?:and|y|because|porque|so)\b")
