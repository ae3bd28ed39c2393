"""Wishes to be dead or gone, self-harm, safety, overdose risk, references back to a risk
topic, risk words, means and timing."""

from __future__ import annotations

import re

from hearth.triage.lexicon.base import HIS, LIFE, SELF, THEM, Kind, cues

DEATH_WISH_ACTIVE = cues(
    Kind.DEATH_WISH,
    [
        r"\b(?:want|wanting|ready|need) to die\b",
        r"\b(?:me )?quiero morir(?:me)?\b",
        r"\bquiero estar muert[oa]\b",
    ],
    active=True,
)
DEATH_WISH = cues(
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
DEATH_WISH_OTHER = cues(
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

SELF_HARM = cues(
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

SAFETY = cues(
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

OVERDOSE = cues(
    Kind.OVERDOSE,
    [
        r"\busing (?:alone|by myself)\b",
        r"\b(?:used|using|relapsed)\b[^.!?]{0,30}\b(?:i'?m|im|am|all) alone\b",
        r"\bmixing (?:pills|xanax|benzos|meds)\b",
        r"\bconsumiendo sol[oa]\b",
    ],
)

RUMINATION = cues(
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

DO_IT = cues(
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
RISK_WORD = cues(
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

TOLD_TO = cues(Kind.TOLD_TO, [r"\bkys\b", r"\bkill yourself\b", r"\bmatate\b"])

MEANS = cues(
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
