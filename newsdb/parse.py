"""Plain-text article -> `Document`.

The article format (docs/format.md describes it for users, with an example and every error)::

     date 2022-01 The lede, on the header line.

    A paragraph. A single newline inside a paragraph
    belongs to the paragraph.

    A Section Heading

    More paragraphs, separated by blank lines.

Line 1 holds the word `date`, a date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` and the lede. The date's precision
becomes `date_precision`, its first day `published_on`.

Headings: a block that `is_heading` accepts, except the last block (an article never ends in a heading) and
except inside a run of three or more such blocks (a list of results or items, kept as paragraphs). Two headings
in a row give a section without paragraphs followed by the second section, as in a section with a subsection.

Leniency: a UTF-8 byte order mark, CRLF or lone CR line endings, trailing whitespace on lines (stripped),
runs of blank lines, blank lines before the header, indentation before `date`, several spaces after the date,
and a missing final newline are all accepted. A lede that continues on line 2 stays one paragraph.

Text is kept as written otherwise: internal single newlines stay in the paragraph text as `\\n`, so that
`render(parse(text)) == text` for canonical input; indentation of paragraph lines is kept; headings are stored
without surrounding whitespace.

Unicode: text is stored in NFC (composed `ö`, not `o` and a combining diaeresis), like line endings a matter of
how a file was written, not of the article.

Encoding: files must be UTF-8. There is deliberately no fallback to Windows-1252 or Latin-1: a wrong guess
silently corrupts umlauts and quote marks in the database, while a clear error with the byte offset costs one
`iconv` call. The error says when the bytes look like Windows-1252. Control characters other than tab,
newline, carriage return and form feed are rejected as binary content.
"""

from __future__ import annotations

import calendar
import os
import re
import unicodedata
from datetime import date
from pathlib import Path

from newsdb.document import DatePrecision, Document, Paragraph, ParagraphKind, Section
from newsdb.errors import ParseError
from newsdb.files import DEFAULT_MAX_FILE_SIZE, read_article_file

HEADER_FORM = " date YYYY[-MM[-DD]] <lede>"
HEADING_MAX_CHARS = 80
COLON_HEADING_MAX_WORDS = 4
LIST_MIN_BLOCKS = 3
FOUND_MAX_CHARS = 40

_BOM = "\ufeff"

# C0 controls except tab, LF, formfeed and CR; DEL; C1 controls (mojibake from a wrong decoding); lone
# surrogates (text that cannot be written back as UTF-8).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

_HEADER = re.compile(
    r"""
    [^\S\n]*                          # optional indentation
    date [^\S\n]+
    (?P<date>
        (?P<year>\d{4})
        (?: -(?P<month>\d{2}) (?: -(?P<day>\d{2}) )? )?
    )
    [^\S\n]+
    (?P<lede>\S.*)                    # the rest of the block, continuation lines included
    \Z
    """,
    re.VERBOSE | re.DOTALL,
)
_DATE_KEYWORD = re.compile(r"[^\S\n]*date(?=\s|\Z)")
_DATE_TOKEN = re.compile(r"\s*(?P<token>\S*)")
_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?\Z")

# --- heading rule ---

# What may stand before the first letter of a heading: an opening quote, or an ellipsis continuing the
# previous heading (`… und die Folgen`), after which the letter may be lower case.
_HEADING_START = re.compile(r"(?:[«„‹\"‚'‘“»›]|(?P<ellipsis>…)\s?)?(?P<letter>.)")

# A sentence ending inside the line: `Hmmmm. Da sind ...`. Ordinals (`1. FC`, `17. Juli`) never match because
# the word must start with a letter; abbreviations and initials are filtered out afterwards.
_SENTENCE_BREAK = re.compile(
    r"""
    (?P<word> [^\W\d_] [\w'’-]* )   # a word starting with a letter
    [.!?…]                          # ending a sentence
    [»«“”"’‘›‹)\]]*                 # perhaps closing a quote or bracket
    \s+ \S                          # and followed by more text
    """,
    re.VERBOSE,
)
_ABBREVIATIONS = frozenset(
    {
        "abs", "art", "bd", "bzw", "ca", "co", "dr", "evtl", "fr", "gem", "hr", "inkl", "jh", "jr", "mio", "mr",
        "mrd", "mrs", "ms", "nr", "prof", "sog", "sr", "st", "str", "usw", "vgl",
    }
)  # fmt: skip

# A comma followed by a conjunction or relative pronoun starts a subordinate clause: a sentence, not a label.
_SUBCLAUSE = re.compile(
    r"""
    ,\s+
    (?: dass | weil | ob | wenn | als | obwohl | nachdem | bevor | damit | sodass | während | falls
      | der | die | das | dem | den | deren | dessen | welche[mnrs]? | wie | wo | wor\w+ | wom\w+ | was | wer
      | aber | sondern | doch | denn
    )\b
    """,
    re.VERBOSE,
)

# A day and month as datelines write them: `9. Juni`, `09.06.`.
_DAY_MONTH = r"""
    \d{1,2}\.\s*
    (?: Januar | Jänner | Februar | Feber | März | April | Mai | Juni | Juli | August | September | Oktober
      | November | Dezember | \d{1,2}\. )
"""

# Lines that are short and unpunctuated but are not headings.
_NOT_HEADING = re.compile(
    rf"""
      Von\s+unsere[mr]\b                                   # byline: Von unserem Korrespondenten ...
    | Von (?:\s+[A-ZÄÖÜ][\w.'’-]*){{2,4}} \s* (?:,.*)? \Z   # byline: Von Hans Muster[, Bern]
    | (?: Bild(?:er)? | Fotos? | Grafik | Illustration | Karte | Quellen? | Text | Video | Audio
        | Autor(?:in)? | Mitarbeit | Redaktion ) \s*:\s*\S   # caption or credit: Foto: Hans Muster
    | [^\W\d_][^,]{{0,40}}, \s* (?:den\s+)?                # dateline: Zürich, 12. Januar [2022]
      {_DAY_MONTH} \s* (?:\d{{2,4}})? \s*:?\Z
    | .*? \b {_DAY_MONTH} \s* \d{{4}} \s*:?\Z              # dated citation: Tages-Anzeiger vom 9. Juni 2005
    | .*? \d\s*:\s*\d                                      # score or time: Ghana - Australien: 1:1
    | .* \b (?: ist | sind | war | waren | wird | werden | wurde | wurden | hat | haben | hatte | hatten
             | gibt | gab ) \b .* :\Z                      # a clause introducing a list: Folgendes wurde beschlossen:
    """,
    re.VERBOSE,
)


def is_heading(block: str) -> bool:
    """Whether a block, taken by itself, reads as a section heading.

    A heading is one short line that does not read as a sentence: it starts with a capital letter (perhaps
    after an opening quote; any letter after an ellipsis), ends in a letter, a digit, `?` or `:`, and has no
    sentence break, no subordinate clause and no semicolon inside; bylines, captions, datelines and score
    lines are excluded. A heading ending in `:` has at most four words and no finite auxiliary verb; longer
    ones introduce a list. Lines starting with a digit are far more often list items, dates or results than
    headings, so they never are. Where a block stands matters too: see the module docstring.
    """
    line = block.strip()
    if not 2 <= len(line) <= HEADING_MAX_CHARS or "\n" in line or ";" in line:
        return False
    last = line[-1]
    if not (last.isalnum() or last in "?:"):
        return False
    start = _HEADING_START.match(line)
    if start is None:
        return False
    letter = start.group("letter")
    if not (letter.isupper() or (start.group("ellipsis") and letter.isalpha())):
        return False
    if last == ":" and len(line.split()) > COLON_HEADING_MAX_WORDS:
        return False
    if _SUBCLAUSE.search(line) or _NOT_HEADING.match(line):
        return False
    return not any(_is_sentence_end(m.group("word")) for m in _SENTENCE_BREAK.finditer(line))


def _is_sentence_end(word: str) -> bool:
    return len(word) > 1 and word.casefold() not in _ABBREVIATIONS


# --- parsing ---


def parse(text: str, *, external_id: str, source: str | None = None) -> Document:
    """Parse one article; `source` (a path) labels errors and becomes `source_path`. Raises `ParseError`."""
    text = _normalize(text, source)
    body = text.lstrip("\n")
    if not body:
        raise ParseError(f'expected "{HEADER_FORM}", found an empty document', path=source, line=1)
    first_line = len(text) - len(body) + 1
    blocks = body.rstrip("\n").split("\n\n")
    if "\n\n\n" in body:  # runs of blank lines leave empty or newline-led pieces
        blocks = [block for block in (piece.lstrip("\n") for piece in blocks) if block]
    published_on, precision, lede = _parse_header(blocks[0], source, first_line)
    return Document(
        external_id=external_id,
        published_on=published_on,
        date_precision=precision,
        sections=_build_sections(lede, blocks[1:]),
        source_path=source,
    )


def read_document(path: str | os.PathLike[str], *, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Document:
    """Read and parse one article file; its stem is the `external_id`.

    Raises `UnreadableFileError` for a path that is not a regular file or is larger than `max_size` bytes,
    `OSError` where the system refuses, and `ParseError` for its content.
    """
    text = decode(read_article_file(path, max_size), path=path)
    return parse(text, external_id=Path(path).stem, source=str(path))


def decode(data: bytes, *, path: str | os.PathLike[str] | None = None) -> str:
    """Strict UTF-8 decoding with errors that point at the offending byte."""
    where = None if path is None else str(path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParseError(
            "expected UTF-8 text, found a UTF-16 byte order mark; save the file as UTF-8", path=where, line=1
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        raise ParseError(
            f"expected text, found binary content (NUL byte at offset {nul})",
            path=where,
            line=line,
            column=column,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _encoding_error(data, error, where) from None


def _encoding_error(data: bytes, error: UnicodeDecodeError, path: str | None) -> ParseError:
    line, column = _byte_position(data, error.start)
    byte = data[error.start]
    hint = "convert the file to UTF-8"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        hint = "the file looks like Windows-1252 or Latin-1; convert it, e.g. `iconv -f cp1252 -t utf-8`"
    message = f"expected UTF-8 text, found byte 0x{byte:02X} at offset {error.start} ({error.reason}); {hint}"
    return ParseError(message, path=path, line=line, column=column)


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _normalize(text: str, source: str | None) -> str:
    """BOM and line endings removed, forbidden characters rejected, Unicode NFC, trailing whitespace stripped.

    NFC makes `ö` one character however the file wrote it (text copied from macOS or web pages often has `o` and
    a combining diaeresis): extraction, search on both backends and the content hash then see one text."""
    if text.startswith(_BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _FORBIDDEN.search(text)
    if bad is not None:  # before NFC: the column counts the file's characters
        raise _forbidden_error(text, bad.start(), source)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    # Splitting into lines beats a regular expression here: only line ends are looked at.
    return "\n".join([line.rstrip() for line in text.split("\n")])


def _forbidden_error(text: str, offset: int, source: str | None) -> ParseError:
    char = text[offset]
    code = f"U+{ord(char):04X}"
    if char == "\x00":
        what = f"binary content ({code} NUL)"
    elif 0xD800 <= ord(char) <= 0xDFFF:
        what = f"an unpaired surrogate {code}"
    elif "\x80" <= char <= "\x9f":
        what = f"the C1 control character {code} (text decoded with the wrong encoding?)"
    else:
        what = f"the control character {code}"
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return ParseError(f"expected text, found {what}", path=source, line=line, column=column)


def _parse_header(block: str, source: str | None, line: int) -> tuple[date, DatePrecision, str]:
    match = _HEADER.match(block)
    if match is None:
        raise _header_error(block, source, line)
    published_on, precision = _make_date(match, source, line, match.start("date") + 1)
    return published_on, precision, match.group("lede")


def _header_error(block: str, source: str | None, line: int) -> ParseError:
    """Say precisely which part of a malformed header line is wrong."""
    first = block.split("\n", 1)[0]
    keyword = _DATE_KEYWORD.match(first)
    if keyword is None:
        return ParseError(f'expected "{HEADER_FORM}", found {_found(first)}', path=source, line=line)
    token = _DATE_TOKEN.match(first, keyword.end())
    assert token is not None  # the pattern matches the empty string
    column = token.start("token") + 1
    date_match = _DATE.match(token.group("token"))
    if date_match is None:
        found = _found(token.group("token")) if token.group("token") else "the end of the line"
        return ParseError(
            f'expected a date YYYY, YYYY-MM or YYYY-MM-DD after "date", found {found}',
            path=source,
            line=line,
            column=column,
        )
    _make_date(date_match, source, line, column)
    end = token.end() + 1
    return ParseError("expected the lede after the date, found the end of the line", path=source, line=line, column=end)


def _make_date(match: re.Match[str], source: str | None, line: int, column: int) -> tuple[date, DatePrecision]:
    year, month, day = match.group("year", "month", "day")
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    y, m, d = int(year), int(month or 1), int(day or 1)
    problem = None
    if y == 0:
        problem = "there is no year 0000"
    elif not 1 <= m <= 12:
        problem = "the month must be 01 to 12"
    elif not 1 <= d <= calendar.monthrange(y, m)[1]:
        problem = f"{year}-{month} has {calendar.monthrange(y, m)[1]} days"
    if problem is not None:
        written = "-".join(part for part in (year, month, day) if part)
        raise ParseError(f'impossible date "{written}": {problem}', path=source, line=line, column=column)
    return date(y, m, d), precision


def _found(text: str) -> str:
    """`text` quoted, cut at a word boundary when long."""
    if len(text) > FOUND_MAX_CHARS:
        head = text[: FOUND_MAX_CHARS + 1]
        text = (head.rsplit(None, 1)[0] if " " in head.strip() else head[:FOUND_MAX_CHARS]) + " …"
    return f'"{text}"'


def _build_sections(lede: str, blocks: list[str]) -> tuple[Section, ...]:
    """Group the blocks after the lede into sections; a heading directly before another opens an empty one."""
    sections: list[Section] = []
    heading: str | None = None
    paragraphs = [Paragraph(0, ParagraphKind.LEDE, lede)]
    position = 1
    for block, is_heading_block in zip(blocks, _heading_flags(blocks), strict=True):
        if is_heading_block:
            sections.append(Section(len(sections), heading, tuple(paragraphs)))
            heading, paragraphs = block.strip(), []
        else:
            paragraphs.append(Paragraph(position, ParagraphKind.BODY, block))
            position += 1
    sections.append(Section(len(sections), heading, tuple(paragraphs)))
    return tuple(sections)


def _heading_flags(blocks: list[str]) -> list[bool]:
    """Which blocks are headings: never a run of three or more heading-like blocks, which is a list (match
    results, items) rather than sections, and never the last block."""
    flags = [is_heading(block) for block in blocks]
    run = 0
    for index, flag in enumerate([*flags, False]):
        if flag:
            run += 1
            continue
        if run >= LIST_MIN_BLOCKS:
            flags[index - run : index] = [False] * run
        run = 0
    if flags:
        flags[-1] = False
    return flags
