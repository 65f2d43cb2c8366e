"""Full-text search over claims (and sentences), on PostgreSQL and SQLite.

PostgreSQL: each claim carries `search_vector`, a tsvector of its statement
(weight A) and its anchors' quotes (weight B), indexed with GIN. A generated
column cannot read the anchors (another table), so `claim_search_refresh`
rewrites the vector in one UPDATE; the claim services call it after every
write that changes the statement or the anchors. Sentences are searched
through a GIN expression index on to_tsvector(text) (one table, no copy needed).

SQLite: two FTS5 tables made by migration 0013. `claims_claim_fts` holds each
claim's statement and quotes (rowid = claim id); `claim_search_refresh`
rewrites the rows of the claims a service touched, as it rewrites the
vector on PostgreSQL. `claims_sentence_fts` is an external-content index of
claims_sentence kept by triggers (as PostgreSQL's generated column is kept).
Queries in the project's syntax become FTS5 MATCH expressions built only of
quoted words (`fts_query`), so nothing a user types is FTS5 syntax. Where
SQLite lacks FTS5, every term must occur (ignoring case) as a substring.
Snippets are highlighted in Python.

See docs/search.md.
"""

import functools
import html
import re
import sqlite3

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    StringAgg,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Expression, RawSQL
from django.utils.safestring import mark_safe

from .models import Anchor, Claim

# One text search configuration for documents, queries and the GIN indexes:
# a query in another configuration could not use the indexes.
SEARCH_CONFIG = "english"

# What a list of claims (browser, site search) never shows is left out of its
# queries: the search document (used in SQL only), an actor's description;
# of each anchor, only the quote, the sentence's number and the source's
# address and title are read (not the bodies of the sentence and article).
LIST_DEFERRED_CLAIM_FIELDS = ("search_vector", "attributed_to__description")
LIST_ANCHOR_FIELDS = (
    "claim_id",
    "exact",
    "sentence__index",
    "sentence__source__slug",
    "sentence__source__title",
)


def claims_for_list(claims, *, sentences=False):
    """`claims` with what a row of a claim list shows (the attributed actor, the
    anchors in published sources with their sentence and source), and no more.
    With `sentences`, the sentences' text too: editors see each quote marked in it."""
    anchors = Anchor.objects.filter(sentence__source__is_published=True)
    if sentences:
        anchors = anchors.with_sentences()
    else:
        # Only what a row shows (and its fragment key reads): the quote, the
        # sentence's number, the source's address and title.
        anchors = anchors.select_related("sentence__source").only(*LIST_ANCHOR_FIELDS)
    return (
        claims.select_related("attributed_to", "first_source")
        .defer(*LIST_DEFERRED_CLAIM_FIELDS, "first_source__text", "first_source__raw")
        .prefetch_related(Prefetch("anchors", queryset=anchors))
    )


# ts_headline marks matches with these; control characters never occur in
# article text, so after escaping they can safely become <mark> elements.
_START, _STOP = "\x02", "\x03"

_TERM_RE = re.compile(r'(-?)"([^"]+)"|(-?)(\S+)')


def is_postgresql(using="default"):
    return connections[using].vendor == "postgresql"


@functools.cache
def fts5_available():
    """Whether this Python's SQLite has FTS5 (asked once, of an in-memory database)."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    except sqlite3.Error:
        return False
    return True


def uses_fts5(using="default"):
    """SQLite with FTS5: migration 0013 made the full-text tables."""
    return connections[using].vendor == "sqlite" and fts5_available()


CLAIM_FTS = "claims_claim_fts"
SENTENCE_FTS = "claims_sentence_fts"


def search_query(q):
    """The PostgreSQL query for what a researcher typed (web-search syntax:
    "quoted phrases", -exclusions, or; never a syntax error)."""
    return SearchQuery(q, config=SEARCH_CONFIG, search_type="websearch")


def claim_document():
    """The expression claim_search_refresh stores in Claim.search_vector."""
    quotes = Subquery(
        Anchor.objects.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(text=StringAgg("exact", Value(" ")))
        .values("text")
    )
    return SearchVector("statement", weight="A", config=SEARCH_CONFIG) + SearchVector(
        quotes, weight="B", config=SEARCH_CONFIG
    )


def claim_search_refresh(*, claims=None, using="default"):
    """Recompute the search document of `claims` (a queryset, iterable of claims
    or ids; None: all) in one UPDATE; on SQLite, their FTS5 rows. Returns how many."""
    if uses_fts5(using):
        return _claim_fts_refresh(claims, using)
    if not is_postgresql(using):
        return 0
    queryset = Claim.objects.using(using)
    if claims is not None:
        ids = (
            claims.values("pk")
            if hasattr(claims, "values")
            else [getattr(claim, "pk", claim) for claim in claims]
        )
        queryset = queryset.filter(pk__in=ids)
    return queryset.update(search_vector=claim_document())


def _claim_fts_refresh(claims, using):
    """Delete and insert again the FTS5 rows of `claims` (None: every claim).

    A deleted claim's row goes and is not put back. The quotes are joined
    with a space, as StringAgg does for PostgreSQL's document."""
    connection = connections[using]
    where, params = "", []
    if claims is not None:
        if hasattr(claims, "values"):
            sql, params = claims.order_by().values("pk").query.sql_with_params()
            where, params = f"IN ({sql})", list(params)
        else:
            ids = [int(getattr(claim, "pk", claim)) for claim in claims]
            if not ids:
                return 0
            where, params = f"IN ({', '.join(['%s'] * len(ids))})", ids
    with connection.cursor() as cursor:
        if where:
            cursor.execute(f"DELETE FROM {CLAIM_FTS} WHERE rowid {where}", params)
        else:
            cursor.execute(f"DELETE FROM {CLAIM_FTS}")
        cursor.execute(
            f"INSERT INTO {CLAIM_FTS} (rowid, statement, quotes) "
            "SELECT c.id, c.statement, COALESCE((SELECT group_concat(a.exact, ' ') "
            "FROM claims_anchor a WHERE a.claim_id = c.id), '') FROM claims_claim c"
            + (f" WHERE c.id {where}" if where else ""),
            params,
        )
        return cursor.rowcount


def sentence_fts_rebuild(using="default"):
    """Rebuild the sentences' FTS5 index from claims_sentence (and put back its
    triggers if a table rebuild dropped them); returns the number of sentences."""
    with connections[using].cursor() as cursor:
        for statement in SENTENCE_FTS_TRIGGERS:
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {SENTENCE_FTS} ({SENTENCE_FTS}) VALUES ('rebuild')")
        cursor.execute("SELECT count(*) FROM claims_sentence")
        return cursor.fetchone()[0]


# The same triggers as migration 0013's (a migration keeps its own copy).
SENTENCE_FTS_TRIGGERS = (
    f"CREATE TRIGGER IF NOT EXISTS {SENTENCE_FTS}_insert AFTER INSERT ON claims_sentence BEGIN "
    f"INSERT INTO {SENTENCE_FTS} (rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER IF NOT EXISTS {SENTENCE_FTS}_delete AFTER DELETE ON claims_sentence BEGIN "
    f"INSERT INTO {SENTENCE_FTS} ({SENTENCE_FTS}, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    f"CREATE TRIGGER IF NOT EXISTS {SENTENCE_FTS}_update AFTER UPDATE OF text ON claims_sentence "
    f"BEGIN INSERT INTO {SENTENCE_FTS} ({SENTENCE_FTS}, rowid, text) "
    f"VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {SENTENCE_FTS} (rowid, text) VALUES (new.id, new.text); END",
)


# Parsing the query for the SQLite fallback and for highlighting in Python.


def parse_terms(q):
    """(required, excluded) terms: "quoted phrases" stay whole, -term excludes,
    a bare `or` is dropped (the fallback requires every term)."""
    required, excluded = [], []
    for match in _TERM_RE.finditer(q or ""):
        negated = match.group(1) or match.group(3)
        term = (match.group(2) or match.group(4) or "").strip()
        if match.group(4) is not None:
            term = term.strip("\"'.,;:!?()[]")
        if not term or term.lower() == "or":
            continue
        (excluded if negated else required).append(term)
    return required, excluded


# PostgreSQL's `english` stop words (Snowball's list): websearch_to_tsquery drops
# them, so the FTS5 query drops them too, or "the siege" would require "the".
_STOP_WORDS_TEXT = """i me my myself we our ours ourselves you your yours yourself yourselves
    he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# A word as FTS5's unicode61 tokenizer sees one: letters and digits.
_WORD_RE = re.compile(r"[^\W_]+")


def fts_query(q):
    """(required, excluded): FTS5 MATCH expressions for what a researcher typed,
    in the same syntax as PostgreSQL's websearch_to_tsquery ("quoted phrases",
    -exclusions, `or` between two terms, every other term required); None
    where there is nothing. Each term becomes a double-quoted phrase of its
    letters and digits alone, so no FTS5 operator, column filter, prefix `*`
    or stray quote can come from the user; stop words are left out, at the
    ends of a phrase too, as PostgreSQL does."""
    groups, excluded, join = [], [], False
    for match in _TERM_RE.finditer(q or ""):
        negated = bool(match.group(1) or match.group(3))
        phrase = match.group(2) is not None
        text = match.group(2) if phrase else match.group(4)
        if not phrase and not negated and text.lower() == "or":
            join = bool(groups)
            continue
        words = [word.lower() for word in _WORD_RE.findall(text)]
        while words and words[0] in STOP_WORDS:
            words.pop(0)
        while words and words[-1] in STOP_WORDS:
            words.pop()
        if not words:
            continue
        term = '"' + " ".join(words) + '"'
        if negated:
            excluded.append(term)
        elif join:
            groups[-1].append(term)
        else:
            groups.append([term])
        join = False
    required = " AND ".join(
        group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in groups
    )
    return required or None, " OR ".join(excluded) or None


def _fts_ids(table, expression):
    """The rowids of `table` matching an FTS5 expression, as a subquery."""
    return RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", (expression,))


def _fts_filter(queryset, table, q):
    required, excluded = fts_query(q)
    if required is None and excluded is None:
        return queryset.none()
    if required is None:
        return queryset.exclude(pk__in=_fts_ids(table, excluded))
    if excluded is not None:
        required = f"({required}) NOT ({excluded})"
    return queryset.filter(pk__in=_fts_ids(table, required))


def _claim_contains(term):
    return Q(statement__icontains=term) | Exists(
        Anchor.objects.filter(claim=OuterRef("pk"), exact__icontains=term)
    )


def claims_matching(queryset, q):
    """The claims of `queryset` that match what a researcher typed."""
    if is_postgresql(queryset.db):
        return queryset.filter(search_vector=search_query(q))
    if uses_fts5(queryset.db):
        return _fts_filter(queryset, CLAIM_FTS, q)
    required, excluded = parse_terms(q)
    if not required and not excluded:
        return queryset.none()
    for term in required:
        queryset = queryset.filter(_claim_contains(term))
    for term in excluded:
        queryset = queryset.exclude(_claim_contains(term))
    return queryset


def claim_rank(q, using="default"):
    """An expression scoring how well a claim matches `q` (higher is better).

    PostgreSQL: ts_rank over the weighted document, so a term in the
    statement counts more than one only in a quote, and repeats count.
    SQLite: 1 when the statement itself holds every term (FTS5: matches the
    query in the statement column alone), else 0."""
    if is_postgresql(using):
        return SearchRank(F("search_vector"), search_query(q))
    if uses_fts5(using):
        required, _ = fts_query(q)
        if required is None:
            return Value(0)
        return Case(
            When(pk__in=_fts_ids(CLAIM_FTS, f"{{statement}} : ({required})"), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    required, _ = parse_terms(q)
    if not required:
        return Value(0)
    return Case(
        When(Q(*(Q(statement__icontains=term) for term in required)), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


# Snippets: always escape first, then mark. The text shown is the stored text,
# verbatim: PostgreSQL's ts_headline is only asked which words matched (it
# drops tag-like text and trims punctuation, so its output is never shown).


def matched_words(headline):
    """The words ts_headline marked between the sentinels."""
    return {word for word in re.findall(f"{_START}(.*?){_STOP}", headline or "", re.S) if word}


def highlight(text, q, *, window=None):
    """`text` as HTML with q's terms marked, matched as the SQLite fallback
    searches: case-insensitive substrings."""
    required, _ = parse_terms(q)
    return highlight_terms(text, required, window=window)


def highlight_terms(text, terms, *, whole_words=False, window=None):
    """`text` as HTML, each occurrence of `terms` in <mark> (case-insensitive).

    Each piece of text is escaped on its own, so a mark never lands inside an
    entity or a tag. With `window`, about that many characters around the
    first match are kept, cut at spaces, with an ellipsis where cut."""
    text = text or ""
    terms = sorted({term for term in terms if term}, key=len, reverse=True)
    pattern = None
    if terms:
        alternatives = "|".join(re.escape(term) for term in terms)
        if whole_words:
            alternatives = rf"(?<!\w)(?:{alternatives})(?!\w)"
        pattern = re.compile(alternatives, re.IGNORECASE)
    prefix = suffix = ""
    if window and len(text) > window:
        first = pattern.search(text) if pattern else None
        start = max(0, first.start() - window // 3) if first else 0
        end = min(len(text), start + window)
        # Widen to spaces so no word is cut in half.
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(text) else ""
        text = text[start:end]
    out, position = [], 0
    for match in pattern.finditer(text) if pattern else ():
        out.append(html.escape(text[position : match.start()]))
        out.append(f"<mark>{html.escape(match.group())}</mark>")
        position = match.end()
    out.append(html.escape(text[position:]))
    return mark_safe(prefix + "".join(out) + suffix)


def words_matching(texts, q, using="default"):
    """{key: words of the text that match q}, for {key: text}; one query.

    On PostgreSQL this includes stemmed forms ("fighters" for "fighter")."""
    texts = {key: text for key, text in texts.items() if text}
    if not texts:
        return {}
    keys = list(texts)
    with connections[using].cursor() as cursor:
        # unnest keeps the texts' order; ts_headline with HighlightAll marks
        # every match in the whole text.
        cursor.execute(
            "SELECT ts_headline(%s::regconfig, t, websearch_to_tsquery(%s::regconfig, %s),"
            " %s) FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n",
            [
                SEARCH_CONFIG,
                SEARCH_CONFIG,
                q,
                f"HighlightAll=true, StartSel={_START}, StopSel={_STOP}",
                [texts[key] for key in keys],
            ],
        )
        headlines = [row[0] for row in cursor.fetchall()]
    return {key: matched_words(headline) for key, headline in zip(keys, headlines, strict=True)}


def snippets(texts, q, *, window=None, using="default"):
    """{key: HTML} for {key: text}, with q's matches marked: stemmed matches via
    PostgreSQL (one query), substring matches on SQLite (no query)."""
    if not q:
        return {key: highlight_terms(text, (), window=window) for key, text in texts.items()}
    if is_postgresql(using):
        words = words_matching(texts, q, using)
        return {
            key: highlight_terms(text, words.get(key, ()), whole_words=True, window=window)
            for key, text in texts.items()
        }
    return {key: highlight(text, q, window=window) for key, text in texts.items()}


def claim_snippets(claims, q, *, window=240):
    """{claim id: (statement HTML, quote HTML)} with q's matches marked. The
    claims' anchors should be prefetched; the quote is the first anchor's."""
    texts = {}
    for claim in claims:
        anchors = list(claim.anchors.all())
        texts[("statement", claim.pk)] = claim.statement
        texts[("quote", claim.pk)] = anchors[0].exact if anchors else ""
    marked = snippets(texts, q, window=window)
    return {
        claim.pk: (marked[("statement", claim.pk)], marked[("quote", claim.pk)]) for claim in claims
    }


# Site search beyond claims: sentences, and entities by name or alias.


class _SentenceDocument(Expression):
    """PostgreSQL only: the stored, generated column to_tsvector(SEARCH_CONFIG,
    text) that migration 0009 adds to claims_sentence. The model does not
    declare it (SQLite has no such column and Django must never write it), so
    it is named here, on the query's own sentence table: inside a subquery
    Django renames that table (U0), which a fixed "claims_sentence" would miss."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name('search_document')}", []


SENTENCE_DOCUMENT = _SentenceDocument()


class _AnyOf(Expression):
    """PostgreSQL: `field = ANY(ARRAY(subquery))`. The planner then looks the
    subquery's few ids up by primary key; `IN (subquery)` it may answer by
    hashing the subquery and scanning the whole outer table."""

    output_field = BooleanField()

    def __init__(self, field, queryset):
        super().__init__()
        self.column, self.array = field, ArraySubquery(queryset)

    def get_source_expressions(self):
        return [self.column, self.array]

    def set_source_expressions(self, expressions):
        self.column, self.array = expressions

    def as_sql(self, compiler, connection):
        field, field_params = compiler.compile(self.column)
        array, array_params = compiler.compile(self.array)
        return f"{field} = ANY({array})", [*field_params, *array_params]


def sentence_matches(queryset, q):
    """Sentences of `queryset` matching q, in no order (PostgreSQL: the stored
    document and its GIN index, so no text is parsed again to check a match;
    SQLite: FTS5, or every term as a substring)."""
    if is_postgresql(queryset.db):
        return queryset.alias(document=SENTENCE_DOCUMENT).filter(document=search_query(q))
    if uses_fts5(queryset.db):
        return _fts_filter(queryset, SENTENCE_FTS, q)
    required, excluded = parse_terms(q)
    if not required and not excluded:
        return queryset.none()
    for term in required:
        queryset = queryset.filter(text__icontains=term)
    for term in excluded:
        queryset = queryset.exclude(text__icontains=term)
    return queryset


def sentences_matching(queryset, q, *, cap=None):
    """Sentences of `queryset` matching q, best first (PostgreSQL: ts_rank over
    the stored document; SQLite: by source title and position).

    With `cap`, only the first `cap` matches in id order (an order the index
    gives without looking at the others) are ranked and returned: ranking
    every one of tens of thousands of matches to show ten costs far more
    than finding them."""
    matches = sentence_matches(queryset, q)
    if cap is not None:
        matches = first_found(queryset, matches, cap)
        if is_postgresql(queryset.db):
            matches = matches.alias(document=SENTENCE_DOCUMENT)
    if is_postgresql(queryset.db):
        return matches.annotate(rank=SearchRank(F("document"), search_query(q))).order_by(
            "-rank", "source__title", "index"
        )
    return matches.order_by("source__title", "index")


def first_found(queryset, matches, cap):
    """The rows of `queryset` among the first `cap` of `matches` in id order,
    an order the search index gives without looking at the others: what is
    ranked when ranking every match would cost more than finding them."""
    first = matches.order_by("pk").values("pk")[:cap]
    if is_postgresql(queryset.db):
        return queryset.filter(_AnyOf(F("pk"), first))
    return queryset.filter(pk__in=first)


def count_capped(queryset, cap):
    """How many rows `queryset` has, counting no further than cap + 1:
    SELECT count(*) FROM (... LIMIT cap + 1)."""
    return queryset.order_by()[: cap + 1].count()


def named_matching(queryset, q, name_field, alias_model, alias_fk, extra_fields=()):
    """Rows whose name (or one of `extra_fields`, or an alias) holds every term
    of q, ignoring case. Names are short, so substring matching is what a
    researcher expects on both databases ("Bab" finds "Al-Bab")."""
    required, excluded = parse_terms(q)
    if not required:
        return queryset.none()

    def holds(term):
        condition = Q(**{f"{name_field}__icontains": term})
        for field in extra_fields:
            condition |= Q(**{f"{field}__icontains": term})
        if alias_model is not None:
            condition |= Exists(
                alias_model.objects.filter(**{alias_fk: OuterRef("pk"), "name__icontains": term})
            )
        return condition

    matches = queryset
    for term in required:
        matches = matches.filter(holds(term))
    for term in excluded:
        matches = matches.exclude(holds(term))
    if is_postgresql(queryset.db):
        # Found first, then looked up by key and put in order: filtered in the
        # rows' own order, PostgreSQL walked an index in that order testing
        # every row (the events' date index: 26 ms at 20,000 events, instead
        # of 3-8 ms from the trigram indexes of migration 0017).
        return queryset.filter(_AnyOf(F("pk"), matches.order_by().values("pk")))
    return matches
