"""Claims of other sources that say the same thing, or the opposite (docs/matching.md).

`claim_candidates(claim)` reads; it never writes. The services store what it
finds as ClaimMatch rows (claims.services_matching) when a claim is created
or edited, and keep what suggestions match when an article is imported.

Finding candidates, in a fixed number of queries whatever the corpus:

1. a pool of claims worded alike, from the database's own text search:
   PostgreSQL: any two words of the statement in the claim's full-text
   document (GIN index claim_search_gin), best ranked first, each then
   scored by the trigram similarity of the statements (pg_trgm);
   SQLite: the FTS5 table claims_claim_fts, any word, ranked by bm25;
   SQLite without FTS5: no text pool;
2. a pool of claims linked to the same events (the most specific link);
3. what every claim of the pools shares with this one: words, actors,
   places, events, quantities (five queries for the whole pool).

Claims anchored in one of this claim's own sources are never candidates:
an article restating itself is not corroboration. Each candidate is scored
from its words (and trigram similarity on PostgreSQL), its shared entities
and quantities, and flagged as saying the opposite when one of the two is
negated and the other not, an antonym stands for a word of the other, or a
quantity of the same unit differs.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramSimilarity
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject, Lower

from .ingest.quantities import suggest_quantities
from .models import Anchor, Claim, ClaimMatch, ClaimRelation, Quantity
from .search import CLAIM_FTS, SEARCH_CONFIG, STOP_WORDS, is_postgresql, uses_fts5

# How many claims each pool reads; every candidate scoring MIN_SCORE or
# more is kept (the claim page shows the best few).
POOL_SIZE = 40
MIN_SCORE = 0.5
# The words of a statement the full-text pool looks for (any two of them).
MAX_LEXEMES = 8
# How many candidates a page or a suggestion shows.
SHOWN = 5
# The share of the score each kind of evidence carries.
TEXT_WEIGHT, ENTITY_WEIGHT, QUANTITY_WEIGHT = 0.65, 0.25, 0.10
# The score of two claims linked to actors, places or events, none in common.
UNRELATED_FACTOR = 0.6
# Two quantities of the same unit agree when within this fraction of each other.
QUANTITY_TOLERANCE = Decimal("0.1")

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "without",
        "denied",
        "denies",
        "deny",
        "dismissed",
        "rejected",
        "false",
        "untrue",
        "cannot",
    ]
)
_ANTONYM_PAIRS = [
    ("captured", "lost"),
    ("increased", "decreased"),
    ("rose", "fell"),
    ("arrived", "withdrew"),
    ("deployed", "withdrew"),
    ("advanced", "retreated"),
    ("confirmed", "denied"),
    ("won", "lost"),
    ("began", "ended"),
    ("opened", "closed"),
    ("accepted", "rejected"),
    ("more", "fewer"),
    ("killed", "survived"),
]
ANTONYMS = dict(_ANTONYM_PAIRS) | {b: a for a, b in _ANTONYM_PAIRS}


def words(text):
    """The lower-cased words of `text`, "n't" counted as "not"."""
    found = []
    for word in _WORD_RE.findall(text.lower()):
        if word.endswith(("n't", "n’t")):
            found += [word[:-3], "not"]
        else:
            found.append(word)
    return found


def _stem(word):
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text):
    """The words that carry meaning: no stop words or negations, crudely stemmed."""
    return {_stem(w) for w in words(text) if w not in STOP_WORDS and w not in NEGATIONS}


def is_negated(text):
    return any(word in NEGATIONS for word in words(text))


@dataclass
class Profile:
    """What a claim (or a suggested claim) says and is about, for comparing."""

    text: str
    sources: set = field(default_factory=set)
    published: bool = True
    entities: set = field(default_factory=set)  # ("actor", id), ("place", id), ("event", id)
    quantities: list = field(default_factory=list)  # (low, high, unit to compare, unit)
    trigram: float = 0.0  # from the pool query on PostgreSQL

    def __post_init__(self):
        self.words = content_words(self.text)
        self.all_words = set(words(self.text))
        self.negated = is_negated(self.text)


def _text_quantities(profiles):
    """A profile with no quantity recorded gets those the import would suggest in its words."""
    for profile in profiles:
        if not profile.quantities:
            profile.quantities = quantity_rows(
                q.as_dict() for q in suggest_quantities(profile.text)
            )


@dataclass(frozen=True)
class Candidate:
    claim_id: int
    score: float
    stance: str  # ClaimMatch.Stance: "same" or "opposite"
    shares: dict


def _unit(unit):
    unit = (unit or "").strip().lower()
    return unit[:-1] if unit.endswith("s") and len(unit) > 3 else unit


def quantity_rows(rows):
    """(low, high, unit to compare, unit as written) from Quantity values or a
    suggestion's JSON quantities."""
    out = []
    for row in rows:
        low = Decimal(str(row["value"]))
        high = Decimal(str(row["value_max"])) if row.get("value_max") not in (None, "") else low
        unit = (row.get("unit") or "").strip()
        out.append((low, high, _unit(unit), unit))
    return out


def _agree(a, b):
    (low_a, high_a, *_), (low_b, high_b, *_) = a, b
    slack = max(abs(high_a), abs(high_b)) * QUANTITY_TOLERANCE
    return low_a <= high_b + slack and low_b <= high_a + slack


def compare(one, other):
    """(score 0-1, stance, shares) of two profiles."""
    union = one.words | other.words
    dice = 2 * len(one.words & other.words) / (len(one.words) + len(other.words)) if union else 0.0
    text = max(dice, other.trigram)
    shared = one.entities & other.entities
    everything = one.entities | other.entities
    entity = len(shared) / len(everything) if everything else 0.0
    agreeing, differing = [], []
    for a in one.quantities:
        for b in other.quantities:
            if a[2] != b[2]:
                continue
            (agreeing if _agree(a, b) else differing).append((a, b))
    quantity = 1.0 if agreeing else (0.5 if differing else 0.0)
    if one.entities and other.entities:
        score = TEXT_WEIGHT * text + ENTITY_WEIGHT * entity + QUANTITY_WEIGHT * quantity
        if not shared:
            # Both say what they are about, and it is not the same: the same
            # sentence pattern about other people and places (measured on the
            # benchmark corpus: no planted pair shares nothing).
            score *= UNRELATED_FACTOR
    else:
        # Unknown what one of them is about: neither for nor against.
        score = TEXT_WEIGHT * text + ENTITY_WEIGHT / 2 + QUANTITY_WEIGHT * quantity
    reasons = []
    if one.negated != other.negated and text >= 0.4:
        reasons.append("one of them is negated")
    opposed = sorted(w for w in one.all_words if ANTONYMS.get(w) in other.all_words)
    if opposed and text >= 0.4:
        reasons.append(f"“{opposed[0]}” against “{ANTONYMS[opposed[0]]}”")
    # A unit counted differently, with no figure of that unit agreeing.
    agreed_units = {a[2] for a, _ in agreeing}
    disagreeing = [(a, b) for a, b in differing if a[2] not in agreed_units]
    if disagreeing:
        (low_a, _, _, unit), (low_b, _, _, _) = disagreeing[0]
        reasons.append(f"{_plain(low_a)} against {_plain(low_b)} {unit}".rstrip())
    shares = {
        "text": round(text, 3),
        "words": sorted(one.words & other.words)[:12],
        "actors": sorted(pk for kind, pk in shared if kind == "actor"),
        "places": sorted(pk for kind, pk in shared if kind == "place"),
        "events": sorted(pk for kind, pk in shared if kind == "event"),
        "quantities": len(agreeing),
    }
    if reasons:
        shares["opposite"] = reasons
    return round(min(score, 1.0), 4), ("opposite" if reasons else "same"), shares


def _plain(value):
    return f"{value.normalize():,f}"


# Reading profiles: one query on PostgreSQL, six on SQLite, for any number of claims.


def claim_profiles(ids, *, using="default", trigram_of=None, lexemes=False):
    """{claim id: Profile} for the claims `ids`.

    On PostgreSQL, with `trigram_of` each profile's `trigram` is its
    statement's similarity to that text, and with `lexemes` its `lexemes` are
    its statement's words as the full-text search stems them."""
    ids = list(ids)
    if not ids:
        return {}
    if is_postgresql(using):
        return _claim_profiles_pg(ids, using, trigram_of, lexemes)
    profiles = {
        pk: Profile(text=statement, published=published)
        for pk, statement, published in Claim.objects.using(using)
        .filter(pk__in=ids)
        .values_list("pk", "statement", "is_published")
    }
    for claim_id, source_id in (
        Anchor.objects.using(using).filter(claim__in=ids).values_list("claim_id", "source_id")
    ):
        profiles[claim_id].sources.add(source_id)
    for kind in ("actor", "place", "event"):
        through = getattr(Claim, f"{kind}s").through
        for claim_id, pk in (
            through.objects.using(using)
            .filter(claim_id__in=ids)
            .values_list("claim_id", f"{kind}_id")
        ):
            profiles[claim_id].entities.add((kind, pk))
    rows = (
        Quantity.objects.using(using)
        .filter(claim__in=ids)
        .values("claim_id", "value", "value_max", "unit")
    )
    for row in rows:
        profiles[row["claim_id"]].quantities += quantity_rows([row])
    _text_quantities(profiles.values())
    return profiles


def _claim_profiles_pg(ids, using, trigram_of, lexemes):
    """Every part of the profiles in one query: an array per linked table."""

    def array(model, column, **filters):
        return ArraySubquery(
            model.objects.using(using).filter(claim_id=OuterRef("pk"), **filters).values(column)
        )

    annotations = {
        "source_ids": array(Anchor, "source_id"),
        "actor_ids": array(Claim.actors.through, "actor_id"),
        "place_ids": array(Claim.places.through, "place_id"),
        "event_ids": array(Claim.events.through, "event_id"),
        "quantity_rows": ArraySubquery(
            Quantity.objects.using(using)
            .filter(claim_id=OuterRef("pk"))
            .values(row=JSONObject(value="value", value_max="value_max", unit="unit"))
        ),
    }
    if trigram_of is not None:
        annotations["trigram"] = TrigramSimilarity(Lower("statement"), trigram_of.lower())
    if lexemes:
        annotations["lexemes"] = RawSQL(
            "tsvector_to_array(to_tsvector(%s::regconfig, statement))", (SEARCH_CONFIG,)
        )
    profiles = {}
    for row in (
        Claim.objects.using(using)
        .filter(pk__in=ids)
        .annotate(**annotations)
        .values("pk", "statement", "is_published", *annotations)
    ):
        profile = Profile(
            text=row["statement"],
            published=row["is_published"],
            sources=set(row["source_ids"]),
            entities={("actor", pk) for pk in row["actor_ids"]}
            | {("place", pk) for pk in row["place_ids"]}
            | {("event", pk) for pk in row["event_ids"]},
            quantities=quantity_rows(row["quantity_rows"]),
            trigram=row.get("trigram") or 0.0,
        )
        profile.lexemes = row.get("lexemes")
        profiles[row["pk"]] = profile
    _text_quantities(profiles.values())
    return profiles


def suggestion_profiles(suggestions, *, using="default"):
    """Profiles of suggested claims (a list, in order): each one's quote, source,
    the actors and places mentioned inside it, its quantities. One query for
    the mentions of all of them, and on PostgreSQL one for their stemmed words."""
    from .models import Mention

    suggestions = list(suggestions)
    profiles = [Profile(text=s.exact, sources={s.source_id}) for s in suggestions]
    spans = {}
    for profile, suggestion in zip(profiles, suggestions, strict=True):
        spans.setdefault(suggestion.sentence_id, []).append((suggestion, profile))
        profile.quantities = quantity_rows(suggestion.quantities or [])
    mentions = (
        Mention.objects.using(using)
        .filter(sentence_id__in=list(spans))
        .exclude(status=Mention.Status.REJECTED)
        .values_list("sentence_id", "start", "end", "actor_id", "place_id")
    )
    for sentence_id, start, end, actor_id, place_id in mentions:
        for suggestion, profile in spans[sentence_id]:
            if suggestion.start <= start and end <= suggestion.end:
                if actor_id:
                    profile.entities.add(("actor", actor_id))
                if place_id:
                    profile.entities.add(("place", place_id))
    _text_quantities(profiles)
    if is_postgresql(using) and profiles:
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT tsvector_to_array(to_tsvector(%s::regconfig, t)) "
                "FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n",
                [SEARCH_CONFIG, [profile.text for profile in profiles]],
            )
            for profile, (lexemes,) in zip(profiles, cursor.fetchall(), strict=True):
                profile.lexemes = lexemes or []
    return profiles


# The pools.


def _not_in_sources(queryset, sources):
    if not sources:
        return queryset
    return queryset.exclude(
        Exists(Anchor.objects.filter(claim=OuterRef("pk"), source__in=list(sources)))
    )


def text_pool(text, *, exclude_sources=(), exclude_ids=(), lexemes=None, using="default"):
    """Ids of claims worded like `text`, best first (`lexemes`: its stemmed
    words on PostgreSQL, if already known)."""
    queryset = _not_in_sources(
        Claim.objects.using(using).exclude(pk__in=list(exclude_ids)), exclude_sources
    )
    if is_postgresql(using):
        # Any two of its words through the full-text GIN index (one word alone,
        # "said", would match half the corpus), best ranked first. Trigram
        # similarity is worked out for these rows only (claim_profiles): asked
        # of every row through the trigram index it cost 20 ms at 10,000
        # claims, and ORed with the words it made PostgreSQL read the table.
        if lexemes is None:
            lexemes = _lexemes(text, using)
        # The longest words: the rarer ones (names, not "said"), and few
        # enough that the query stays an index scan.
        chosen = sorted(lexemes, key=lambda lexeme: (-len(lexeme), lexeme))[:MAX_LEXEMES]
        words = [_quoted(lexeme) for lexeme in chosen]
        if len(words) < 2:
            return []
        two = " | ".join(f"({a} & {b})" for i, a in enumerate(words) for b in words[i + 1 :])
        query = SearchQuery(two, config="simple", search_type="raw")
        return list(
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by(F("rank").desc(), "pk")
            .values_list("pk", flat=True)[:POOL_SIZE]
        )
    if uses_fts5(using):
        terms = sorted(content_words(text))
        if not terms:
            return []
        expression = " OR ".join(f'"{term}"' for term in terms)
        ranked = RawSQL(
            f"SELECT rowid FROM {CLAIM_FTS} WHERE {CLAIM_FTS} MATCH %s "
            f"ORDER BY bm25({CLAIM_FTS}, 2.0, 1.0) LIMIT {POOL_SIZE * 2}",
            (expression,),
        )
        return list(queryset.filter(pk__in=ranked).values_list("pk", flat=True)[:POOL_SIZE])
    return []


def _lexemes(text, using):
    """The words as PostgreSQL's `english` configuration stems them."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))", [SEARCH_CONFIG, text]
        )
        return cursor.fetchone()[0] or []


def _quoted(lexeme):
    """A lexeme as a to_tsquery operand: quoted, so no character of it is an operator."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def event_pool(entities, *, exclude_sources=(), exclude_ids=(), using="default"):
    """Claim ids linked to one of the same events (newest first)."""
    events = [pk for kind, pk in entities if kind == "event"]
    if not events:
        return []
    queryset = _not_in_sources(
        Claim.objects.using(using).filter(events__in=events).exclude(pk__in=list(exclude_ids)),
        exclude_sources,
    )
    return list(queryset.order_by("-pk").values_list("pk", flat=True).distinct()[:POOL_SIZE])


def candidates_for(profile, *, exclude_ids=(), using="default"):
    """Candidates for a profile, best first: claims from other sources scoring MIN_SCORE or more."""
    return candidates_for_many([profile], exclude_ids=exclude_ids, using=using)[0]


def candidates_for_many(profiles, *, exclude_ids=(), using="default"):
    """Candidates for each of several profiles (a list of lists, in order).

    One or two pool queries a profile; the candidates' profiles are read
    once for all of them (an import matches hundreds of suggested claims).
    Trigram similarity is asked for with one profile only (it is relative to
    its text); with several, the wording is compared by words alone."""
    pools = []
    for profile in profiles:
        pool = text_pool(
            profile.text,
            exclude_sources=profile.sources,
            exclude_ids=exclude_ids,
            lexemes=getattr(profile, "lexemes", None),
            using=using,
        )
        pool += event_pool(
            profile.entities, exclude_sources=profile.sources, exclude_ids=exclude_ids, using=using
        )
        pools.append(pool)
    trigram_of = profiles[0].text if len(profiles) == 1 else None
    others = claim_profiles(
        {pk for pool in pools for pk in pool}, using=using, trigram_of=trigram_of
    )
    results = []
    for profile, pool in zip(profiles, pools, strict=True):
        found = []
        for pk in dict.fromkeys(pool):
            other = others.get(pk)
            if other is None or other.sources & profile.sources:
                continue
            score, stance, shares = compare(profile, other)
            if score >= MIN_SCORE:
                found.append(Candidate(pk, score, stance, shares))
        found.sort(key=lambda c: (-c.score, c.claim_id))
        results.append(found)
    return results


def claim_candidates(claim, *, using="default"):
    """Candidates for a stored claim: three or four queries on PostgreSQL."""
    pk = getattr(claim, "pk", claim)
    profile = claim_profiles([pk], using=using, lexemes=True).get(pk)
    if profile is None:
        return []
    return candidates_for(profile, exclude_ids=[pk], using=using)


# For the claim page.

# The relation kinds "Also claimed in" shows (a contradiction only across sources:
# one within an article is part of its argument, under "Related claims").
CROSS_SOURCE_KINDS = ("same", "contradicts", "related")


@dataclass
class PageMatches:
    """What the claim page's "Also claimed in" section shows."""

    same: list  # [(relation, other claim)], the other with .shown_anchors
    contradicting: list
    related: list
    candidates: list  # [(match, other claim)], editors only
    other_sources: int = 0  # published sources making the same claim, besides its own

    def __bool__(self):
        return bool(self.same or self.contradicting or self.related or self.candidates)

    @property
    def confirmed_groups(self):
        return [
            ("The same claim", self.same),
            ("Contradicting claims", self.contradicting),
            ("Related claims", self.related),
        ]


def claim_page_matches(claim, *, editor=False):
    """Confirmed relations to claims of other sources and, for editors, proposed matches.

    Only published claims, and only their quotes in published sources, are
    shown, to editors too (the claim page shows nothing else). Two queries
    (three for editors), and a third (fourth) when there is anything to show;
    one fewer for a claim from selectors.claim_for_page, which brings its
    relations.
    """
    relations = getattr(claim, "page_relations", None)  # selectors.claim_for_page
    if relations is None:
        relations = (
            ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim))
            .select_related("from_claim", "to_claim", "created_by")
            .defer("from_claim__search_vector", "to_claim__search_vector")
            .order_by("created_at", "id")
        )
    confirmed = []
    for relation in relations:
        if relation.kind not in CROSS_SOURCE_KINDS:
            continue
        other = relation.to_claim if relation.from_claim_id == claim.pk else relation.from_claim
        if other.is_published:
            confirmed.append((relation, other))
    candidates = []
    if editor:
        matches = (
            ClaimMatch.objects.of(claim)
            .proposed()
            .filter(first__is_published=True, second__is_published=True)
            .select_related("first", "second")
            .defer("first__search_vector", "second__search_vector")
            .order_by("-score", "id")[:SHOWN]
        )
        candidates = [(match, match.other(claim)) for match in matches]
    others = [other for _, other in confirmed + candidates]
    _attach_quotes(others)
    own_sources = {anchor.source_id for anchor in getattr(claim, "public_anchors", ())}
    page = PageMatches(same=[], contradicting=[], related=[], candidates=candidates)
    for relation, other in confirmed:
        if relation.kind == "same":
            page.same.append((relation, other))
        elif relation.kind == "related":
            page.related.append((relation, other))
        elif not own_sources & {a.source_id for a in other.shown_anchors}:
            page.contradicting.append((relation, other))
    page.other_sources = len(
        {a.source_id for _, other in page.same for a in other.shown_anchors} - own_sources
    )
    return page


def _attach_quotes(claims):
    """Each claim's quotes in published sources (`.shown_anchors`), earliest source first."""
    for claim in claims:
        claim.shown_anchors = []
    if not claims:
        return
    by_claim = {}
    for claim in claims:
        by_claim.setdefault(claim.pk, []).append(claim)
    anchors = (
        Anchor.objects.filter(claim__in=list(by_claim), source__is_published=True)
        .select_related("sentence", "source")
        .defer("source__text", "source__raw", "sentence__text")
        .order_by(F("source__published_on").asc(nulls_last=True), "id")
    )
    for anchor in anchors:
        for claim in by_claim[anchor.claim_id]:
            claim.shown_anchors.append(anchor)
