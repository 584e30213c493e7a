"""Source phrases written as data: the token patterns of `data/source_patterns.txt`, checked when loaded and
matched at their trigger words (the file's header describes the format)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from importlib import resources

from newsdb.extract import lexicon
from newsdb.extract.chunking import is_source_noun, noun_phrase, noun_phrase_before
from newsdb.extract.clauses import quoted_name, span_of
from newsdb.extract.grammar import NO_REPORT, Attribution
from newsdb.extract.source_rules import around, own_statement_subject, relative_source, who_or_said
from newsdb.extract.tokens import Token

FILE = "source_patterns"
OPENING_TOKENS = 15  # `<opening>`: at most this many tokens from the sentence start, without a comma
_AFTER_ONLY = ("np", "np-speaker")
_BEFORE_ONLY = ("np-before", "opening")
_KEYS = ("triggers", "match", "source", "cue", "mention", "note", "example", "counter")
_REQUIRED = ("triggers", "match", "source", "note", "example", "counter")
_PLACEHOLDER = re.compile(r"\{(\d+)\}")


class PatternError(ValueError):
    """A bad entry in a pattern file: the message is `path:line: what was expected`."""


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a token pattern: its `kind` (`trigger`, `mark`, `class`, `prefix`, `word`, `source`, `np`,
    `np-speaker`, `np-before`, `opening` or `more`) and what it needs."""

    kind: str
    text: str = ""
    words: frozenset[str] = frozenset()
    optional: bool = False

    def fits(self, token: Token) -> bool:
        """Whether `token` is what this one-token element asks for (the trigger fits any token)."""
        kind = self.kind
        if kind == "mark":
            return token.text == self.text
        if kind == "class":
            return token.low in self.words
        if kind == "prefix":
            return token.low.startswith(self.text)
        if kind == "word":
            return token.is_word
        if kind == "source":
            return is_source_noun(token.low)
        return True

    def end_from(self, tokens: list[Token], p: int) -> int:
        """Where this element ends if it starts at `tokens[p]` (after the trigger), or -1."""
        if self.kind in ("np", "np-speaker"):
            j = quoted_name(tokens, p) or noun_phrase(tokens, p)
            if j <= p or (self.kind == "np-speaker" and not who_or_said(tokens[p:j])):
                return -1
            return j
        return p + 1 if p < len(tokens) and self.fits(tokens[p]) else -1

    def start_before(self, tokens: list[Token], p: int) -> int:
        """Where this element starts if it ends right before `tokens[p]` (before the trigger), or -1."""
        if self.kind == "np-before":
            start = noun_phrase_before(tokens, p) if p > 0 else p
            return start if start < p else -1
        if self.kind == "opening":
            short = 0 < p <= OPENING_TOKENS and not any(t.text == "," for t in tokens[:p])
            return 0 if short else -1
        return p - 1 if p > 0 and self.fits(tokens[p - 1]) else -1


@dataclass(frozen=True, slots=True)
class Match:
    """A token pattern, for all triggers (`only` empty) or only for the trigger `only`."""

    only: str
    elements: tuple[Element, ...]
    trigger_at: int  # the index of `@` in `elements`


@dataclass(frozen=True, slots=True)
class Pattern:
    """One entry of the pattern file, matched by `find_at` at a trigger word."""

    name: str
    triggers: frozenset[str]
    matches: tuple[Match, ...]
    source: str  # "antecedent", "subject", the number of an element or two (from, to: `1 3`)
    cue: str  # a template with `{N}` for element N's text; empty: the trigger as written
    mention: tuple[int, ...]  # the elements (from 1) that name the speaker as written; empty: none
    note: str
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]

    def find_at(self, tokens: list[Token], k: int) -> Attribution | None:
        """The attribution of this pattern at the trigger `tokens[k]`: `None` if no match line fits there,
        `NO_REPORT` if one fits but the phrase reports nothing."""
        low = tokens[k].low
        for match in self.matches:
            if match.only and match.only != low:
                continue
            spans = _spans(match, tokens, k)
            if spans is not None:
                return self._attribute(tokens, k, match, spans)
        return None

    def _attribute(self, tokens: list[Token], k: int, match: Match, spans: list[tuple[int, int]]) -> Attribution | None:
        start, end = spans[0]
        cue = (
            _PLACEHOLDER.sub(lambda m: _text(tokens, spans[int(m.group(1))]), self.cue) if self.cue else tokens[k].text
        )
        if self.source == "antecedent":
            comma = spans[1 + next(i for i, e in enumerate(match.elements) if e.kind == "mark" and e.text == ",")][0]
            att = relative_source(tokens, comma, end, cue)
        else:
            if self.source == "subject":
                speaker = own_statement_subject(tokens, start, end)
            else:
                first, _, last = self.source.partition(" ")
                speaker = span_of(tokens, spans[int(first)][0], spans[int(last or first)][1])
            att = around(tokens, start, end, speaker, cue)
        if att is None:
            return NO_REPORT
        # the cue is the trigger alone (`Seiner Meinung nach`: `nach`); the speaker as written may be more
        mention = [spans[i] for i in self.mention if spans[i][1] > spans[i][0]]
        written = span_of(tokens, mention[0][0], mention[-1][1]) if mention else None
        return replace(att, cues=((tokens[k].start, tokens[k].end),), mention=written)


def _text(tokens: list[Token], span: tuple[int, int]) -> str:
    """The words of an element, separated by spaces."""
    return " ".join(t.text for t in tokens[span[0] : span[1]])


def _spans(match: Match, tokens: list[Token], k: int) -> list[tuple[int, int]] | None:
    """Where the elements of `match` stand with its trigger at `k`: the phrase first, then each element's span
    (an optional element that is absent: `(-1, -1)`), or `None` if the tokens do not fit."""
    elements = match.elements
    spans = [(-1, -1)] * (len(elements) + 1)
    end = k + 1
    for i in range(match.trigger_at + 1, len(elements)):
        element = elements[i]
        if element.kind == "more":
            if end >= len(tokens):
                return None
            break
        after = element.end_from(tokens, end)
        if after < 0:
            return None
        spans[i + 1] = (end, after)
        end = after
    start = k
    for i in range(match.trigger_at - 1, -1, -1):
        before = elements[i].start_before(tokens, start)
        if before < 0:
            if elements[i].optional:
                continue
            return None
        spans[i + 1] = (before, start)
        start = before
    spans[match.trigger_at + 1] = (k, k + 1)
    spans[0] = (start, end)
    return spans


def load() -> dict[str, Pattern]:
    """The patterns of `data/source_patterns.txt` by name."""
    text = resources.files("newsdb.extract").joinpath("data", f"{FILE}.txt").read_text(encoding="utf-8")
    return parse(text, f"newsdb/extract/data/{FILE}.txt")


def parse(text: str, path: str) -> dict[str, Pattern]:
    """The patterns written in `text`; a bad entry raises `PatternError` naming `path` and the line."""
    entries: list[tuple[str, int, dict[str, list[tuple[int, str, str]]]]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]") and line[1:-1].strip():
            entries.append((line[1:-1].strip(), number, {}))
            continue
        key, sep, value = line.partition("=")
        key_word, _, qualifier = key.strip().partition(" ")
        if not entries:
            raise PatternError(f"{path}:{number}: expected `[name]` to open an entry")
        if not sep or key_word not in _KEYS or not value.strip():
            raise PatternError(f"{path}:{number}: expected `key = value` with a key of {', '.join(_KEYS)}")
        if qualifier and key_word != "match":
            raise PatternError(f"{path}:{number}: only `match` takes a trigger before `=`")
        entries[-1][2].setdefault(key_word, []).append((number, qualifier.strip(), value.strip()))
    patterns: dict[str, Pattern] = {}
    for name, number, fields in entries:
        if name in patterns:
            raise PatternError(f"{path}:{number}: a second entry named `{name}`")
        patterns[name] = _entry(name, number, fields, path)
    return patterns


def _entry(name: str, number: int, fields: dict[str, list[tuple[int, str, str]]], path: str) -> Pattern:
    """One checked entry."""
    for key in _REQUIRED:
        if key not in fields:
            raise PatternError(f"{path}:{number}: entry `{name}` has no `{key} = …`")
    for key in ("triggers", "source", "cue", "mention", "note"):
        if len(fields.get(key, ())) > 1:
            raise PatternError(f"{path}:{fields[key][1][0]}: `{key}` given twice in `{name}`")
    triggers = frozenset(w.casefold() for w in fields["triggers"][0][2].split())
    source_line, _, source = fields["source"][0]
    matches = tuple(_match(line, only, value, triggers, path) for line, only, value in fields["match"])
    numbers = source.split()
    numbered = 1 <= len(numbers) <= 2 and all(n.isdigit() for n in numbers)
    for m in matches:
        if numbered and not all(1 <= int(n) <= len(m.elements) for n in numbers):
            raise PatternError(f"{path}:{source_line}: expected an element number from 1 to {len(m.elements)}")
        if numbered and not all(_names_words(m.elements[int(n) - 1]) for n in numbers):
            raise PatternError(
                f"{path}:{source_line}: the source's elements must be words in every match, not a mark or `…`"
            )
        if source == "antecedent" and not any(e.kind == "mark" and e.text == "," for e in m.elements):
            raise PatternError(f"{path}:{source_line}: `antecedent` needs a `,` in every match")
    if not (source in ("antecedent", "subject") or numbered):
        raise PatternError(
            f"{path}:{source_line}: expected `source = antecedent`, `subject` or one or two element numbers"
        )
    source = " ".join(numbers) if numbered else source
    cue_line, _, cue = fields.get("cue", [(0, "", "")])[0]
    mention_line, _, mention_text = fields.get("mention", [(0, "", source if numbered else "")])[0]
    mention = tuple(int(n) for n in mention_text.split() if n.isdigit())
    if len(mention) != len(mention_text.split()) or not all(
        1 <= n <= len(m.elements) for n in mention for m in matches
    ):
        raise PatternError(f"{path}:{mention_line}: expected element numbers from 1 in `mention`")
    if not all(_names_words(m.elements[n - 1]) for n in mention for m in matches):
        raise PatternError(f"{path}:{mention_line}: `mention` must name words in every match, not a mark or `…`")
    for placeholder in _PLACEHOLDER.findall(cue):
        if not all(1 <= int(placeholder) <= len(m.elements) for m in matches):
            raise PatternError(f"{path}:{cue_line}: `{{{placeholder}}}` is no element of every match")
    return Pattern(
        name,
        triggers,
        matches,
        source,
        cue,
        mention,
        fields["note"][0][2],
        tuple(v for _, _, v in fields["example"]),
        tuple(v for _, _, v in fields["counter"]),
    )


def _names_words(element: Element) -> bool:
    """Whether `element` can start or end a speaker: anything but a mark and the `…` after the phrase."""
    return element.kind not in ("mark", "more")


def _match(line: int, only: str, value: str, triggers: frozenset[str], path: str) -> Match:
    """A checked `match` line."""
    where = f"{path}:{line}"
    if only and only.casefold() not in triggers:
        raise PatternError(f"{where}: `match {only}` names no trigger of the entry")
    parts = value.split()
    trigger_at = parts.index("@") if "@" in parts else -1
    elements = tuple(_element(part, i, len(parts), trigger_at, where) for i, part in enumerate(parts))
    triggers_at = [i for i, e in enumerate(elements) if e.kind == "trigger"]
    if len(triggers_at) != 1:
        raise PatternError(f"{where}: expected exactly one `@` (the trigger) in the match")
    return Match(only.casefold(), elements, triggers_at[0])


def _element(part: str, i: int, count: int, trigger_at: int, where: str) -> Element:
    """One checked element of a match line."""
    optional = part.endswith("?") and len(part) > 1
    if optional and i != 0:
        raise PatternError(f"{where}: only the first element can be optional (`{part}`)")
    body = part[:-1] if optional else part
    if body == "@":
        element = Element("trigger")
    elif body == "…":
        if i != count - 1:
            raise PatternError(f"{where}: `…` must be the last element")
        element = Element("more")
    elif body in ("<word>", "<source>", "<np>", "<np-speaker>", "<np-before>", "<opening>"):
        element = Element(body[1:-1])
        if (element.kind in _AFTER_ONLY and i < trigger_at) or (element.kind in _BEFORE_ONLY and i > trigger_at):
            raise PatternError(f"{where}: `{body}` cannot stand on that side of `@`")
    elif body.startswith("{") and body.endswith("}"):
        try:
            words = lexicon.words(body[1:-1])
        except (FileNotFoundError, ValueError):
            raise PatternError(f"{where}: `{body}` names no word list in newsdb/extract/data/") from None
        element = Element("class", body, words)
    elif body.endswith("*") and body[:-1].isalpha():
        element = Element("prefix", body[:-1].casefold())
    elif not any(c.isalnum() for c in body):
        element = Element("mark", body)
    else:
        raise PatternError(f"{where}: unknown element `{part}` (expected @, a mark, {{list}}, word*, <word>, …)")
    if optional and element.kind in ("trigger", "more"):
        raise PatternError(f"{where}: `{part}` cannot be optional")
    return Element(element.kind, element.text, element.words, optional)
