"""What is never the visitor's own risk: figures of speech, suicide as a topic, grief after
someone else's suicide. Found first and blanked out."""

from __future__ import annotations

import re

from hearth.triage.lexicon.base import HIS, SELF, THEM, Kind, cues

IDIOMS = cues(
    Kind.IDIOM,
    [
        # English
        r"\b(?:is|are|was|were|'s|'re|s|re|be|been|keeps?)\s+(?:literally |totally |really |"
        r"slowly |just |so |kinda |actually )?killing (?:me|her|him|us|them)\b",
        r"\b(?:going to|will|'ll|would|'d|gonna)\s+(?:literally |totally )?(?:kill|murder) "
        r"(?:me|her|him|us|them)\b(?=[^.!?]*\b(?:if|when|for|because)\b)",
        r"\bkill(?:ed|ing|s)? it\b",
        r"\bkill(?:ing)? (?:some )?time\b",
        r"\b(?:would|could|'d|i)\s+(?:literally |honestly )?(?:kill|murder) for\b",
        r"\bcould murder an? \w+",
        r"\bwork is murder\b",
        r"\bdying (?:to|for|of)\b",
        r"\b(?:nearly |almost )?died (?:laughing|of laughter|of embarrassment)\b",
        r"\bto die for\b",
        r"\b(?:bored|scared|sick|worried|tired|frightened) to death\b",
        r"\bdead (?:tired|on my feet|serious)\b",
        r"\bi'?m dead\b(?=[^a-z]*(?:lol|lmao|haha|😂|🤣|💀))",
        r"\b(?:phone|battery|laptop|computer|car|tablet)\b[^.!?]{0,20}\b(?:die|died|dying|dead)\b",
        r"\bover my dead body\b",
        r"\bthe death of me\b",
        r"\bdie of (?:embarrassment|laughter|boredom|shame)\b",
        r"\bkilling " + SELF + r" (?:at|with|for|over) (?:work|the gym|overtime|shifts?|school)\b",
        # Spanish
        r"\bme (?:muero|mori|moria|voy a morir) (?:de|del|por)\b",
        r"\bme quiero morir de (?:la )?(?:verguenza|risa|pena|ganas)\b",
        r"\bmuert[oa]s? de (?:cansancio|risa|hambre|sueno|frio|calor|miedo|verguenza|nervios|envid"
        r"ia)\b",
        r"\bme mat(?:o|a|as) (?:estudiando|trabajando|a trabajar|en el gym)\b",
        r"\bme (?:esta|estas|estan) matando\b",
        r"\b(?:esta|estan) de muerte\b",
        r"\bmatar el tiempo\b",
        r"\bme va a matar\b(?=[^.!?]*\b(?:si|cuando|porque)\b)",
    ],
)

# A "figure of speech" right after these words is a threat someone made, and is never masked:
# "he said he'd kill me if I told anyone".
THREAT_BEFORE = re.compile(
    r"\b(?:said|says|threatened|threatens|told me|swore|dijo|dice|amenazo|amenaza)\b[^.!?]{0,15}$"
)

INFO = cues(
    Kind.INFO,
    [
        r"\bsuicide (?:prevention|awareness|hotline|lifeline|line|rates?|statistics|training|"
        r"and crisis|risk factors|survivors? group)\b",
        r"\b(?:warning )?signs of suicide\b",
        r"\bsuicide (?:in|among) (?:teens|veterans|men|women|youth|adolescents)\b",
        r"\b(?:prevencion|prevenir) (?:del|el) suicidio\b",
        r"\bsuicidio (?:en|entre) (?:adolescentes|jovenes|veteranos|hombres|mujeres)\b",
    ],
)

# Words in a sentence that make "suicide" a topic being asked about, not a feeling.
INFO_CONTEXT = re.compile(
    r"\b(?:training|flyers?|posters?|paper|statistics|brochures?|pamphlets?|walk|table|awareness|"
    r"prevention|how (?:do|can|should) (?:i|we|you) (?:ask|talk|help|support|tell)|asking for|"
    r"class|workshop|presentation|tarea|folletos?|charla|datos|prevencion|capacitacion|"
    r"taller|escuela|como (?:le )?pregunto)\b"
)

GRIEF = cues(
    Kind.GRIEF,
    [
        r"\bkilled " + THEM + r"\b",
        r"\b(?:took|taken) " + HIS + r" (?:own )?life\b",
        r"\bdied (?:by|of|from) suicide\b",
        r"\bcommitted suicide\b",
        r"\blost (?:my |our |a )?[a-z]+(?: [a-z]+)? to suicide\b",
        r"\b(?:his|her|their|my \w+'s) suicide\b",
        r"\bse (?:suicido|mato|quito la [vb]ida)\b",
        r"\bperdi a (?:mi |un |una )?\w+ (?:por|al) suicidio\b",
    ],
)
