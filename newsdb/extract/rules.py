"""The cue rules by name, with the words that trigger them, examples, and the one order in which they are tried.

A rule reads the tokens of one sentence (direct quotes blanked) and returns an `Attribution`: the reported clause,
the speaker phrase and the cue. Sentence rules (`find`) look at the whole sentence; phrase rules (`find_at`) are
tried at each token that is one of their trigger words, in sentence order, so the first source phrase wins.

The order (`cues.find_in`):
1. `FIRST`: the first of these that matches wins;
2. the first source phrase (`SOURCE_PHRASES`) and `LEADING_CUE`: the one whose cue starts first wins (ties: the
   source phrase);
3. `FALLBACK`: tried only when none of the above matched, the first match wins.
A rule is skipped without a look at the sentence when none of its trigger words is in it.
To add a rule: write its function in the module of its family and its unit below, or for a simple source phrase
its entry in `data/source_patterns.txt` (`patterns.py`), and put it into the order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newsdb.extract import kinds, patterns, source_rules, verb_rules
from newsdb.extract.grammar import CLAIMS, CUE_WORDS, REASONS, SAY_IT, SUBORDINATORS, TRAILING_WORDS, Attribution
from newsdb.extract.tokens import Token

SentenceFinder = Callable[[list[Token]], Attribution | None]
PhraseFinder = Callable[[list[Token], int], Attribution | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One named cue rule. `triggers` are case-folded words (or marks) of which one must be in the sentence (for
    a phrase rule: the word it is tried at). `examples` must make it fire, `counter_examples` must not (see
    `tests/test_rules.py`); `note` says what it knows about German."""

    name: str
    triggers: frozenset[str]
    note: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]
    find: SentenceFinder | None = None
    find_at: PhraseFinder | None = None  # neither: the rule judges what another rule found (`reported`)


def _words(*words: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in words)


# --- source phrases: tried at their trigger word, in sentence order (`source_rules`, `patterns`) ---
_PATTERNS = patterns.load()


def _pattern(name: str) -> Rule:
    """The rule of the entry `name` in `data/source_patterns.txt`."""
    p = _PATTERNS[name]
    return Rule(p.name, p.triggers, p.note, p.examples, p.counter_examples, find_at=p.find_at)


LAUT_RELATIVE = _pattern("laut-relative")
LAUT = _pattern("laut")
ZUFOLGE_RELATIVE = _pattern("zufolge-relative")
OWN_STATEMENT_ZUFOLGE = _pattern("eigene-angaben-zufolge")
ZUFOLGE_APPOSITION = _pattern("zufolge-apposition")
ZUFOLGE = _pattern("zufolge")
NACH_ANGABEN = Rule(
    "nach-angaben",
    _words("nach"),
    "`nach` before a statement noun (`Angaben`, `Bericht`, `Informationen`); the source is its genitive or `von`.",
    (
        "Nach Angaben der Stadt gibt es folgende Umwege: Nordring und Südring.",
        "Nach offiziellen Angaben wurden drei Personen verletzt.",
    ),
    ("Es gibt nach wie vor günstige Ersatzteile für dieses Modell.",),
    find_at=source_rules.nach_angaben,
)
MEINUNG_NACH = _pattern("meinung-nach")
WIE_X_SAGTE = Rule(
    "wie-x-sagte",
    _words("wie"),
    "A `wie` clause closed by a cue verb (`Wie X mitteilte, …`), a verb of a finding (`Wie eine Studie ergab`, "
    "`data/wie_cues.txt`) or a passive cue without a source (`Wie bekannt wurde`) attributes the main clause.",
    (
        "Wie die Kantonspolizei mitteilte, wurde niemand verletzt.",
        "Wie eine Umfrage ergab, fahren viele Pendler lieber mit dem Rad.",
        "Wie am Montag bekannt wurde, tritt der Trainer zurück.",
        "Wie berichtet wurde, bleibt die Schule geschlossen.",
    ),
    (
        "Es gibt nach wie vor günstige Ersatzteile für dieses Modell.",
        "Wie sich zeigte, war die Sorge unbegründet.",
        "Wie erwartet wurde, gewann die Partei die Wahl.",
    ),
    find_at=source_rules.wie_x_sagte,
)
WONACH = Rule(
    "wonach",
    _words("wonach"),
    "`X, wonach …`: the relative adverb introduces what X says.",
    ("Die Polizei veröffentlichte einen Bericht, wonach drei Personen verletzt wurden.",),
    ("Wonach suchen die Ermittler?",),
    find_at=source_rules.wonach,
)
DEMNACH = Rule(
    "demnach",
    _words("demnach"),
    "`Demnach` opening a sentence, or right after its indicative verb, goes on with the source reported last "
    "(after the verb only when a report came before).",
    (
        "Demnach wurden drei Personen verletzt.",
        "Die Polizei teilte mit, es habe gebrannt. Die Zahl der Verletzten liegt demnach bei drei.",
    ),
    (
        "Die Zahl der Verletzten liegt demnach bei drei.",
        "Das Spiel ist demnach verloren.",
        "Die Ministerin sagte, die Lage sei ernst. Die Zahl der Fälle wäre demnach höher.",
        "Wer sich verspätet, muss demnach warten.",
    ),
    find_at=source_rules.demnach,
)
# The source phrases in the order they are tried at one word.
SOURCE_PHRASES = (
    LAUT_RELATIVE,
    LAUT,
    ZUFOLGE_RELATIVE,
    OWN_STATEMENT_ZUFOLGE,
    ZUFOLGE_APPOSITION,
    ZUFOLGE,
    NACH_ANGABEN,
    MEINUNG_NACH,
    WIE_X_SAGTE,
    WONACH,
    DEMNACH,
)

# --- sentence rules (`verb_rules`, `source_rules`) ---
BACK_REFERENCE = Rule(
    "back-reference",
    CUE_WORDS,
    "`Das meldet X.`, `Das wurde von X bestätigt.`: a demonstrative subject and a cue verb (or a passive one closing "
    "the clause) attribute the sentence before.",
    (
        "Russland zieht seine Truppen ab. Das meldet das Verteidigungsministerium.",
        "Die Strasse bleibt gesperrt. Dies teilte die Polizei am Montag mit.",
        "Die Strecke bleibt bis Freitag gesperrt. Das wurde am Montag von der Bahn bestätigt.",
    ),
    (
        "Das Ministerium meldet neue Zahlen.",
        "Die Brücke war alt. Das wurde am Montag von der Stadt repariert.",
        "Die Brücke wird neu gebaut. Das wurde von der Stadt beschlossen.",
    ),
    find=verb_rules.back_reference,
)
HEISST_ES = Rule(
    "heisst-es",
    SAY_IT,
    "`…, hieß es.`, `In dem Bericht heißt es, …`: an unnamed source, or the text the report is in.",
    (
        "Die Verhandlungen seien gescheitert, hieß es.",
        "In der Mitteilung heißt es, die Lage sei ruhig.",
    ),
    ("Der Ort heißt Bern und liegt an der Aare.",),
    find=verb_rules.say_it,
)
TRAILING_CUE = Rule(
    "trailing-cue",
    TRAILING_WORDS,
    "A cue verb (or `so`) right after the comma that ends what was said, the speaker after it: `…, sagte X.`",
    (
        "«Wir sind zufrieden», sagte Trainerin Lea Roth.",
        "Die Preise würden weiter steigen, warnte Ökonomin Sara Vogt.",
    ),
    (
        "Nachdem das Spiel vorbei war, sagte der Trainer nichts mehr.",
        "In einem Brief, der am Abend verlesen wurde, sprach die Rektorin über den Umzug.",
    ),
    find=verb_rules.trailing,
)
SO_X = Rule(
    "so-x",
    _words("so"),
    "`…, so X.`: `so` right after the comma that ends what was said, then the speaker (found by `trailing-cue`); an "
    "insert `so <cue verb> X` between commas is cut out of the report around it.",
    (
        "Die Lage sei ernst, so Gutachterin Eva Roth.",
        "In drei Wochen, so schätzen die Planer, soll die Brücke fertig sein.",
    ),
    ("Die Sitzung dauerte so lange, dass alle gingen.",),
)
LEADING_CUE = Rule(
    "leading-cue",
    CUE_WORDS,
    "A cue verb with its subject, then a `dass`, subjunctive, infinitive or quoted clause: `X sagte, dass …`; a "
    "relative clause on the object (`…, auf die es X abgesehen hatte`) reports nothing.",
    (
        "Lena Brandt von Siemens sagte, die Lage sei ernst.",
        "Der Kanton hat zugesagt, die Kosten zu übernehmen.",
    ),
    (
        "Die Sängerin wusste das Publikum mit ihrer Stimme zu überzeugen.",
        "Der Trainer weiß die Mannschaft mit seiner Taktik zu überzeugen.",
        "Die Zeitung spricht von drei Tresoren, auf die es die Einbrecher abgesehen hatten.",
    ),
    find=verb_rules.leading_cue,
)
RELATIVE_CUE = Rule(
    "relative-cue",
    CUE_WORDS,
    "A cue verb (or its participle and auxiliary) closing a relative clause on the speaker: `ein Passant, der angab, "
    "… zu sein`; before an infinitive with `zu` the relative pronoun alone may name the speaker.",
    (
        "Die Polizei befragte einen Passanten, der angab, den Täter gesehen zu haben.",
        "Im Saal saß auch die Kassiererin, die erklärt hat, den Antrag ablehnen zu wollen.",
        "Zur Sitzung kam auch die frühere Stadträtin, die dem Gemeinderat vorwarf, die Kosten zu verschweigen.",
    ),
    ("Die Polizei befragte einen Passanten, der den Täter gesehen hatte.",),
    find=verb_rules.relative_cue,
)
WITH_REASON = Rule(
    "with-reason",
    REASONS,
    "`mit der Begründung, …`: what follows the comma was given, by the subject or the passive agent.",
    ("Die Stadt lehnte den Antrag mit der Begründung ab, das Geld fehle.",),
    ("Die Stadt lehnte den Antrag mit der Begründung ab.",),
    find=source_rules.with_reason,
)
CLAIM_CONTENT = Rule(
    "claim-content",
    CLAIMS,
    "A claim noun whose content follows after a comma (or after the verb or particle closing its clause), in "
    "Konjunktiv I, as a `dass` or `ob` clause or as an infinitive with `zu`: `Auf den Vorwurf, es handele sich …`, "
    "`den Appell des Trainers, sich zu schonen`, `herrschte die Meinung vor, dass …`.",
    (
        "Auf den Vorwurf der Opposition, der Plan sei zu teuer, reagierte die Regierung gelassen.",
        "Den Appell des Trainers, sich zu schonen, ignorierte die Läuferin.",
        "Für die Behauptung der Zeitung, dass der Minister gelogen hat, gibt es keine Belege.",
        "Die Forderungen von Mitgliedern des Vereins, den Kassier zu entlassen, blieben ohne Folgen.",
        "Unter Gärtnern herrschte die Meinung vor, dass der Dünger kaum wirkt.",
        "Der Verband hatte den Standpunkt vertreten, die Liga sei dafür nicht verantwortlich.",
    ),
    (
        "Der Vorwurf der Opposition wurde zurückgewiesen.",
        "Die Entscheidung, die im Mai gefallen war, gilt weiter.",
        "Der Plan der Stadt, den der Rat im Mai beschloss, kostet zu viel.",
        "Die Ärztin sagte, die Lage sei ernst. So gebe es Hinweise, dass mehr Kinder erkrankten.",
        "Der Standpunkt, den die Kommission vertrat, überraschte alle.",
        "Der Plan, die Brücke zu bauen, scheiterte am Geld.",
        "Die Entscheidung, das Werk zu schließen, fiel im Winter.",
        "Der Eindruck, dass die Preise steigen, täuscht.",
    ),
    find=source_rules.claim_content,
)
THAT_CLAUSE = Rule(
    "that-clause",
    SUBORDINATORS,
    "A subject, any verb and a reported `dass` clause: `Die Ermittler schließen daraus, dass …`.",
    ("Die Ermittler schließen daraus, dass der Täter allein handelte.",),
    ("Ein Sprecher der Reederei wollte nicht bestätigen, dass Matrosen verletzt wurden.",),
    find=verb_rules.that_clause,
)
COLON_INTRO = Rule(
    "colon-intro",
    _words(":"),
    "A speaker before a colon that introduces a direct quote: `BKA-Präsident Ziercke: «…»`.",
    ("Stadtpräsidentin Corine Mauch: «Wir lassen niemanden im Stich.»",),
    ("Interviewer: Welche Pläne der Regierung sind Ihrer Meinung nach verfehlt?",),
    find=verb_rules.colon_intro,
)

# --- sentences without a cue that still report (`kinds`): tried after the cue rules and the continuation ---
HEARSAY = Rule(
    "hearsay",
    kinds.HEARSAY,
    "`soll` in the main clause with a perfect or `sein` infinitive passes on a claim without naming who makes it: "
    "the sentence is a free indirect quote. Right after a report, `soll` with any infinitive goes on with it: what "
    "the source says is planned (`Bis Herbst sollen 300 Stellen wegfallen`).",
    (
        "Der Mann soll vor der Tat mehrere Drohbriefe geschrieben haben.",
        "Unter den Verletzten sollen auch zwei Kinder sein.",
        "Der Sprecher sagte, der Konzern baue um. Bis zum Herbst sollen 300 Stellen wegfallen.",
    ),
    (
        "Die neue Brücke soll im Herbst eröffnet werden.",
        "Die Firma sucht Fachleute, die das Netz ausbauen sollen.",
        "Die Stadt baut eine Brücke über den Fluss. Sie soll im Herbst eröffnet werden.",
    ),
    find=kinds.hearsay,
)

# `FRAMED_CLAUSE` (no function of its own) judges a subjunctive sentence without a cue that goes on with a report.
FRAMED_CLAUSE = Rule(
    "framed-clause",
    _words(","),
    "A sentence without a cue whose subjunctive stands only after its first comma, behind an indicative main clause "
    "(`kamen zu dem Ergebnis`, `ist zu hören`): the main clause frames the report, the quote starts after the comma "
    "and the main clause's subject gives it.",
    (
        "Die Ministerin sprach am Morgen. Die Prüfer kamen zu dem Ergebnis, dass die Brücke sicher sei.",
        "Der Verband tagte. Aus dem Vorstand ist zu hören, der Präsident habe seinen Rücktritt angeboten.",
    ),
    (
        "Die Ministerin sprach am Morgen. Wenn die Reform scheitere, sei die Regierung am Ende.",
        "Die Partei tagte. Statt die Steuern zu erhöhen, müsse der Rat endlich sparen.",
        "Die Ministerin sprach am Morgen. Was die Bürger wirklich wollten, sei eine schnelle Lösung.",
        "Der Stab tagte. Im Winter 2011, dessen Schneefall milder war, seien 40 Helfer unterwegs gewesen.",
        "Die Ministerin sprach am Morgen. Die Reform sei gescheitert, die Regierung müsse handeln.",
    ),
)

FIRST = (BACK_REFERENCE, HEISST_ES, TRAILING_CUE)
# The first source phrase of the sentence (tried at each word, `SOURCE_PHRASES` in their order) competes with
# `LEADING_CUE`: the earlier cue wins, the source phrase on a tie.
FALLBACK = (RELATIVE_CUE, WITH_REASON, CLAIM_CONTENT, THAT_CLAUSE, COLON_INTRO)
# Every rule in the order it is tried: the names `newsdb explain` shows.
REPORTED = Rule(
    "reported",
    kinds.SUMMARISING_FORMS,
    "A cue verb that names what was said by its object (`forderte den Rücktritt`, `bezeichnete X als Y`, `warnte "
    "vor`, `sprach von`), with no reported clause: the sentence summarises a speech act, a reported quote.",
    (
        "Die Gewerkschaft forderte am Montag den Rücktritt des Direktors.",
        "Die Ministerin bezeichnete den Vorschlag als Irrweg.",
        "Der Verband warnt vor steigenden Preisen.",
        "Dem Minister wird Untreue vorgeworfen.",
        "Die Versicherung schätzt den Schaden auf drei Millionen Franken.",
        "Der Bürgermeister begründete seinen Rücktritt mit gesundheitlichen Problemen.",
        "Der Verband verlangte eine Entschuldigung des Senders.",
        "Der Verband bemängelt die schlechte Beleuchtung der Wege.",
        "Die Opposition forderte eine Entschädigung für die Opfer.",
        "Die Regierung sagte den Opfern schnelle Hilfe zu.",
        "Der Wetterdienst sagte für Montag starken Regen voraus.",
        "Experten halten einen weiteren Anstieg der Preise für wahrscheinlich.",
    ),
    (
        "Der Richter sprach lange.",
        "Der Zug geht von Gleis drei ab.",
        "Die Gefahr geht von alten Leitungen aus.",
        "Der Minister sagte am Montag wenig.",
        "Die Experten halten den Anstieg der Preise für einen Fehler der Bank.",
        "Der Wirbelsturm forderte am Wochenende zwölf Todesopfer.",
        "Zwölf Menschenleben forderte das Unglück.",
        "Die Firma schätzt ihre Kunden sehr.",
        "Die Versicherung schätzt, dass der Schaden gering ist.",
        "Er sprach mit seiner Tochter und seinem Bruder.",
        "Die Ministerin bezeichnete, das sei ein Irrweg.",
    ),
)

# `WITHOUT_CUE`: `hearsay` is tried on a sentence that has no cue and does not continue a report, and on one whose
# cue found no clause; `reported` (no function of its own) on a sentence whose cue found no clause.
WITHOUT_CUE = (HEARSAY, REPORTED)
ALL = (*FIRST, SO_X, *SOURCE_PHRASES, LEADING_CUE, *FALLBACK, FRAMED_CLAUSE, *WITHOUT_CUE)
SOURCE_WORDS = frozenset().union(*(rule.triggers for rule in SOURCE_PHRASES))
# The source phrases to try at each trigger word, in their order.
SOURCE_PHRASES_AT = {word: tuple(r for r in SOURCE_PHRASES if word in r.triggers) for word in SOURCE_WORDS}
