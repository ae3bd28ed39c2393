"""Suicide itself, plans and preparation, goodbyes and finality, attempts."""

from __future__ import annotations

from hearth.triage.lexicon.base import HIS, LIFE, SELF, THEM, Kind, cues

ACT_SELF = cues(
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
ACT_NOUN = cues(
    Kind.ACT,
    [r"\bsuicide\b", r"\bsuicidal\b", r"\bsuicidio\b", r"\bsuicidas?\b", r"\boverdos(?:e|ing)\b"],
    default_high=False,
)
ACT_OTHER = cues(
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

PLAN = cues(
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
PLAN_WEAK = cues(
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
FINALITY = cues(
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

ATTEMPT = cues(
    Kind.ATTEMPT,
    [
        r"\battempted(?: suicide)?\b",
        r"\bsuicide attempts?\b",
        r"\btried\b[^.!?]{0,40}\band failed\b",
        r"\b(?:un|mi) intento\b(?! de (?:\w+ )?(?:trabajo|examen|cita))",
        r"\b(?:lo )?intente\b",
    ],
)
