"""The phrases triage looks for, in English and Spanish, written against folded text (see
``normalise.py``: lower case, no accents, common misspellings already corrected).

Each ``Cue`` has a kind; ``engine.py`` decides what a kind means in context (negation, the
past, a figure of speech, a third person, what else the message says). Patterns are plain
regular expressions so anyone can read why a message was flagged. Tuned on
``data/train.jsonl`` only; see docs/triage.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    ACT = "act"  # suicide itself: kill myself, end my life, kms, matarme
    PLAN = "plan"  # preparation, means at hand, an attempt under way
    PLAN_WEAK = "plan_weak"  # goodbyes, "everything is ready": high only beside another signal
    FINALITY = "finality"  # "I'm done", "thank you for trying": context for goodbyes
    ATTEMPT = "attempt"  # an attempt mentioned: recent is high, long ago is history
    DEATH_WISH = "death_wish"  # wanting to be dead or gone, without the act named
    SELF_HARM = "self_harm"
    SAFETY = "safety"  # someone else hurting or threatening the visitor
    OVERDOSE = "overdose"  # using in ways that risk an overdose
    RUMINATION = "rumination"  # "can't stop thinking about it": counts only beside a risk topic
    DO_IT = "do_it"  # "I'm going to do it": counts only beside a risk topic
    MEANS = "means"  # a gun, pills, a rope: raises thoughts to high
    TIMING = "timing"  # tonight, right now: raises thoughts to high
    DISTRESS = "distress"
    GRIEF = "grief"  # someone died by suicide (bereavement, not the visitor's own risk)
    IDIOM = "idiom"  # figures of speech: never risk
    INFO = "info"  # asking about suicide as a topic (training, statistics, flyers)
    TOLD_TO = "told_to"  # someone told the visitor to kill themselves ("kys")
    RISK_WORD = "risk_word"  # a risk word no phrase explained: moderate, so a peer asks


@dataclass(frozen=True)
class Cue:
    kind: Kind
    pattern: re.Pattern[str]
    third_party: bool = False
    default_high: bool = True  # ACT: high unless thoughts/frequency words say otherwise
    active: bool = False  # DEATH_WISH: an active wish ("want to die"), raised by timing


def _cues(kind: Kind, patterns: list[str], **flags) -> list[Cue]:
    return [Cue(kind, re.compile(p), **flags) for p in patterns]


SELF = r"my ?self"
THEM = r"(?:himself|herself|themselves|themself)"
HIS = r"(?:his|her|their)"
LIFE = r"[vb]ida"

IDIOMS = _cues(
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

INFO = _cues(
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

GRIEF = _cues(
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

ACT_SELF = _cues(
    Kind.ACT,
    [
        r"\bkill?(?:ing|s)? " + SELF + r"\b",
        r"\b(?:end|ending|take|taking) my (?:own )?life\b",
        r"\bend(?:ing)? (?:it|things|everything) all\b",
        r"\bend(?:ing)? (?:it|things|everything)\b(?= *(?:$|[.!?,;]|tonight|now|today|tomorrow|"
        r"sometimes|some days|lately|a lot|again|"
        r"for good|this time|soon|once and for all|before|after))",
        r"\bcommit(?:ting)? (?:suicide|sewer ?slide)\b",
        r"(?<=\bof )ending it\b",
        r"(?<=\babout )ending it\b",
        r"\bkms\b",
        r"\bunaliv(?:e|ing)(?: " + SELF + r")?\b",
        r"\boff(?:ing)? " + SELF + r"\b",
        r"\b(?:hang|hanging|shoot|shooting|drown|drowning) " + SELF + r"\b",
        r"\bjump(?:ing)? (?:off|from|in front of) (?:the |a |my )?(?:bridge|overpass|roof|building|"
        r"balcony|cliff|train|tracks|parking garage)\b",
        r"\boverdos(?:e|ing) on purpose\b",
        r"\b(?:using|use) it on " + SELF + r"\b",
        r"\bcut(?:ting)? my wrists\b",
        r"\b(?:poison|poisoning|gas|gassing) " + SELF + r"\b",
        r"\b(?:crash|drive) my car into\b",
        r"\bwalk(?:ing)? into the (?:water|river|lake|ocean|sea|traffic)\b",
        r"\bstep(?:ping)? in front of (?:a|the) (?:train|bus|truck|car)\b",
        r"\b(?:pegarme|me voy a pegar|me quiero pegar) un tiro\b",
        r"\b(?:ahorcarme|colgarme|envenenarme|aventarme|tirarme (?:del|de un|de la|al|a las))\b",
        r"\bme (?:voy a|quiero) (?:ahorcar|colgar|envenenar|aventar|tirar (?:del|de un|de la|al|a "
        r"las))\b",
        # Spanish
        r"\bmatarme\b",
        r"\bme (?:voy|[bv]oy|quiero|kiero|puedo) (?:a )?matar\b",
        r"\bsuicid(?:arme|ar)\b",
        r"\bme (?:voy a |quiero |queria )?suicidar\b",
        r"\bquitarme la " + LIFE + r"\b",
        r"\bme (?:voy a |quiero |puedo )?quit(?:ar|aria|are|o) la " + LIFE + r"\b",
        r"\b(?:acabar|terminar) con (?:todo|mi " + LIFE + r")\b",
        r"\bcortarme las venas\b",
    ],
)
ACT_NOUN = _cues(
    Kind.ACT,
    [r"\bsuicide\b", r"\bsuicidal\b", r"\bsuicidio\b", r"\bsuicidas?\b", r"\boverdos(?:e|ing)\b"],
    default_high=False,
)
ACT_OTHER = _cues(
    Kind.ACT,
    [
        r"\bkill(?:ing|s)? " + THEM + r"\b",
        r"\b(?:end|ending|take|taking) " + HIS + r" (?:own )?life\b",
        r"\b(?:hang|hanging|shoot|shooting) " + THEM + r"\b",
        r"\b(?:he|she|they)(?:'s| is| are|'re| was| has been| keeps being) (?:really |so )?suicida"
        r"l\b",
        r"\bse (?:va|quiere|queria|piensa) (?:a )?(?:matar|suicidar|quitar la " + LIFE + r")\b",
        r"\b(?:matarse|suicidarse|quitarse la " + LIFE + r")\b",
        r"\bse (?:va|quiere) a? ?(?:pegar un tiro|ahorcar|colgar|envenenar|tirar|aventar)"
        r"(?: (?:del|de un|de la|al|a las))?\b",
        r"\b(?:pegarse un tiro|ahorcarse|colgarse|envenenarse)\b",
        r"\b(?:poison|poisoning|starve|starving) " + THEM + r"\b",
        r"\bva a (?:matarse|suicidarse)\b",
    ],
    third_party=True,
)

PLAN = _cues(
    Kind.PLAN,
    [
        r"\b(?:pills|meds|medication|pastillas|oxy|fentanyl|bottle|rope|gun|knife|razor|blade|"
        r"pistola|cuerda|soga|cuchillo|navaja|arma)\b[^.!?]{0,40}\b(?:lined up|counted(?: out)?|"
        r"laid out|saved up|"
        r"ready|next to me|in my hand|contadas|listas?|listos?|en la mano|al lado)\b",
        r"\b(?:saving|saved|stockpil\w*|hoarding|collecting) (?:up )?(?:my |all my |her |his )?"
        r"(?:pills|meds|medication|\w*(?:pressants|pines|codone|pills))\b",
        r"\bstockpil\w+",
        r"\bsuicide note\b",
        r"\bmy last day alive\b",
        # a farewell addressed to the family, or left to be found
        r"\b(?:letters?|notes?|cartas?|notas?) (?:de despedida |of goodbye )?(?:para|to|for) "
        r"(?:mis|my|a mis) (?:hijos|kids|children|family|familia|mom|mother|wife|husband|parents|"
        r"padres|esposa|esposo|daughter|son|hija|hijo)\b",
        r"\b(?:left|wrote) (?:a|the|my) (?:note|letter)\b[^.!?]{0,20}\bleft it\b",
        r"\bleft (?:a|the|my) (?:note|letter) (?:on|in|under|for (?:my|them|her|him))\b",
        r"\b(?:standing|sitting) on (?:the |a )?(?:roof|ledge|edge|bridge|railing|tracks|railroad|"
        r"overpass)\b",
        r"\b(?:on|at) the (?:edge|ledge) of\b",
        r"\bloaded [\w' ]{0,15}gun\b",
        r"\bbought (?:a |some )?(?:rope|gun|noose|pistol|razor)\b",
        r"\b(?:ways|how) to (?:die|kill " + SELF + r"|end my life)\b",
        r"\bnoose\b",
        r"\bhow (?:many|much) (?:\w+ )?(?:pills|tylenol|advil|xanax|oxy|meds|insulin|tablets)\b"
        r"[^.!?]{0,30}\b(?:kill|die|overdose|lethal|fatal|enough to|not wake up|never wake up|end "
        r"it)\b",
        r"\b(?:lethal|fatal|deadly) (?:dose|amount)\b",
        r"\bresearch(?:ing|ed)? (?:how|ways|methods) to (?:die|kill|end)\b",
        r"\bcuantas pastillas\b[^.!?]{0,30}\b(?:morir|matar|necesito|se necesitan|para)\b",
        r"\bdosis (?:letal|mortal)\b",
        r"\b(?:know|decided|figured out|planned) (?:exactly )?(?:how|when|where)"
        r"(?: and (?:when|where|how))?[^.!?]{0,25}\bdo it\b[^.!?]{0,12}\b(?:and when|and where)\b",
        r"\b(?:took|swallowed|taken|downed) (?:all|every|everything|a bunch|a handful|a whole|"
        r"the whole|too many|\d{2,}|twenty|thirty|fifty)\b[^.!?]{0,40}\b(?:pills|meds|bottle|"
        r"medicine|cabinet|tablets)\b",
        r"\bswallowed (?:everything|all of)\b",
        r"\b(?:drank|swallowed|took|drinking|ate) (?:a |some |the )?(?:bottle of |cup of )?(?:blea"
        r"ch|"
        r"antifreeze|rat poison|poison|drain cleaner)\b",
        r"\b(?:in|inside) (?:my|the) (?:garage|car)\b[^.!?]{0,30}\b(?:car|engine) (?:running|on)\b",
        r"\b(?:tonight|today|now) i'?m (?:taking|swallowing) (?:them|it) all\b",
        r"\bme (?:tome|bebi|trague) (?:un bote|una caja|un frasco|el cloro|cloro|veneno|raticida)"
        r"\b",
        r"\b(?:to|at|by) the (?:lake|river|bridge|tracks|cliff|ocean)\b[^.!?]{0,40}\b(?:walk in|ju"
        r"mp)\b",
        # Spanish
        r"\b(?:pastillas|medicinas) contadas\b",
        r"\b(?:junte|guarde|junto|guardo|juntando|guardando) (?:las |mis |todas las )?pastillas\b",
        r"\b(?:on|at) the (?:train |subway |metro )?(?:platform|tracks|bridge|roof|ledge|edge|"
        r"overpass)\b[^.!?]{0,40}\b(?:jump|step off|let go)\b",
        r"\b(?:going to|about to|will|'ll) jump (?:off|from|in front of)\b",
        r"\b(?:compre|consegui) (?:una |un )?(?:cuerda|soga|pistola|arma)\b",
        r"\bme (?:tome|acabo de tomar|trague) (?:todas|un frasco|como|muchas|\d+|veinte|treinta|"
        r"el frasco|toda la caja)\b",
        r"\bun frasco entero\b",
    ],
)

# Goodbyes and readiness that are ordinary on their own ("said goodbye to my old apartment",
# "I have everything ready for the party"): moderate alone, high beside another signal.
PLAN_WEAK = _cues(
    Kind.PLAN_WEAK,
    [
        r"\bgoodbye (?:letters?|notes?|messages?|texts?|videos?)\b(?! (?:to|for) (?:my )?(?:addi"
        r"ction|drinking|using|drugs|old|the|past))",
        r"\b(?:wrote|writing|left|written) (?:a|my|the) (?:goodbye )?(?:note|letter)s?\b"
        r"(?! (?:to|for) (?:my )?(?:addiction|teacher|boss|landlord|school|work|the))",
        r"\bsaid (?:all )?my goodbyes\b",
        r"\bsaid goodbye to (?:my (?:mom|mother|dad|father|kids|children|family|friends|sister|"
        r"brother|wife|husband|partner|son|daughter|dog|cat|pets?)|everyone|everybody)\b",
        r"\bthis is (?:goodbye|my last (?:message|night|text))\b(?! (?:for|of) (?:tonight|today|the"
        r" (?:day|week|night)|now))",
        r"\bmy last (?:message|night|text)\b(?! (?:for|of) (?:tonight|today|the (?:day|week|night)|"
        r"now))",
        r"\bgoodbye (?:everyone|all|world|forever)\b",
        r"\btonight is the night\b(?!\s*!)",
        r"\bgave (?:away )?(?:all )?my (?:stuff|things|belongings|dog|cat|pets?|guitar)(?: away)?"
        r"\b",
        r"\bgave away my\b",
        r"\b(?:i'?m|im|am) on (?:the |a )?(?:roof|ledge|edge|bridge|tracks|railroad|overpass)\b"
        r"(?! (?:committee|team|club|crew|board))",
        r"\bhave (?:enough|everything|it all) (?:now|ready|planned)\b(?! for)",
        r"\beverything (?:is )?ready\b(?! for)",
        # Spanish
        r"\b(?:carta|mensaje|nota)s? de despedida\b",
        r"\b(?:ya )?me despedi de (?:todos|mi|mis|todo)\b",
        r"\besta noche es la noche\b",
        r"\b(?:mi|esta es mi) ultima noche\b",
        r"\bmi ultimo (?:mensaje|dia)\b(?! (?:de|en) (?:trabajo|la escuela|clases))",
        r"\b(?:tengo|lo tengo) todo (?:listo|planeado|preparado)\b(?! para)",
        r"\bya (?:tengo|elegi) (?:la fecha|el dia|todo listo)\b(?! para)",
        r"\b(?:en|desde|sobre) (?:el puente|la azotea|el techo|las vias)\b",
        r"\bvoy a (?:saltar|tirarme)\b(?! (?:a la|en la|de alegria|al agua))",
        r"\badios a todos\b",
        r"\b(?:i|i'?ve) (?:have|got|made) a plan\b(?! (?:for|to get|with))",
        r"\b(?:ya )?tengo un plan\b(?! (?:para|de))",
    ],
)
# Words of finality: no level alone, but they make a goodbye a goodbye.
FINALITY = _cues(
    Kind.FINALITY,
    [
        r"\bi'?m (?:so )?done\b(?! with (?:drinking|using|school|work|that|him|her|the|my|this))",
        r"\bi'?m ready\b(?=\s*(?:$|[.!?]))",
        r"\bthank(?:s| you) for (?:trying|everything)\b",
        r"\b(?:can'?t|cannot) do this anymore\b",
        r"\bi'?m sorry\b(?=\s*(?:$|[.!?]))",
        r"\bforgive me\b",
        r"\bit'?s over\b",
        r"\b(?:ya )?no (?:puedo|aguanto) mas\b",
        r"\bperdon(?:enme|ame)\b",
        r"\bse acabo\b",
        r"\bya no puedo\b",
    ],
)

ATTEMPT = _cues(
    Kind.ATTEMPT,
    [
        r"\battempted(?: suicide)?\b",
        r"\bsuicide attempts?\b",
        r"\btried\b[^.!?]{0,40}\band failed\b",
        r"\b(?:un|mi) intento\b(?! de (?:\w+ )?(?:trabajo|examen|cita))",
        r"\b(?:lo )?intente\b",
    ],
)

DEATH_WISH_ACTIVE = _cues(
    Kind.DEATH_WISH,
    [
        r"\b(?:want|wanting|ready|need) to die\b",
        r"\b(?:me )?quiero morir(?:me)?\b",
        r"\bquiero estar muert[oa]\b",
    ],
    active=True,
)
DEATH_WISH = _cues(
    Kind.DEATH_WISH,
    [
        r"\bwish (?:i|i'?d) (?:was|were|had) (?:dead|never been born|not been born|not here|gone)"
        r"\b",
        r"\bwish i'?d never been born\b",
        r"\bwish i (?:could|would) (?:just )?(?:disappear|die|not wake up|stop existing|go to sleep"
        r" and not wake up)\b",
        r"\bbetter off (?:dead|without me)\b",
        r"\b(?:want|wants|need) (?:it all|everything|the pain|this|life) to (?:end|stop|be over)\b",
        r"\btired of (?:fighting|trying|being here|existing)\b",
        r"\bi hope i (?:die|don'?t wake up|never wake up|get hit|don'?t make it)\b",
        r"\b(?:pray|praying|prayed) (?:to die|for death|that (?:god|he) (?:takes|would take) me|(?"
        r":that )?"
        r"i (?:die|don'?t wake up|won'?t wake up))\b",
        r"\b(?:no one|nobody) (?:would|will) (?:even )?miss me\b",
        r"\b(?:don'?t|do not) deserve to (?:live|be alive|be here)\b",
        r"\bi (?:shouldn'?t|should not) (?:be alive|be here|exist|have been born)\b",
        r"\bi should (?:just )?(?:die|be dead|disappear|not exist)\b(?=\s*(?:$|[.!?,;]|forever|for "
        r"good|already))",
        r"\bi'?d (?:rather|sooner) (?:be dead|die|not exist|not be here)\b(?! than)",
        r"\b(?:rather|sooner) (?:be dead|die) than (?:keep|live|living|feel|feeling|go on|going on|"
        r"continue|wake up|spend)\b",
        r"\bno (?:merezco|merecia) (?:vivir|estar viv[oa]|estar aqui)\b",
        r"\bdeberia (?:estar muert[oa]|morirme|desaparecer|no existir)\b",
        r"\bprefiero (?:estar muert[oa]|morirme|morir|no existir)\b",
        r"\bnadie me (?:extranaria|va a extranar|echaria de menos)\b",
        r"\b(?:que|ojala) dios me (?:lleve|llevara|recoja)\b",
        r"\bquiero que (?:se acabe todo|todo (?:se acabe|termine|acabe)|se termine todo|mi [vb]ida "
        r"(?:se acabe|termine))\b",
        r"\bcansad[oa] de (?:vivir|la vida|existir|luchar)\b",
        r"\bya no tiene sentido (?:vivir|seguir|nada|la vida)\b",
        r"\b(?:dejar de existir|quiero irme de este mundo|irme para siempre)\b",
        r"\bno (?:quiero|kiero) (?:seguir )?existiendo\b",
        r"\b(?:sleep|asleep|dormir|dormirme) (?:forever|for good|para siempre)\b",
        r"\b(?:go|fall) to sleep and (?:never|not) wake up\b",
        r"\bwish i (?:could|would)? ?(?:just )?(?:not exist|stop existing|cease to exist|vanish|be "
        r"gone|not be here|not be alive)\b",
        r"\b(?:do ?n'?t|do not) (?:really )?(?:think|know if|know whether) i (?:really )?(?:want|"
        r"wanna|want to) (?:to )?(?:be alive|live|be here|keep going|exist|go on)\b",
        r"\bif i (?:died|was gone|were gone|disappeared|killed " + SELF + r"|wasn'?t here)\b"
        r"[^.!?]{0,40}\b(?:anyone|anybody|nobody|no one) would (?:even )?(?:notice|care|miss me)\b",
        r"\b(?:life|living|it) (?:is not|isn'?t|'s not|is no longer|ain'?t) worth (?:living|it "
        r"anymore)\b",
        r"\bnot worth living\b",
        r"\bno (?:vale|valdria) la pena (?:seguir )?(?:vivir|viviendo|estar aqui)\b",
        r"\bla [vb]ida no vale la pena\b",
        r"\b(?:dormir|dormirme) y no (?:volver a )?despertar\b",
        r"\b(?:better|happier|easier) (?:off )?(?:if i (?:just )?(?:was|were|wasn'?t|weren'?t)(?: "
        r"just)? "
        r"(?:gone|dead|here|around|alive)|without me)\b",
        r"\b(?:do ?n'?t|does ?n'?t|not) (?:really |even )?(?:want|wanting|trying) to (?:be here|li"
        r"ve|"
        r"exist|be alive|wake up|keep going|go on|keep living)\b",
        r"\b(?:just )?(?:want|wants|wanting) to (?:just )?not (?:exist|be alive|be here|wake up)\b",
        r"\b(?:not|never|won'?t|will not|wouldn'?t|don'?t) (?:ever )?wake up\b",
        r"\b(?:do ?n'?t|can'?t) see (?:the|any) point (?:in|of) (?:being alive|living|life|going o"
        r"n|"
        r"being here)\b",
        r"\b(?:world|everyone|everybody|they|family) (?:would|will) be (?:better|happier) (?:off )?"
        r"without me\b",
        r"\bno (?:quiero|kiero) seguir (?:con [vb]ida|vivo|viva|aqui|en este mundo)\b",
        r"\b(?:sobro|estorbo) en (?:este mundo|esta vida|mi casa|mi familia)\b",
        r"\b(?:mejor|preferible) (?:si )?(?:yo )?no (?:existiera|estuviera|viviera)\b",
        r"\bojala no (?:amanecer|amaneciera|despertar|despertara)\b",
        r"\bno (?:quisiera|quiero) (?:amanecer|despertar)\b",
        r"\bno (?:reason|reasons) (?:for me )?to (?:live|keep going|go on|be here|stay|be alive)\b",
        r"\bnothing (?:left )?to live for\b",
        r"\b(?:what'?s|whats|what is) (?:even )?the point (?:of|in) (?:living|being alive|life|goi"
        r"ng"
        r" on|being here)\b",
        r"\bno point (?:in )?(?:living|anymore|going on|being alive|in anything)\b",
        r"\btired of (?:living|being alive|life)\b",
        r"\b(?:can'?t|cannot) go on\b",
        r"\b(?:do ?n'?t|can'?t) see a way out\b",
        r"\bno way out\b",
        r"\b(?:just )?(?:want|wanna) to disappear\b",
        r"\bfeel(?:ing)? like dying\b",
        r"\bthink(?:ing)? about (?:dying|death|being dead)\b",
        r"\bdying would be (?:a relief|easier|better)\b",
        r"\b(?:wouldn'?t|would not|won'?t) mind if i (?:died|got hit|didn'?t wake up|never woke up|"
        r"wasn'?t here|was gone)\b",
        r"\b(?:do ?n'?t|does ?n'?t) (?:really )?care (?:if i (?:live|die|lived|died|wake up)|what "
        r"happens to me)\b",
        r"\b(?:anyone|anybody|nobody|no one) would (?:even )?(?:care|notice|miss me) if i (?:died|"
        r"was gone|were gone|disappeared|killed " + SELF + r"|wasn'?t here|weren'?t here)\b",
        r"\b(?:picturing|imagining|planning) my (?:own )?funeral\b",
        r"\bvoices?\b[^.!?]{0,40}\b(?:should die|to die|kill " + SELF + r"|to kill)\b",
        r"\bnot (?:trying|wanting|want) to be alive\b",
        # Spanish
        r"\bganas de morir(?:me)?\b",
        r"\bquisiera (?:no existir|morirme|desaparecer|no despertar|estar muert[oa])\b",
        r"\bojala (?:no despertara|me muriera|estuviera muert[oa]|no existiera|desapareciera|"
        r"no despertar)\b",
        r"\bno (?:quiero|kiero) (?:seguir )?(?:vivir|viviendo|estar aqui|existir|despertar)\b",
        r"\bno despertar(?:me)?\b",
        r"\bmejor sin mi\b",
        r"\bno (?:tengo|hay) (?:razon(?:es)?|motivos?|nada) (?:para|por (?:lo )?que) vivir\b",
        r"\bno le (?:veo|encuentro) (?:el )?sentido a (?:la " + LIFE + r"|vivir|seguir)\b",
        r"\b(?:ya )?no (?:tiene|le veo) caso seguir\b",
        r"\bquiero desaparecer\b",
        r"\bmejor (?:estar )?muert[oa]\b",
        r"\b(?:pienso|pensando|pensar|pense) (?:\w+ )?en (?:morirme|la muerte|morir)\b",
        r"\bya no puedo seguir\b",
    ],
)
DEATH_WISH_OTHER = _cues(
    Kind.DEATH_WISH,
    [
        r"\b(?:he|she|they) (?:wants?|wanted|wishes|wished) (?:to die|(?:he|she|they) (?:was|were)"
        r" dead)\b",
        r"\b(?:he|she|they) (?:does ?n'?t|do ?n'?t) want to (?:live|be here|be alive)\b",
        r"\bse quiere morir\b",
        r"\bquiere morirse\b",
        r"\b(?:ya )?no quiere (?:vivir|seguir viviendo|estar aqui)\b",
    ],
    third_party=True,
    active=True,
)

SELF_HARM = _cues(
    Kind.SELF_HARM,
    [
        r"\bcut(?:ting|s)? (?:" + SELF + r"|my (?:arms|wrist|legs|thighs|skin))\b",
        r"\bcut(?:ting)? again\b",
        r"\bbeen cutting\b",
        r"\bself[- ]?harm(?:ing)?\b",
        r"\b(?:hurt|hurting|burn|burning|hit|hitting|punish|punishing) " + SELF + r"\b",
        r"\bscratch(?:ing|ed)? my (?:arms|skin|legs)[^.!?]{0,20}\b(?:bleed|blood)\b",
        r"\b(?:hurt|hurting|cut|cutting|burn|burning) " + THEM + r"\b",
        r"\bcuts on " + HIS + r" (?:arms|legs|wrists)\b",
        r"\brazor blades?\b",
        r"\b(?:starve|starving|starved) (?:" + SELF + r"|" + THEM + r")\b",
        r"\bcarv(?:e|ing|ed) (?:into )?my (?:skin|arm|arms|leg|legs)\b",
        r"\bdejar de comer\b[^.!?]{0,20}\bcastigarme\b",
        r"\b(?:punching|punch|punched|hitting|banging|bang|hit) (?:walls?|my head|my fists?)\b",
        r"\b(?:pegarme|golpearme|quemarme|rasgunarme|rascarme hasta)\b",
        r"\bme (?:pego|golpeo|quemo) (?:a mi mism[oa]|la cabeza|los brazos|con)\b",
        # Spanish
        r"\bme (?:corte|corto|cortaba|cortando)\b",
        r"\bcortarme\b",
        r"\bcortandome\b",
        r"\b(?:me (?:he|ha) estado|estoy) cortando\b",
        r"\bse (?:esta )?cort(?:a|ando|o)\b",
        r"\b(?:hacerme|me hago|me hacia|me haria|me estoy haciendo|haciendome) dano\b",
        r"\bhaciendo dano\b",
        r"\bme lastim(?:o|e|aba)\b",
        r"\b(?:estoy|he estado|estado|sigo) (?:lastimando|cortando|quemando|golpeando)me\b",
        r"\b(?:me )?(?:estoy|he estado|estado|sigo) (?:lastimando|quemando|golpeando)\b",
        r"\blastimandome\b",
        r"\blastimarme\b",
        r"\bautolesi\w*",
    ],
)

SAFETY = _cues(
    Kind.SAFETY,
    [
        r"\b(?:he|she|they|partner|husband|wife|boyfriend|girlfriend|dad|father|mom|mother|"
        r"stepdad|stepmom|stepfather|brother|sister|ex|uncle|roommate)\s+(?:\w+ )?(?:hit|hits|"
        r"hitting|choked|chokes|beat|beats|slapped|punched|kicked) me\b",
        r"\b(?:said|says|threatened|threatens|told me) (?:that )?(?:he|she|they)?(?:'?ll|'?d| will"
        r"| "
        r"would| is going to| was going to)? ?(?:kill|hurt) me\b",
        r"\bthreaten(?:ed|s|ing)? (?:me|to kill me|to hurt me)\b",
        r"\b(?:not|n'?t|never) (?:feel )?safe (?:at home|here|with (?:him|her|them)|in my house)\b",
        r"\bscared to go home\b",
        r"\bhiding (?:in|from)\b",
        r"\bme (?:pega|pego|golpea|golpeo|amenaza|amenazo|ahorca)\b",
        r"\bno me siento segur[oa]\b",
        r"\bmiedo de (?:volver|regresar) a (?:la )?casa\b",
        r"\b(?:dice|dijo) que me va a (?:matar|pegar)\b",
    ],
)

OVERDOSE = _cues(
    Kind.OVERDOSE,
    [
        r"\busing (?:alone|by myself)\b",
        r"\b(?:used|using|relapsed)\b[^.!?]{0,30}\b(?:i'?m|im|am|all) alone\b",
        r"\bmixing (?:pills|xanax|benzos|meds)\b",
        r"\bconsumiendo sol[oa]\b",
    ],
)

RUMINATION = _cues(
    Kind.RUMINATION,
    [
        r"\b(?:can'?t|cannot) stop thinking about (?:it|that|dying|death)\b",
        r"\bthink about it (?:a lot|all the time|every day|constantly)\b",
        r"\b(?:thoughts|feelings|urges)\b[^.!?]{0,30}\b(?:coming|came|creeping|sneaking|are) back"
        r"\b",
        r"\bfeel(?:ing)? (?:that way|like that) again\b",
        r"\b(?:vuelvo a|volvi a) pensar en (?:eso|ello|hacerlo)\b",
        r"\bpienso (?:mucho )?en eso\b",
        r"\bganas de hacerlo\b",
    ],
)

DO_IT = _cues(
    Kind.DO_IT,
    [
        r"\b(?:going to|will|'ll|gonna|about to) (?:try (?:it )?again|do it)\b",
        r"\b(?:do it right|do it for real|this time i'?m going to do it)\b",
        r"\b(?:know|decided) what i'?m going to do\b",
        r"\bmade up my mind\b",
        r"\b(?:lo|la) voy a hacer\b",
        r"\b(?:esta noche|hoy|manana|ya) lo hago\b",
        r"\blo hare\b",
        r"\b(?:do|doing) it (?:tonight|today|now)\b",
    ],
)

# Risk words that no phrase above explained: moderate, so a peer asks. Broad on purpose;
# kept off words that grief uses every day ("died", "death of my mom").
RISK_WORD = _cues(
    Kind.RISK_WORD,
    [
        r"\bwaiting to die\b",
        r"\bmy (?:own )?death\b",
        r"\bwhat i (?:might|could|would) do to " + SELF + r"\b",
        r"\b(?:do|doing|did) (?:something )?(?:stupid |bad )?to " + SELF + r"\b",
        r"\bnever (?:open (?:my eyes|them)|wake)\b",
        r"\bdisappear\w*\b[^.!?]{0,15}\b(?:forever|for good|for ever|and never)\b",
        r"\bme gone\b",
        r"\b(?:bleach|antifreeze|rat poison)\b",
        r"\bno (?:quiero|kiero) (?:estar|seguir) en este mundo\b",
        r"\b(?:mas facil|mejor) no (?:estar|existir|despertar)\b",
        r"\bmorir(?:me|se)?\b",
        r"\b(?:cloro|veneno|raticida)\b",
        r"\bdesaparecer (?:para siempre|del mapa)\b",
    ],
)

TOLD_TO = _cues(Kind.TOLD_TO, [r"\bkys\b", r"\bkill yourself\b", r"\bmatate\b"])

MEANS = _cues(
    Kind.MEANS,
    [
        r"\b(?:a |the |my |his |her |dad'?s |mom'?s )?(?:gun|pistol|rifle|rope|noose|knife|razor|"
        r"blade|pills|meds|fentanyl|oxy|bridge)\b",
        r"\b(?:pistola|arma|cuerda|soga|cuchillo|navaja|pastillas|puente)\b",
    ],
)

TIMING_STRONG = re.compile(
    r"\b(?:tonight|tn|right now|today|this weekend|after work|after everyone'?s asleep|"
    r"when everyone'?s asleep|esta noche|hoy|ahora mismo|este fin de semana)\b"
)
TIMING_LATER = re.compile(r"\b(?:tomorrow|soon|manana|pronto)\b")

DISTRESS = _cues(
    Kind.DISTRESS,
    [
        r"\b(?:lonely|loneliness|alone|isolat\w+|invisible)\b",
        r"\b(?:anxious|anxiety|panic\w*|nervous wreck)\b",
        r"\b(?:depressed|depression|sad|sadness|crying|cry|tears|grief|griev\w+|heartbroken)\b",
        r"\bpassed (?:away|in|last)\b",
        r"\bmiss (?:her|him|them|my \w+) so much\b",
        r"\b(?:disconnected|alienated|abandoned|rejected)\b",
        r"\b(?:i'?m|im|feeling|feel) (?:just )?(?:so |really |pretty |kinda |very )?(?:down|blue)"
        r"\b",
        r"\b(?:relapsed?|slipped|cravings?|urges?)\b",
        r"\b(?:drinking|using) again\b",
        r"\bhad a drink\b",
        r"\bwant to (?:use|drink|get high)\b",
        r"\b(?:scared|afraid) (?:i'?m going to|i'?ll|of) (?:drink|use|relapse|lose)\b",
        r"\b(?:worthless|hopeless|failure|ashamed|shame|useless)\b",
        r"\bhate " + SELF + r"\b",
        r"\bburden\b",
        r"\b(?:overwhelmed|stressed|stress|exhausted|numb|empty|drowning|falling apart|lost withou"
        r"t)\b",
        r"\btired (?:of (?:feeling|everything|this)|all the time)\b",
        r"\b(?:can'?t|cannot|haven'?t been able to) (?:sleep|cope|deal|breathe|breath|focus|take ("
        r"?:it|this)"
        r"(?: anymore)?)\b",
        r"\bhaven'?t slept\b",
        r"\binsomnia\b",
        r"\brough (?:day|night|patch|week)\b",
        r"\bhard time\b",
        r"\b(?:always|really|so) hard for me\b",
        r"\bstruggling\b",
        r"\bletting everyone down\b",
        r"\b(?:nobody|no one) (?:texts|calls|cares|would (?:even )?(?:notice|care))\b",
        r"\b(?:don'?t|do not) have (?:anybody|anyone|family)\b",
        r"\bno one to talk to\b",
        r"\beverything (?:sucks|is (?:just )?grey|feels heavy)\b",
        r"\bfeel(?:ing)? (?:pretty |really |so )?(?:low|down|lost|awful|terrible)\b",
        r"\bworried\b",
        r"\bon edge\b",
        r"\b(?:can'?t|won'?t) (?:turn|shut|switch) (?:my brain|my mind|it) off\b",
        r"\b(?:racing thoughts|overthinking|my (?:brain|mind) (?:won'?t|will not) (?:stop|shut up)"
        r")\b",
        r"\b(?:since|after|when) (?:my|our) \w+ (?:passed|died)\b",
        r"\b(?:\w+ )?(?:died|passed away) (?:\w+ )?(?:weeks?|months?|days?|years?) ago\b",
        r"\b(?:snap|snapping|yelling) at (?:everyone|everybody|my kids|people)\b",
        r"\b(?:irritable|angry|frustrated|furious|heartbroken|miserable)\b",
        r"\b(?:homeless|evicted|eviction|lost my (?:job|apartment|house|kids))\b",
        r"\bhate my life\b",
        r"\b(?:i'?m|im) (?:such )?a (?:mess|wreck)\b",
        r"\bbreaking down\b",
        r"\bfeel(?:ing)? like giving up\b",
        r"\bsick of everything\b",
        r"\bmental health\b",
        r"\bhurts so much\b",
        r"\bscared\b",
        r"\bvent\b",
        r"\bdon'?t enjoy anything\b",
        # Spanish
        r"\b(?:me siento|estoy|siento|tan|muy|y) sol[oa]\b",
        r"\bsoledad\b",
        r"\b(?:ansiedad|ansios[oa]|panico|angustia\w*|nervios[oa])\b",
        r"\b(?:deprimid[oa]|depresion|triste|tristeza)\b",
        r"\b(?:llorar|llorando|lloro)\b",
        r"\b(?:recai|recaida|recaer|recaido)\b",
        r"\bconsumiendo\b",
        r"\bganas de (?:tomar|beber|consumir|usar|drogarme)\b",
        r"\b(?:volver|vuelva) a consumir\b",
        r"\b(?:fracaso|verguenza|inutil|carga)\b",
        r"\bme odio\b",
        r"\b(?:agobiad[oa]|agotad[oa]|estres|estresad[oa]|cansad[oa]|vaci[oa]|harto|harta)\b",
        r"\bsin esperanza\b",
        r"\bdesesperad[oa]\b",
        r"\bno (?:puedo|he podido) dormir\b",
        r"\b(?:ya )?no aguanto\b",
        r"\bno puedo mas\b",
        r"\bme siento (?:fatal|mal|perdid[oa]|como un fracaso)\b",
        r"\bmiedo de (?:recaer|volver a consumir|no poder|perder)\b",
        r"\bpreocupad[oa]\b",
        r"\bextrano (?:mucho )?a\b",
        r"\bno paro de (?:pensar|llorar)\b",
        r"\bme duele\b",
        r"\b(?:murio|fallecio)\b",
        r"\bla muerte de mi\b",
        r"\bme despidieron\b",
        r"\bme gritaron\b",
        r"\bnadie me (?:entiende|llama|quiere|escucha)\b",
        r"\bno tengo a nadie\b",
        r"\bno tengo ganas de nada\b",
        r"\b(?:bajon|bajonead[oa]|desanimad[oa]|enojad[oa]|frustrad[oa]|angustiad[oa]|"
        r"desesperanzad[oa]|abrumad[oa])\b",
        r"\bcorazon roto\b",
        r"\bodio mi [vb]ida\b",
        r"\b(?:me quiero rendir|quiero rendirme|ganas de rendirme)\b",
        r"\b(?:me quede sin|perdi (?:mi|el)) (?:trabajo|casa|empleo|departamento)\b",
        r"\bme (?:corrieron|echaron) (?:del|de la|de mi)\b",
        r"\b(?:desde|despues) (?:de )?que (?:murio|fallecio|se murio)\b",
    ],
)

# --- Context ---------------------------------------------------------------------------------

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

ALL_CUES: tuple[Cue, ...] = tuple(
    ACT_SELF
    + ACT_OTHER
    + ACT_NOUN
    + PLAN
    + PLAN_WEAK
    + FINALITY
    + ATTEMPT
    + DEATH_WISH_ACTIVE
    + DEATH_WISH
    + DEATH_WISH_OTHER
    + SELF_HARM
    + SAFETY
    + OVERDOSE
    + RUMINATION
    + DO_IT
    + TOLD_TO
    + RISK_WORD
    + MEANS
    + DISTRESS
)
MASKS: tuple[Cue, ...] = tuple(IDIOMS + INFO + GRIEF)
