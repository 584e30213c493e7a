"""Deterministic synthetic news articles in the seed format, for benchmarks.

`generate(n, seed)` yields `(external_id, text)` pairs: Swiss German news of about 3.3 KB with
- a header date of day, month or year precision, a lede, and two to five sections;
- direct quotes in «», „“ and "" marks, with ‹› and ‚‘ nested inside, and partial quotes;
- indirect speech in the subjunctive with cues such as `sagte`, `so X`, `laut X`, `X zufolge`, `hiess es`;
- recurring speakers introduced with their role, later named by surname or pronoun;
- organisations as sources, and Swiss number formats (`10'000`, `12,5`).
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar


@dataclass(frozen=True, slots=True)
class Speaker:
    role: str
    name: str
    female: bool

    @property
    def surname(self) -> str:
        return self.name.rsplit(" ", 1)[-1]

    @property
    def pronoun(self) -> str:
        return "sie" if self.female else "er"


@dataclass(frozen=True, slots=True)
class Organisation:
    nominative: str
    dative: str


@dataclass(frozen=True, slots=True)
class Claim:
    """An assertion that can be reported directly or indirectly: `subject verb rest`."""

    subject: str
    subjunctive: str
    indicative: str
    rest: str

    def second(self, verb: str) -> str:
        """Main-clause order: `die Lage sei unter Kontrolle`."""
        return f"{self.subject} {verb} {self.rest}"

    def inverted(self, verb: str) -> str:
        """Verb before subject, after a fronted phrase: `sei die Lage unter Kontrolle`."""
        return f"{verb} {self.subject} {self.rest}"

    def final(self, verb: str) -> str:
        """Subordinate order: `die Lage unter Kontrolle sei`."""
        return f"{self.subject} {self.rest} {verb}"


@dataclass(frozen=True, slots=True)
class Topic:
    place: str
    headings: tuple[str, ...]
    facts: tuple[str, ...]
    claims: tuple[Claim, ...]
    quotes: tuple[str, ...]
    phrases: tuple[Phrase, ...]
    speakers: tuple[Speaker, ...]
    organisations: tuple[Organisation, ...]


@dataclass(frozen=True, slots=True)
class Phrase:
    """A noun phrase that is quoted partially: `sprach von einem «Warnschuss»`."""

    text: str
    gender: str  # "m", "f" or "n"

    @property
    def dative(self) -> str:
        return {"f": "einer"}.get(self.gender, "einem")

    @property
    def accusative(self) -> str:
        return {"m": "einen", "f": "eine"}.get(self.gender, "ein")

    @property
    def negated(self) -> str:
        return {"f": "keine"}.get(self.gender, "kein")


def _phrases(*rows: str) -> tuple[Phrase, ...]:
    """Phrases written as `gender:text`."""
    return tuple(Phrase(text, gender) for gender, text in (row.split(":", 1) for row in rows))


def _claims(*rows: tuple[str, str, str, str]) -> tuple[Claim, ...]:
    return tuple(Claim(*row) for row in rows)


# Facts may use {n} (a count), {big} (a Swiss thousands number), {dec} (a decimal), {pct} (a percentage),
# {day} (a weekday) and {place}.
TOPICS: tuple[Topic, ...] = (
    Topic(
        place="Kirgistan",
        headings=(
            "Mehr als {big} Festnahmen",
            "Wie geht es weiter in {place}?",
            "Russland in der Zwickmühle",
            "Streitpunkt Truppenabzug:",
            "Machtdemonstration der Regierung",
            "Wer profitiert vom Chaos?",
        ),
        facts=(
            "In der Hauptstadt waren am {day} erneut Tausende auf die Strasse gegangen.",
            "Seit Beginn der Proteste wurden mehr als {big} Menschen festgenommen.",
            "Die Preise für Treibstoff hatten sich innert weniger Wochen um {pct} Prozent erhöht.",
            "Der Flughafen von Bischkek ist nach {n} Tagen wieder in Betrieb.",
            "Die Armee hat inzwischen {n} Kontrollposten rund um die Hauptstadt errichtet.",
            "Das Land zählt rund {dec} Millionen Einwohnerinnen und Einwohner.",
            "Beobachter sprechen von der schwersten Krise seit der Unabhängigkeit.",
            "Die Grenze zu China blieb auch am {day} geschlossen.",
        ),
        claims=_claims(
            ("die Lage", "sei", "ist", "inzwischen unter Kontrolle"),
            ("die ausländischen Truppen", "würden", "werden", "innert {n} Tagen abgezogen"),
            ("der Präsident", "habe", "hat", "die Unruhen für einen Machtkampf genutzt"),
            ("die Regierung", "könne", "kann", "die Versorgung nicht mehr garantieren"),
            ("viele Geschäfte", "seien", "sind", "seit Tagen geschlossen"),
            ("die Preiserhöhung", "werde", "wird", "vorerst zurückgenommen"),
            ("man", "habe", "hat", "«sozial wichtige Objekte» wieder an die Behörden übergeben"),
            ("der Einsatz", "sei", "ist", "ein Signal an die ganze Region"),
        ),
        quotes=(
            "Wir werden keine weitere Gewalt auf unseren Strassen dulden.",
            "Die Menschen haben schlicht genug von leeren Versprechen.",
            "Niemand weiss, wie lange diese Ruhe halten wird.",
            "Das ist kein Volksaufstand, das sind kriminelle Banden.",
            "Der Kreml will zeigen, wer in der Region das Sagen hat.",
        ),
        phrases=_phrases("m:Angriff terroristischer Banden", "m:Wendepunkt", "f:Operation zur Friedenssicherung"),
        speakers=(
            Speaker("SRF-Auslandredaktorin", "Judith Huber", True),
            Speaker("Regierungssprecher", "Asan Tokow", False),
            Speaker("Menschenrechtsanwältin", "Dinara Sultanowa", True),
        ),
        organisations=(
            Organisation("das Verteidigungsministerium", "dem Verteidigungsministerium"),
            Organisation("die Regierung Kirgistans", "der Regierung Kirgistans"),
            Organisation("die Nachrichtenagentur Interfax", "der Nachrichtenagentur Interfax"),
        ),
    ),
    Topic(
        place="Bern",
        headings=(
            "Defizit von {dec} Millionen Franken",
            "Streitpunkt Kinderbetreuung:",
            "Was bedeutet das für die Steuerzahlenden?",
            "Opposition fordert Sparprogramm",
            "Investitionen in Schulhäuser",
        ),
        facts=(
            "Die Stadt {place} rechnet für das kommende Jahr mit einem Defizit von {dec} Millionen Franken.",
            "Der Stadtrat hat das Budget am {day} mit {n} zu {n} Stimmen genehmigt.",
            "Die Ausgaben für die Kinderbetreuung steigen um {pct} Prozent.",
            "Rund {big} Familien haben im vergangenen Jahr Betreuungsgutscheine bezogen.",
            "Die Verschuldung der Stadt liegt inzwischen bei über {big} Franken pro Kopf.",
            "Die Stimmbevölkerung entscheidet im Herbst über einen Kredit von {dec} Millionen Franken.",
            "Bereits im Vorjahr hatte die Rechnung schlechter abgeschlossen als budgetiert.",
        ),
        claims=_claims(
            ("eine Steuererhöhung", "sei", "ist", "derzeit kein Thema"),
            ("die Stadt", "müsse", "muss", "ihre Ausgaben besser kontrollieren"),
            ("die Investitionen in Schulhäuser", "seien", "sind", "dringend nötig"),
            ("das Defizit", "werde", "wird", "in den nächsten {n} Jahren wieder sinken"),
            ("man", "habe", "hat", "die Folgen der Teuerung unterschätzt"),
            ("die Gemeinde", "könne", "kann", "sich die neuen Angebote kaum leisten"),
        ),
        quotes=(
            "Wir sparen nicht bei den Kindern, das ist ein Versprechen.",
            "Dieses Budget ist ehrlich, aber es tut weh.",
            "Die Stadt lebt seit Jahren über ihre Verhältnisse.",
            "Ohne neue Einnahmen geht die Rechnung nicht auf.",
        ),
        phrases=_phrases(
            "n:Budget der verpassten Chancen", "m:Blindflug in der Finanzpolitik", "f:Rechnung mit Augenmass"
        ),
        speakers=(
            Speaker("Finanzdirektorin", "Claudia Rüegg", True),
            Speaker("Stadtpräsident", "Reto Ammann", False),
            Speaker("SVP-Fraktionschef", "Hans Grob", False),
        ),
        organisations=(
            Organisation("der Gemeinderat", "dem Gemeinderat"),
            Organisation("die Finanzkommission", "der Finanzkommission"),
            Organisation("der Gewerbeverband", "dem Gewerbeverband"),
        ),
    ),
    Topic(
        place="Graubünden",
        headings=(
            "Unwetter mit Folgen",
            "Wie sicher sind die Bergdörfer?",
            "Schäden in Millionenhöhe",
            "Kritik am Warnsystem",
            "Aufräumarbeiten dauern an",
        ),
        facts=(
            "Innert {n} Stunden fielen im Kanton {place} bis zu {n} Liter Regen pro Quadratmeter.",
            "Die Kantonsstrasse bleibt wegen eines Murgangs bis auf Weiteres gesperrt.",
            "Rund {big} Haushalte waren am {day} stundenlang ohne Strom.",
            "Die Versicherungen schätzen den Schaden auf {dec} Millionen Franken.",
            "Mehr als {n} Personen mussten ihre Häuser vorübergehend verlassen.",
            "Die Feuerwehr stand mit {n} Einsatzkräften im Einsatz.",
        ),
        claims=_claims(
            ("die Evakuierung", "sei", "ist", "ohne Zwischenfälle verlaufen"),
            ("die Gefahr weiterer Murgänge", "bestehe", "besteht", "weiterhin"),
            ("das Warnsystem", "habe", "hat", "zu spät ausgelöst"),
            ("die Strasse", "werde", "wird", "frühestens in {n} Wochen wieder geöffnet"),
            ("die Schutzbauten", "hätten", "haben", "Schlimmeres verhindert"),
        ),
        quotes=(
            "So etwas habe ich in vierzig Jahren nicht erlebt.",
            "Wir hatten grosses Glück, dass niemand verletzt wurde.",
            "Der Klimawandel kommt bei uns in den Bergen zuerst an.",
            "Die Leute hier sind erschöpft, aber sie halten zusammen.",
        ),
        phrases=_phrases("n:Jahrhundertereignis", "m:Wettlauf gegen die Zeit", "f:Warnung in letzter Minute"),
        speakers=(
            Speaker("Gemeindepräsidentin", "Seraina Caduff", True),
            Speaker("Polizeisprecher", "Marco Casutt", False),
            Speaker("Geologin", "Lea Baumann", True),
        ),
        organisations=(
            Organisation("die Kantonspolizei Graubünden", "der Kantonspolizei Graubünden"),
            Organisation("das Bundesamt für Umwelt", "dem Bundesamt für Umwelt"),
            Organisation("der Führungsstab", "dem Führungsstab"),
        ),
    ),
    Topic(
        place="Zürich",
        headings=(
            "Streik im Nahverkehr",
            "Forderung nach {pct} Prozent mehr Lohn",
            "Was sagen die Pendlerinnen und Pendler?",
            "Gespräche ohne Ergebnis",
            "Die nächsten Schritte:",
        ),
        facts=(
            "Am {day} standen in {place} zahlreiche Trams und Busse still.",
            "Betroffen waren nach Schätzungen rund {big} Pendlerinnen und Pendler.",
            "Die Gewerkschaft fordert eine Lohnerhöhung von {pct} Prozent.",
            "Das Verkehrsunternehmen wies im letzten Jahr einen Gewinn von {dec} Millionen Franken aus.",
            "Es ist der erste Streik im städtischen Verkehr seit {n} Jahren.",
            "Die Verhandlungen sollen in {n} Tagen fortgesetzt werden.",
        ),
        claims=_claims(
            ("das Angebot der Arbeitgeber", "sei", "ist", "eine Provokation"),
            ("das Unternehmen", "könne", "kann", "sich höhere Löhne nicht leisten"),
            ("der Streik", "werde", "wird", "fortgesetzt"),
            ("die Gewerkschaft", "habe", "hat", "die Verhandlungen abgebrochen"),
            ("man", "sei", "ist", "weiterhin zu Gesprächen bereit"),
        ),
        quotes=(
            "Wir fahren diese Stadt jeden Tag, auch nachts und an Feiertagen.",
            "Ein Streik schadet vor allem den Fahrgästen.",
            "Die Geduld der Belegschaft ist am Ende.",
            "Wir erwarten ein Angebot, das diesen Namen verdient.",
        ),
        phrases=_phrases("m:Arbeitskampf auf dem Rücken der Fahrgäste", "m:Warnschuss", "f:Lohnrunde der Enttäuschung"),
        speakers=(
            Speaker("Gewerkschafterin", "Miriam Sutter", True),
            Speaker("Verkehrsdirektor", "Thomas Leuenberger", False),
            Speaker("Stadträtin", "Karin Egli", True),
        ),
        organisations=(
            Organisation("die Gewerkschaft VPOD", "der Gewerkschaft VPOD"),
            Organisation("das Verkehrsunternehmen", "dem Verkehrsunternehmen"),
            Organisation("der Stadtrat", "dem Stadtrat"),
        ),
    ),
    Topic(
        place="Basel",
        headings=(
            "Spitäler am Anschlag",
            "Personalmangel als Hauptproblem",
            "Wie reagiert die Politik?",
            "Fachkräfte aus dem Ausland",
        ),
        facts=(
            "In den Spitälern von {place} sind derzeit {n} Betten wegen fehlenden Personals gesperrt.",
            "Die Wartezeit für planbare Eingriffe beträgt im Schnitt {n} Wochen.",
            "Rund {pct} Prozent der Pflegefachleute verlassen den Beruf innert fünf Jahren.",
            "Der Kanton hat ein Programm über {dec} Millionen Franken angekündigt.",
            "Schweizweit fehlen laut Schätzungen über {big} Pflegefachkräfte.",
        ),
        claims=_claims(
            ("die Belastung", "sei", "ist", "seit Monaten zu hoch"),
            ("das Programm", "komme", "kommt", "viel zu spät"),
            ("die Löhne", "müssten", "müssen", "deutlich steigen"),
            ("man", "werde", "wird", "zusätzliche Ausbildungsplätze schaffen"),
            ("die Versorgung", "sei", "ist", "trotz allem gesichert"),
        ),
        quotes=(
            "Wir arbeiten seit Monaten am Limit.",
            "Applaus allein bezahlt keine Miete.",
            "Die Patientinnen und Patienten merken den Mangel jeden Tag.",
            "Wir brauchen jetzt Lösungen und keine weiteren Studien.",
        ),
        phrases=_phrases("m:Pflegenotstand", "f:Zweiklassenmedizin", "m:Exodus aus der Pflege"),
        speakers=(
            Speaker("Pflegefachfrau", "Sandra Kälin", True),
            Speaker("Gesundheitsdirektor", "Daniel Frey", False),
            Speaker("Spitaldirektorin", "Andrea Schmid", True),
        ),
        organisations=(
            Organisation("das Gesundheitsdepartement", "dem Gesundheitsdepartement"),
            Organisation("der Berufsverband der Pflegefachpersonen", "dem Berufsverband der Pflegefachpersonen"),
            Organisation("das Universitätsspital", "dem Universitätsspital"),
        ),
    ),
)

# Background sentences that fit any topic.
GENERIC_FACTS = (
    "Eine Einigung ist vorerst nicht in Sicht.",
    "Die Behörden wollen am {day} ausführlicher informieren.",
    "Ob die angekündigten Massnahmen genügen, ist offen.",
    "Entscheidend wird sein, wie sich die Lage in den kommenden {n} Tagen entwickelt.",
    "Das Thema dürfte die Politik noch lange beschäftigen.",
    "Bereits vor {n} Jahren hatte es eine ähnliche Debatte gegeben.",
    "Eine Umfrage zeigt, dass {pct} Prozent der Befragten die Entwicklung mit Sorge verfolgen.",
    "In den sozialen Medien wurde das Thema am {day} tausendfach geteilt.",
)
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
SAY_VERBS = ("sagte", "erklärte", "betonte", "sagt", "erklärt", "meint", "vermutet", "kritisierte")
# Sentence kinds (fact, direct quote, reported speech, partial quote) in proportions that give about as many
# quotes per kilobyte as the seed article (15 in 3.6 KB).
KIND_WEIGHTS = (14, 2, 3, 1)
FIRST_DAY = date(2015, 1, 1)
DAYS = 3650


def generate(n: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """`n` deterministic articles as `(external_id, text)`; the same `seed` gives the same articles."""
    rng = random.Random(seed)
    for index in range(n):
        external_id = f"syn_{index:06d}_{rng.getrandbits(64):016x}"
        yield external_id, _Article(rng).text()


T = TypeVar("T")


class _Deck(Generic[T]):
    """Draws without repetition until every card has been used, then reshuffles."""

    def __init__(self, rng: random.Random, cards: Sequence[T]) -> None:
        self.rng = rng
        self.cards = list(cards)
        self.pile: list[T] = []

    def draw(self) -> T:
        if not self.pile:
            self.pile = self.rng.sample(self.cards, len(self.cards))
        return self.pile.pop()


class _Article:
    """One article: a topic, its recurring speakers, and the sentences built from them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.topic = topic = rng.choice(TOPICS)
        self.facts = _Deck(rng, [*topic.facts, *rng.sample(GENERIC_FACTS, 3)])
        self.claims = _Deck(rng, topic.claims)
        self.quotes = _Deck(rng, topic.quotes)
        self.phrases = _Deck(rng, topic.phrases)
        self.speakers = _Deck(rng, topic.speakers)
        self.organisations = _Deck(rng, topic.organisations)
        self.mentioned: set[Speaker] = set()
        self.last: Speaker | None = None

    def text(self) -> str:
        blocks = [f" date {self._date()} {self._lede()}"]
        blocks.extend(self._paragraph() for _ in range(self.rng.randint(2, 3)))
        count = self.rng.randint(1, min(4, len(self.topic.headings)))
        for heading in self.rng.sample(self.topic.headings, count):
            blocks.append(self._fill(heading))
            blocks.extend(self._paragraph() for _ in range(self.rng.choices((1, 2, 3), weights=(1, 2, 4))[0]))
        return "\n\n".join(blocks)

    def _date(self) -> str:
        day = FIRST_DAY + timedelta(days=self.rng.randrange(DAYS))
        precision = self.rng.choices(("day", "month", "year"), weights=(70, 25, 5))[0]
        return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": str(day.year)}[precision]

    def _lede(self) -> str:
        return f"{self._fact()} {self._reported()}"

    def _paragraph(self) -> str:
        kinds = (self._fact, self._direct, self._reported, self._partial)
        sentences = [self.rng.choices(kinds, weights=KIND_WEIGHTS)[0]() for _ in range(self.rng.randint(3, 6))]
        if self.rng.random() < 0.3:
            sentences.append(self._continuation())
        return " ".join(sentences)

    # --- sentences ---

    def _fact(self) -> str:
        return self._fill(self.facts.draw())

    def _direct(self) -> str:
        quote, speaker = self.quotes.draw(), self.speakers.draw()
        form = self.rng.randrange(6)
        if form == 0:
            return f"{self._refer(speaker, start=True)} {self._verb()}: «{quote}»"
        said = f"{self._verb()} {self._refer(speaker)}"
        bare = quote.rstrip(".")
        if form == 1:
            return f"«{bare}», {said}."
        if form == 2:
            return f"„{bare}“, {said} gegenüber Radio SRF."
        if form == 3:
            return f'"{bare}", {said}.'
        phrase = self.phrases.draw()
        if form == 4:
            return f"«Manche nennen das {phrase.accusative} ‹{phrase.text}›», {said}."
        return f"„Das ist {phrase.negated} ‚{phrase.text}‘“, {said}."

    def _reported(self) -> str:
        claim = self._claim()
        subjunctive = claim.second(claim.subjunctive)
        form = self.rng.randrange(9)
        if form == 0:
            return f"{_cap(subjunctive)}, hiess es."
        if form <= 3:
            speaker = self.speakers.draw()
            if form == 1:
                return f"{self._refer(speaker, start=True)} {self._verb()}, {subjunctive}."
            if form == 2:
                return f"{_cap(subjunctive)}, so {self._refer(speaker)}."
            return f"{self._refer(speaker, start=True)} geht davon aus, dass {claim.final(claim.subjunctive)}."
        org = self.organisations.draw()
        if form == 4:
            return f"Laut {org.dative} {claim.inverted(claim.indicative)}."
        if form == 5:
            return f"{_cap(org.dative)} zufolge {claim.inverted(claim.subjunctive)}."
        if form == 6:
            return f"{_cap(claim.second(claim.indicative))}. Das meldet {org.nominative} am {self._weekday()}."
        if form == 7:
            return f"Wie {org.nominative} am {self._weekday()} mitteilte, {claim.inverted(claim.indicative)}."
        return f"{_cap(org.nominative)} teilte mit, dass {claim.final(claim.subjunctive)}."

    def _partial(self) -> str:
        phrase = self.phrases.draw()
        return f"{self._refer(self.speakers.draw(), start=True)} sprach von {phrase.dative} «{phrase.text}»."

    def _continuation(self) -> str:
        claim = self._claim()
        opener = self.rng.choice(("Zudem", "Ausserdem", "Gleichzeitig", "Allerdings"))
        return f"{opener} {claim.inverted(claim.subjunctive)}."

    # --- pieces ---

    def _claim(self) -> Claim:
        claim = self.claims.draw()
        return Claim(claim.subject, claim.subjunctive, claim.indicative, self._fill(claim.rest))

    def _refer(self, speaker: Speaker, *, start: bool = False) -> str:
        """Role and full name on first mention, then surname, or a pronoun for the speaker just named."""
        last, self.last = self.last, speaker
        if speaker not in self.mentioned:
            self.mentioned.add(speaker)
            return f"{speaker.role} {speaker.name}"
        if start and speaker == last and self.rng.random() < 0.5:
            return _cap(speaker.pronoun)
        return speaker.surname

    def _verb(self) -> str:
        return self.rng.choice(SAY_VERBS)

    def _weekday(self) -> str:
        return self.rng.choice(WEEKDAYS)

    def _fill(self, template: str) -> str:
        rng = self.rng
        return template.format(
            n=rng.randint(2, 60),
            big=_swiss(rng.randint(1, 90) * 1000 + rng.choice((0, 0, 500, rng.randint(1, 999)))),
            dec=f"{rng.randint(1, 99)},{rng.randint(1, 9)}",
            pct=rng.randint(2, 30),
            day=self._weekday(),
            place=self.topic.place,
        )


def _swiss(number: int) -> str:
    """`10'000`: Swiss thousands separators."""
    return f"{number:,}".replace(",", "'")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
