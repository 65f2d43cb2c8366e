"""Claims of other sources that say the same thing, or the opposite (docs/matching.md).

`claim_candidates(claim)` reads; it never writes. The services store what it
finds as ClaimMatch rows (claims.services_matching) when a claim is created
or edited, and keep what suggestions match when an article is imported.

Finding candidates, in a fixed number of queries whatever the corpus:

1. a pool of claims worded alike, from the database's own text search:
   PostgreSQL: trigram similarity of the statements (pg_trgm, GIN index
   claim_statement_trgm) or any word of the statement in the claim's
   full-text document (GIN index claim_search_gin), best first;
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

from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower

from .models import Anchor, Claim, Quantity
from .search import CLAIM_FTS, SEARCH_CONFIG, STOP_WORDS, is_postgresql, uses_fts5

# How many claims each pool reads; every candidate scoring MIN_SCORE or
# more is kept (the claim page shows the best few).
POOL_SIZE = 40
MIN_SCORE = 0.3
# How many candidates a page or a suggestion shows.
SHOWN = 5
# The share of the score each kind of evidence carries.
TEXT_WEIGHT, ENTITY_WEIGHT, QUANTITY_WEIGHT = 0.65, 0.25, 0.10
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
    quantities: list = field(default_factory=list)  # (low, high, unit)
    trigram: float = 0.0  # from the pool query on PostgreSQL

    def __post_init__(self):
        self.words = content_words(self.text)
        self.all_words = set(words(self.text))
        self.negated = is_negated(self.text)


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
    """(low, high, unit) from Quantity values or a suggestion's JSON quantities."""
    out = []
    for row in rows:
        low = Decimal(str(row["value"]))
        high = Decimal(str(row["value_max"])) if row.get("value_max") not in (None, "") else low
        out.append((low, high, _unit(row.get("unit"))))
    return out


def _agree(a, b):
    (low_a, high_a, _), (low_b, high_b, _) = a, b
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
    score = TEXT_WEIGHT * text + ENTITY_WEIGHT * entity + QUANTITY_WEIGHT * quantity
    reasons = []
    if one.negated != other.negated and text >= 0.4:
        reasons.append("one of them is negated")
    opposed = sorted(w for w in one.all_words if ANTONYMS.get(w) in other.all_words)
    if opposed and text >= 0.4:
        reasons.append(f"“{opposed[0]}” against “{ANTONYMS[opposed[0]]}”")
    if differing and not agreeing:
        (low_a, _, unit), (low_b, _, _) = differing[0]
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
    return format(value.normalize(), "f")


# Reading profiles: five queries for any number of claims.


def claim_profiles(ids, *, using="default"):
    """{claim id: Profile} for the claims `ids`."""
    ids = list(ids)
    if not ids:
        return {}
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
    return profiles


def suggestion_profile(suggestion):
    """A suggested claim's profile: its quote, source, mentioned actors and places, quantities."""
    profile = Profile(text=suggestion.exact, sources={suggestion.source_id})
    for actor_id, place_id in suggestion.mentions_inside().values_list("actor_id", "place_id"):
        if actor_id:
            profile.entities.add(("actor", actor_id))
        if place_id:
            profile.entities.add(("place", place_id))
    profile.quantities = quantity_rows(suggestion.quantities or [])
    return profile


# The pools.


def _not_in_sources(queryset, sources):
    if not sources:
        return queryset
    return queryset.exclude(
        Exists(Anchor.objects.filter(claim=OuterRef("pk"), source__in=list(sources)))
    )


def text_pool(text, *, exclude_sources=(), exclude_ids=(), using="default"):
    """[(claim id, trigram similarity)] of claims worded like `text`, best first."""
    queryset = _not_in_sources(
        Claim.objects.using(using).exclude(pk__in=list(exclude_ids)), exclude_sources
    )
    if is_postgresql(using):
        lowered = text.lower()
        lexemes = _lexemes(text, using)
        condition = Q(low__trigram_similar=lowered)
        if lexemes:
            either = SearchQuery(" | ".join(lexemes), config="simple", search_type="raw")
            condition |= Q(search_vector=either)
        rows = (
            queryset.annotate(low=Lower("statement"))
            .filter(condition)
            .annotate(trigram=TrigramSimilarity("low", lowered))
            .order_by(F("trigram").desc(), "pk")
            .values_list("pk", "trigram")[:POOL_SIZE]
        )
        return list(rows)
    if uses_fts5(using):
        terms = sorted(content_words(text))
        if not terms:
            return []
        expression = " OR ".join(f'"{term}"' for term in terms)
        ranked = RawSQL(
            f"SELECT rowid FROM {CLAIM_FTS} WHERE {CLAIM_FTS} MATCH %s "
            f"ORDER BY bm25({CLAIM_FTS}, 2.0, 1.0) LIMIT {POOL_SIZE * 3}",
            (expression,),
        )
        ids = list(queryset.filter(pk__in=ranked).values_list("pk", flat=True)[: POOL_SIZE * 3])
        return [(pk, 0.0) for pk in ids]
    return []


def _lexemes(text, using):
    """The words as PostgreSQL's `english` configuration stems them, quoted for to_tsquery."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector(%s::regconfig, %s))", [SEARCH_CONFIG, text]
        )
        lexemes = cursor.fetchone()[0] or []
    return ["'" + lexeme.replace("'", "''").replace("\\", "\\\\") + "'" for lexeme in lexemes]


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
    texts = dict(
        text_pool(
            profile.text,
            exclude_sources=profile.sources,
            exclude_ids=exclude_ids,
            using=using,
        )
    )
    pool = set(texts) | set(
        event_pool(
            profile.entities,
            exclude_sources=profile.sources,
            exclude_ids=exclude_ids,
            using=using,
        )
    )
    found = []
    for pk, other in claim_profiles(pool, using=using).items():
        if other.sources & profile.sources:
            continue
        other.trigram = texts.get(pk) or 0.0
        score, stance, shares = compare(profile, other)
        if score >= MIN_SCORE:
            found.append(Candidate(pk, score, stance, shares))
    found.sort(key=lambda c: (-c.score, c.claim_id))
    return found


def claim_candidates(claim, *, using="default"):
    """Candidates for a stored claim (its own profile read with theirs)."""
    pk = getattr(claim, "pk", claim)
    profile = claim_profiles([pk], using=using).get(pk)
    if profile is None:
        return []
    return candidates_for(profile, exclude_ids=[pk], using=using)
