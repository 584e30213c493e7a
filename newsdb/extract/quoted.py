"""What words in quotation marks are: speech, or a name, a title or a term (`die Zeitung „Die Welt“`)."""

from __future__ import annotations

from newsdb.document import Paragraph
from newsdb.extract import chunking, grammar, lexicon
from newsdb.extract.chunking import DETERMINERS
from newsdb.extract.quotes import QuoteSpan, is_name, looks_like_title, noun_before

_CALLED = lexicon.words("called_leads")


def named(p: Paragraph, q: QuoteSpan) -> bool:
    """Whether a quote beside a cue is a name (`im Magazin «Golem»`), not a word someone used.

    A lone capitalised word is speech only as what something was called (`bezeichnete sie als «Gesindel»`,
    `berichtete über erste «Landnahmen»`), not after an article, a preposition or a noun (`das Magazin «Golem»`).
    """
    before = p.text[max(0, q.open - 20) : q.open].split()[-1:]
    word = before[0].casefold() if before else ""
    adjective = word[:1].islower() and word.endswith(("e", "en")) and word not in DETERMINERS  # "erste"
    if word in grammar.INDEFINITE:
        return False  # "nannte dies einen «Putsch»", "sprach von einer «Zumutung für alle Anwohner»": a word used
    called = word in _CALLED or adjective
    return looks_like_title(p.text[q.inner_start : q.inner_end], single=not called)


def short(p: Paragraph, q: QuoteSpan) -> bool:
    """Whether a quote has at most four words: short enough to be a name."""
    return len(p.text[q.inner_start : q.inner_end].split()) <= 4


def after_noun(p: Paragraph, q: QuoteSpan) -> bool:
    """Whether a quote follows an article or a noun other than a statement (`dem Motto „…“`, not `den Worten „…“`):
    without a cue, that quotes a name, a title or a slogan."""
    noun = noun_before(p.text, q)
    return noun is not None and not chunking.is_source_noun(noun.casefold())


def speech(p: Paragraph, directs: list[QuoteSpan]) -> list[QuoteSpan]:
    """The direct quotes that are not quoted names (`die Zeitung „Die Welt“`)."""
    return [q for q in directs if not is_name(p.text, q)]
