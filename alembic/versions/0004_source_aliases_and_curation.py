"""Sources as entities: aliases, curation decisions, `sources.wikidata_id`, and an archive cleaned to match.

Adds `source_aliases` (every written name that resolved to a source), `source_curation` (stored decisions of
whoever curates the archive), `quotes.alias_id` and `sources.wikidata_id`. The data migration cleans existing
sources the way newsdb now writes them: unknown speakers have no source; role words before a person's name move
to `quotes.speaker_role` (role words alone are a role without a source); groups and abstract nouns named as
persons become sources of kind `other`; spelling, hyphen and spacing variants are one source, named by the
variant that sorts first; a surname alone joins the one person with that surname when there is exactly one.
Loading does two things more that need the article text or the cue, which this migration leaves alone: a
surname alone takes the full name its article writes it with, and `Fischer sagten` is a group.

It runs a frozen copy of the name rules of this revision (below), not newsdb's live code, which may change.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of the word lists of this revision (newsdb/extract/data/roles.txt and newsdb/data/*.txt).
_ROLES_TEXT = """
abgeordnete abgeordneter abgeordneterin abgeordnetin aktivist aktivistin analyst analystin anwalt anwaltin
anwohner anwohnerin arzt arztin augenzeuge augenzeugin autor autorin baudirektor baudirektorin bauer bauerin
beamte beamter beauftragte beauftragter beauftragterin beauftragtin berater beraterin besucher besucherin
bischof bischofin botschafter botschafterin bruder bundesrat bundesratin bundesrätin bäuerin bürgermeister
bürgermeisterin chef chefin diktator diktatorin diplomat diplomatin direktor direktorin dr drin ehefrau
ehemann epidemiologe epidemiologin ermittler ermittlerin experte expertin forscher forscherin fraktionschef
fraktionschefin fraktionssprecher fraktionssprecherin frau frauin führer führerin fürst fürstin
gemeindepräsident gemeindepräsidentin gemeinderat gemeinderatin gemeinderätin general generalin
generalsekretär generalsekretärin geschäftsführer geschäftsführerin gouverneur gouverneurin grossrat
grossratin gründer gründerin herr herrin herrscher herrscherin historiker historikerin ingenieur ingenieurin
inhaber inhaberin journalist journalistin jurist juristin kandidat kandidatin kantonsrat kantonsratin kanzler
kanzlerin kapitän kapitänin kardinal kardinalin kommandant kommandantin kommandeur kommandeurin kommentator
kommentatorin kommissar kommissarin koordinator koordinatorin korrespondent korrespondentin kurator kuratorin
könig königin künstler künstlerin landrat landratin landwirt landwirtin leiter leiterin manager managerin
mediziner medizinerin minister ministerin ministerpräsident ministerpräsidentin mitglied mitgliedin moderator
moderatorin mutter nationalrat nationalratin nationalrätin oberbürgermeister oberbürgermeisterin oberst
oberstin offizier offizierin oppositionsführer oppositionsführerin papst papstin passant passantin pendler
pendlerin pfarrer pfarrerin pilot pilotin politiker politikerin politologe politologin polizeisprecher
polizeisprecherin premier premierin premierminister premierministerin prinz prinzin prof professor professorin
profin projektleiter projektleiterin präsident präsidentin psychologe psychologin redakteur redakteurin
redaktor redaktorin regierungschef regierungschefin regierungsrat regierungsratin regierungsrätin regisseur
regisseurin reporter reporterin rezensent rezensentin richter richterin schauspieler schauspielerin
schriftsteller schriftstellerin schulleiter schulleiterin schwester sekretär sekretärin senator senatorin sohn
soziologe soziologin spieler spielerin sprecher sprecherin staatsanwalt staatsanwaltin staatschef staatschefin
staatssekretär staatssekretärin stadtpräsident stadtpräsidentin stadtrat stadtratin stadträtin ständerat
ständeratin ständerätin sänger sängerin tochter trainer trainerin vater verteidiger verteidigerin vertreter
vertreterin virologe virologin vizepräsident vizepräsidentin vorsitzende vorsitzender vorsitzenderin
vorsitzendin vorstand vorstandin vorstandschef vorstandschefin vorsteher vorsteherin wissenschaftler
wissenschaftlerin witwe zeuge zeugin ärztin ökonom ökonomin
"""
_NOT_PERSON_TEXT = """
analysten angaben anwohner anwohnern befürworter befürwortern behörden beobachter beobachtern beteiligte
beteiligten bürger bürgern chancen demonstranten einige einwohner einwohnern experten fachleute fachleuten
gegner gegnern geschichte geschäfte gutes hunderte höhepunkte informationen kritiker kritikern laut leute
manche medien meinung menschen mitte negatives neues politiker politikern positives probleme regierung
schlechtes schreiben schutzklauseln tausend tausende teilnehmer teilnehmern viele wichtiges zettel zeugen
ärzte ärzten
"""
_NOT_PERSON_SUFFIXES_TEXT = """
heit heiten ismus ium keit keiten schaft schaften stadt tion tionen tät ungen werk
"""
_NOT_PERSON_BEFORE_LAST_TEXT = """
ere eren iche ichen ige igen ische ischen iven ives liche lichen
"""
_PARTICLES_TEXT = """
al bin da de del della den der di dos du el ibn la le ten ter van vom von zu zur
"""
_HONORIFICS_TEXT = """
dr dr. frau herr herrn prof prof. von
"""
_ROLES = frozenset(_ROLES_TEXT.split())
_NOT_PERSON = frozenset(_NOT_PERSON_TEXT.split())
_NOT_PERSON_SUFFIXES = tuple(_NOT_PERSON_SUFFIXES_TEXT.split())
_NOT_PERSON_BEFORE_LAST = tuple(_NOT_PERSON_BEFORE_LAST_TEXT.split())
_PARTICLES = frozenset(_PARTICLES_TEXT.split())
_HONORIFICS = frozenset(_HONORIFICS_TEXT.split())

_FUSED_SENTENCE = re.compile(r"(?<=\w\w)\.(?=[A-ZÄÖÜ])")


def _is_role(word: str) -> bool:
    folded = word.casefold()
    for ending in ("", "en", "n", "s", "nen"):
        stem = folded.removesuffix(ending) if ending else folded
        if ending and stem == folded:
            continue
        if stem in _ROLES or any(stem.endswith(r) and len(stem) > len(r) and len(r) >= 4 for r in _ROLES):
            return True
    return False


def _is_honorific(word: str) -> bool:
    return word[:1].isupper() and word.casefold() in _HONORIFICS


def _clean_person(name: str) -> tuple[str | None, str | None]:
    """(name, role words before it); name None: no person."""
    words = _FUSED_SENTENCE.split(name, maxsplit=1)[0].split()
    start, in_name = 0, False
    for position, word in enumerate(words[:-1]):
        if word[:1].islower() and word.casefold() in _PARTICLES and in_name:
            continue
        if position == 0 and word.casefold() in _PARTICLES and words[1][:1].islower() and words[1] in _PARTICLES:
            in_name = True  # `Von der Leyen` opening a sentence
            continue
        if _is_role(word) or word[:1].islower() or _is_honorific(word):
            start, in_name = position + 1, False
        else:
            in_name = True
    role_words, name_words = words[:start], words[start:]
    role = " ".join(w for w in role_words if not _is_honorific(w) or _is_role(w)) or None
    if role_words and role_words[-1][:1].islower():
        return None, role
    if len(name_words) == 1 and _is_role(name_words[0]):
        return None, " ".join(words)
    folded = [w.casefold() for w in name_words]
    if not name_words or any(w in _NOT_PERSON or w.endswith(_NOT_PERSON_SUFFIXES) for w in folded):
        return None, role
    if any(w.endswith(_NOT_PERSON_BEFORE_LAST) for w in folded[:-1] if w not in _PARTICLES):
        return None, role
    return " ".join(name_words), role


def _fold(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    for spelling, letter in (("ae", "a"), ("oe", "o"), ("ue", "u")):
        plain = plain.replace(spelling, letter)
    return " ".join(plain.replace("-", " ").split())


def _old_key(name: str, kind: str) -> str:
    """The normalized key of revision 0001: case, accents and spacing folded."""
    folded = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    return f"{kind}:{' '.join(''.join(ch for ch in folded if not unicodedata.combining(ch)).split())}"


def _id() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("sources", sa.Column("wikidata_id", sa.String(length=32), nullable=True))
    op.create_table(
        "source_aliases",
        sa.Column("id", _id(), nullable=False),
        sa.Column("source_id", _id(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("normalized_key", sa.Text(), nullable=False),
        sa.Column("surname", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_source_aliases_source_id_sources"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_aliases")),
        sa.UniqueConstraint("normalized_key", name=op.f("uq_source_aliases_normalized_key")),
    )
    op.create_index(op.f("ix_source_aliases_source_id"), "source_aliases", ["source_id"])
    op.create_index(op.f("ix_source_aliases_surname"), "source_aliases", ["surname"])
    op.create_table(
        "source_curation",
        sa.Column("id", _id(), nullable=False),
        sa.Column("normalized_key", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
        sa.CheckConstraint("action IN ('merge', 'rename', 'split')", name=op.f("ck_source_curation_action")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_curation")),
        sa.UniqueConstraint("normalized_key", name=op.f("uq_source_curation_normalized_key")),
    )
    _alter_quotes(lambda batch: _add_alias_id(batch))
    op.create_index(op.f("ix_quotes_alias_id"), "quotes", ["alias_id"])
    _clean_sources(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":
        # the SELECT-only role of revision 0003 (where it could be created) reads the new tables too
        op.execute(
            "DO $$ BEGIN IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'newsdb_reader') THEN "
            "GRANT SELECT ON source_aliases, source_curation TO newsdb_reader; END IF; END $$"
        )


def _clean_sources(bind: sa.Connection) -> None:
    """Give every quote with a source the source and alias newsdb now writes."""
    bind.execute(
        sa.text(
            "UPDATE quotes SET source_id = NULL WHERE source_id IN (SELECT id FROM sources WHERE kind = 'anonymous')"
        )
    )
    bind.execute(sa.text("DELETE FROM sources WHERE kind = 'anonymous'"))
    stored = bind.execute(sa.text("SELECT id, name, kind FROM sources ORDER BY id")).all()
    written: dict[int, tuple[str, str, str | None] | None] = {}  # source id -> (alias key, alias, role)
    for source_id, name, kind in stored:
        role = None
        if kind == "person":
            cleaned, role = _clean_person(name)
            if cleaned is None and role is None:
                # a group or abstract noun (`Politische Beobachter`): a source of kind `other`
                cleaned, kind = _FUSED_SENTENCE.split(name, maxsplit=1)[0], "other"
            name = cleaned
        written[source_id] = None if name is None else (f"{kind}:{_fold(name)}", name, role)
    aliases = {w[0]: w[1] for w in sorted(filter(None, written.values()), key=lambda w: (w[0], w[1]))[::-1]}
    surnames: dict[str, set[str]] = {}
    for key in aliases:
        kind, _, folded = key.partition(":")
        if kind == "person" and " " in folded:
            surnames.setdefault(folded.split()[-1], set()).add(key)
    # the source each alias goes to: its own, or the one full name with its surname
    target = {}
    for key in aliases:
        kind, _, folded = key.partition(":")
        candidates = surnames.get(folded, set()) if kind == "person" and " " not in folded else set()
        target[key] = next(iter(candidates)) if len(candidates) == 1 else key
    # free the normalized keys, then give each target key one source row: the first one written with it
    bind.execute(sa.text("UPDATE sources SET normalized_key = '#' || CAST(id AS TEXT)"))
    keeper: dict[str, int] = {}
    for source_id, entry in written.items():
        if entry is not None and target[entry[0]] == entry[0]:
            keeper.setdefault(entry[0], source_id)
    for key, source_id in keeper.items():
        bind.execute(
            sa.text("UPDATE sources SET name = :name, kind = :kind, normalized_key = :key WHERE id = :id"),
            {"name": aliases[key], "kind": key.partition(":")[0], "key": key, "id": source_id},
        )
    alias_ids: dict[str, int] = {}
    for key, alias in aliases.items():
        kind, _, folded = key.partition(":")
        surname = folded.split()[-1] if kind == "person" and " " in folded else None
        values = {"source_id": keeper[target[key]], "alias": alias, "key": key, "surname": surname}
        bind.execute(
            sa.text(
                "INSERT INTO source_aliases (source_id, alias, normalized_key, surname)"
                " VALUES (:source_id, :alias, :key, :surname)"
            ),
            values,
        )
        alias_ids[key] = bind.execute(
            sa.text("SELECT id FROM source_aliases WHERE normalized_key = :key"), {"key": key}
        ).scalar_one()
    updates: list[dict[str, Any]] = []
    for source_id, entry in written.items():
        if entry is None:
            updates.append({"old": source_id, "new": None, "alias": None, "role": None})
        else:
            key, _, role = entry
            updates.append({"old": source_id, "new": keeper[target[key]], "alias": alias_ids[key], "role": role})
    if updates:
        bind.execute(
            sa.text(
                "UPDATE quotes SET source_id = :new, alias_id = :alias, speaker_role = coalesce(speaker_role, :role)"
                " WHERE source_id = :old"
            ),
            updates,
        )
    kept = set(keeper.values())
    gone = [{"id": source_id} for source_id in written if source_id not in kept]
    if gone:
        bind.execute(sa.text("DELETE FROM sources WHERE id = :id"), gone)


# the views of revision 0002 that read `quotes`: SQLite must drop them while it rebuilds the table
_VIEWS = {
    "quote_details": """
    CREATE VIEW quote_details AS
    SELECT q.id AS quote_id, q.text, q.kind, q.cue, q.speaker_role,
           q.source_id, s.name AS source_name, s.kind AS source_kind,
           q.article_id, a.external_id, a.published_on,
           sec.heading, p.position AS paragraph_position
    FROM quotes AS q
    JOIN articles AS a ON a.id = q.article_id
    JOIN paragraphs AS p ON p.id = q.paragraph_id
    JOIN sections AS sec ON sec.id = p.section_id
    LEFT JOIN sources AS s ON s.id = q.source_id
    """,
    "article_overview": """
    CREATE VIEW article_overview AS
    SELECT a.id AS article_id, a.external_id, a.title, a.published_on, a.date_precision, a.lede,
           a.word_count,
           (SELECT count(*) FROM sections AS s WHERE s.article_id = a.id) AS section_count,
           (SELECT count(*) FROM paragraphs AS p WHERE p.article_id = a.id) AS paragraph_count,
           (SELECT count(*) FROM quotes AS q WHERE q.article_id = a.id) AS quote_count,
           (SELECT count(DISTINCT q.source_id) FROM quotes AS q WHERE q.article_id = a.id) AS source_count,
           a.created_at, a.updated_at
    FROM articles AS a
    """,
}


def _alter_quotes(change: Callable[[Any], None]) -> None:
    """Change `quotes` (SQLite rebuilds the table: the views that read it are dropped meanwhile)."""
    if op.get_bind().dialect.name != "sqlite":
        change(op)
        return
    for view in _VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view}")
    with op.batch_alter_table("quotes") as batch:
        change(batch)
    for statement in _VIEWS.values():
        op.execute(statement)


def _add_alias_id(target: Any) -> None:
    table = () if target is not op else ("quotes",)
    target.add_column(*table, sa.Column("alias_id", _id(), nullable=True))
    target.create_foreign_key(
        op.f("fk_quotes_alias_id_source_aliases"), *table, "source_aliases", ["alias_id"], ["id"], ondelete="SET NULL"
    )


def _drop_alias_id(target: Any) -> None:
    table = () if target is not op else ("quotes",)
    target.drop_constraint(op.f("fk_quotes_alias_id_source_aliases"), *table, type_="foreignkey")
    target.drop_column(*table, "alias_id")


def downgrade() -> None:
    """Drops aliases and decisions; merged sources stay merged, their keys go back to the 0001 form."""
    bind = op.get_bind()
    op.drop_index(op.f("ix_quotes_alias_id"), table_name="quotes")
    _alter_quotes(lambda batch: _drop_alias_id(batch))
    op.drop_table("source_curation")
    op.drop_table("source_aliases")
    op.drop_column("sources", "wikidata_id")
    keys = [
        {"key": _old_key(name, kind), "id": id_}
        for id_, name, kind in bind.execute(sa.text("SELECT id, name, kind FROM sources"))
    ]
    if keys:
        bind.execute(sa.text("UPDATE sources SET normalized_key = '#' || CAST(id AS TEXT)"))
        bind.execute(sa.text("UPDATE sources SET normalized_key = :key WHERE id = :id"), keys)
