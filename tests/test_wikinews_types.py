"""The WikiNews benchmark (bench/wikinews_official.py) gives each quote the corpus's type: a sentence going on with
a report (no cue of its own) is `IndirectFreeIndirect`, with or without quoted words in it."""

from __future__ import annotations

import sys

from conftest import REPO
from extract_helpers import quotes_of

sys.path.insert(0, str(REPO / "bench"))
from wikinews_official import _type


def test_a_continuation_is_indirect_free_indirect_with_or_without_quoted_words() -> None:
    qs = quotes_of("Die Sprecherin sagte, man prüfe den Fall. Die Lage sei «völlig unklar». Man warte ab.")
    assert [(q.kind.value, _type(q)) for q in qs] == [
        ("indirect", "Indirect"),
        ("mixed", "IndirectFreeIndirect"),
        ("direct", "Direct"),
    ]


def test_a_mixed_quote_with_a_cue_is_indirect_and_a_soll_claim_free_indirect() -> None:
    [mixed, nested] = quotes_of("Sie sagte, das sei «ein Fehler» gewesen.")
    assert (_type(mixed), _type(nested)) == ("Indirect", "Direct")
    [claim] = quotes_of("Der Mann soll vor der Tat Drohbriefe geschrieben haben.")
    assert _type(claim) == "FreeIndirect"
