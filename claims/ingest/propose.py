"""Suggested claims: each body sentence cut into clauses, each clause given a kind and a reason.

Rules only, offline and fast (a few regular expressions per sentence). The
clauses follow where the editors of the seed article cut its sentences into
claims: at ";", at a spaced dash, at a comma that opens a new clause
(", and", ", but", ", while", ", whereas", ", which", ", including",
", supported by", ", it is"), before "even though" / "although", and at
"and was" / "and they". A clause shorter than MIN_WORDS words stays with
its neighbour.

The kind of a clause, by the first rule that holds:

- attribution: a reporting verb ("said", "according to", "considers",
  "claimed"...) with a speaker: the pronoun or word just before the verb
  ("he considers", "one diplomat said"), the actor named just before it
  ("Turkey considers"), or who follows "according to";
- prediction: a future or modal verb ("will", "would", "should", "could",
  "may", "is likely to", "is expected to", "we can expect") or a sentence
  opening with "If";
- opinion: first person ("I", "in my opinion", "we believe"), evaluative
  words ("clearly", "extremely", "poorly", "pretty hard", "well trained") or
  a judgement frame ("It can be seen that", "is proving");
- quantitative: a measure or an amount of money ("40 km", "$200"), a range
  or vague amount ("hundreds of drones"), or a count of ten or more ("1,300
  troops"); "two groups" or "three years" is how a sentence speaks;
- factual otherwise.

Nothing here reads or writes the database: the caller passes the mentions
and quantities the import already found, and article_import stores the
ProposedClaims as ClaimSuggestions.
"""

import re
from dataclasses import dataclass, field

from .quantities import _one_of
from .segment import HEADING

MIN_WORDS = 4

FACTUAL = "factual"
QUANTITATIVE = "quantitative"
ATTRIBUTION = "attribution"
OPINION = "opinion"
PREDICTION = "prediction"


@dataclass(frozen=True)
class ProposedClaim:
    sentence: int  # 1-based sentence index
    start: int  # offsets into the source text
    end: int
    exact: str
    kind: str
    reason: str
    score: float
    actor_ids: tuple = ()
    place_ids: tuple = ()
    speaker_id: int | None = None
    quantities: list = field(default_factory=list, hash=False, compare=False)


# Where a sentence divides into clauses: the boundary is the match's start,
# and the new clause begins at group "next" (the connective stays with it,
# as the curated quotes keep "which are considered...", "but they did not...").
_SPLIT = re.compile(
    r"""
      \s*;\s*(?P<n1>\S)
    | \s+[—–]\s+(?P<n2>\S)
    | ,\s+(?P<n3>(?:and|but|while|whereas|which|including|although|though|yet)\b)
    | ,\s+(?P<n4>(?:\w+ed|led|held|made)\s+by\b)
    | \s+(?P<n5>(?:even\s+though|although|whereas)\b)
    | ,\s+(?P<n6>(?:it|they|he|she|we|this|that)\s+(?:is|are|was|were|has|have|had|did|does|do)\b)
    | \s+and\s+(?P<n7>(?:was|were|is|are|has|have|had|they|he|she|we)\s)
    """,
    re.VERBOSE | re.IGNORECASE,
)
_GROUPS = list(_SPLIT.groupindex)
_WORD = re.compile(r"\w+")

# Word lists are compiled as tries (quantities._one_of): the regex engine then
# reads each character once instead of trying every word at every position.
_REPORTING_VERBS = """said says told tells stated claimed claims announced announces reported
    denied denies insisted insists argued argues warned warns accused accuses alleged alleges
    declared declares considers consider believes believe thinks think""".split()  # noqa: SIM905
# Lower case only: "States" in "Gulf States" is no verb.
_REPORTING = re.compile(rf"\b(?:{_one_of(_REPORTING_VERBS)}|[Aa]ccording to)\b")
_PERSONAL_SPEAKER = re.compile(r"he|she|they|officials?|spokes(?:man|woman|person)|I|we", re.I)
_MODALS = ["will", "won't", "won’t", "would", "shall", "should", "could", "might"]
_FUTURE_PHRASES = [
    f"{be} {word} to"
    for be in ("is", "are", "was", "were")
    for word in ("likely", "unlikely", "expected", "set", "going", "due", "poised")
] + ["can expect", "expect to", "expects to", "plan to", "plans to", "intend to", "intends to"]
# A modal closing its clause ("the way they should") or looking back
# ("could no longer") predicts nothing; "May" is a month.
_PREDICTION = re.compile(
    rf"\b(?:{_one_of(_MODALS)}|(?-i:may))\b(?!\s*$|\s+no\s+longer\b)"
    rf"|\b(?:{_one_of(_FUTURE_PHRASES)})\b|^\W*if\b",
    re.IGNORECASE,
)
_OPINION_WORDS = """my clearly obviously evidently undoubtedly surely certainly apparently
    extremely highly pretty very too poorly badly good bad best worst better worse efficient
    effective ineffective successful unsuccessful failure disastrous excellent impressive
    unlike proving""".split() + [  # noqa: SIM905
    "in my opinion", "in my view", "we believe", "we think", "we feel", "well trained",
    "well-trained", "well prepared", "well-prepared", "well armed", "well-armed",
    "it can be seen", "concrete step", "expected effect", "expected effects",
]  # fmt: skip
_OPINION = re.compile(rf"\b(?:{_one_of(_OPINION_WORDS)}|(?-i:I))\b", re.IGNORECASE)


# The words whose presence lets a rule match at all (the first or the telling
# word of each cue), to skip the regular expressions for the other clauses.
_CLAUSE_WORD = re.compile(r"[a-z’'-]+")
_REPORTING_WORDS = frozenset(_REPORTING_VERBS) | {"according"}
_PREDICTION_WORDS = frozenset(
    [*_MODALS, "may", "if", "expect", "expects", "plan", "plans", "intend", "intends"]
    + [phrase.split()[1] for phrase in _FUTURE_PHRASES if phrase.split()[0] in ("is",)]
)
_OPINION_CUES = frozenset(
    [
        w.split()[0] if not w.startswith(("in my", "it can")) else w.split()[1]
        for w in _OPINION_WORDS
    ]
    + ["i", "seen", "well", "well-trained", "well-prepared", "well-armed"]
)


def clause_spans(text, start, end):
    """(start, end) of the clauses of text[start:end], whitespace and end punctuation trimmed."""
    cuts = []
    for match in _SPLIT.finditer(text, start, end):
        nxt = next(match.start(g) for g in _GROUPS if match.group(g))
        cuts.append((match.start(), nxt))
    spans = []
    cursor = start
    for boundary, nxt in cuts:
        spans.append((cursor, boundary))
        cursor = nxt
    spans.append((cursor, end))
    if len(spans) == 1:
        return [span] if (span := trimmed(text, start, end))[0] < span[1] else []
    # A fragment too short to claim anything joins the clause before it (or after it).
    merged = []  # [start, end, words]
    for s, e in (trimmed(text, s, e) for s, e in spans):
        words = _words(text, s, e)
        if merged and (words < MIN_WORDS or merged[-1][2] < MIN_WORDS):
            merged[-1] = [merged[-1][0], e, merged[-1][2] + words]
        else:
            merged.append([s, e, words])
    return [(s, e) for s, e, _ in merged if s < e]


def _words(text, start, end):
    return len(_WORD.findall(text, start, end))


_END_PUNCTUATION = " \t\n\u00a0.,;:!?"


def trimmed(text, start, end):
    """(start, end) without the spaces and punctuation at either edge."""
    while start < end and text[start] in _END_PUNCTUATION:
        start += 1
    while end > start and text[end - 1] in _END_PUNCTUATION:
        if text[end - 1] == "." and _ABBREVIATION_END.search(text, start, end):
            break  # "the U.S." keeps its full stop
        end -= 1
    return start, end


_ABBREVIATION_END = re.compile(r"(?:\b|\.)[A-Z]\.$")


def _quoted(match):
    return f"“{match.group().strip()}”"


def classify(text, start, end, *, mentions=(), quantities=()):
    """(kind, reason, score, speaker_id) of the clause text[start:end].

    `mentions` are the sentence's MentionSuggestions, `quantities` its
    QuantitySuggestions (offsets into text).
    """
    clause = text[start:end]
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    counted = [q for q in quantities if start <= q.start and q.end <= end and _is_count(q)]
    cues = []
    kind = FACTUAL
    speaker_id = None
    # Most clauses hold no cue word at all: a set lookup of their words spares
    # them the regular expressions (the import's speed target, docs/import.md).
    words = set(_CLAUSE_WORD.findall(clause.lower()))
    reporting = _REPORTING.search(clause) if words & _REPORTING_WORDS else None
    if reporting:
        who, speaker_id = _who(clause, start, reporting, inside)
        if who:
            kind = ATTRIBUTION
            cues.append(f"reporting verb {_quoted(reporting)}, speaker “{who}”")
    if kind == FACTUAL and words & _PREDICTION_WORDS and (modal := _PREDICTION.search(clause)):
        kind = PREDICTION
        cues.append(f"future or modal verb {_quoted(modal)}")
    if kind == FACTUAL and words & _OPINION_CUES and (word := _OPINION.search(clause)):
        kind = OPINION
        cues.append(f"evaluative or first-person wording {_quoted(word)}")
    if counted:
        if kind == FACTUAL:
            kind = QUANTITATIVE
        shown = ", ".join(f"“{q.text}”" for q in counted[:3])
        cues.append(f"quantit{'ies' if len(counted) > 1 else 'y'} {shown}")
    names = list(dict.fromkeys(m.label or m.surface for m in inside if not m.is_candidate))
    if names:
        shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
        cues.append(f"names {shown}")
    if not cues:
        cues.append("a statement of fact (no other cue)")
    # How likely an editor keeps it: cues and named entities make a checkable claim.
    score = 0.3 + 0.2 * min(len(cues), 3) + (0.1 if names else 0)
    return kind, "; ".join(cues), round(min(score, 1.0), 2), speaker_id


_MEASURES = frozenset(
    "km m mm cm miles kg tonnes tons % km² ha km/h mph knots USD EUR £".split()  # noqa: SIM905
)
_DURATIONS = frozenset("years year months month weeks week days day hours hour".split())  # noqa: SIM905


def _is_count(quantity):
    """A quantity a claim is about: a measure, an amount of money, a vague or large count.

    "two groups", "three years" are how a sentence speaks, not what it claims.
    """
    if quantity.unit in _MEASURES or quantity.value_max is not None:
        return True
    if quantity.unit.lower() in _DURATIONS:
        return False
    return bool(quantity.unit or quantity.qualifier != "exact") and (
        quantity.value is None or quantity.value >= 10 or quantity.qualifier != "exact"
    )


# Words before a reporting verb that are no speaker: "is said to", "it was claimed".
_NOT_SPEAKERS = frozenset(
    """is are was were be been being has have had it that which who this what as and or but
    also then to not never only just later already again first previously repeatedly publicly
    reportedly officially""".split()  # noqa: SIM905
)
_SPEAKER_WORDS = re.compile(r"[\w’'-]+")


def _who(clause, offset, reporting, mentions):
    """(who, actor id or None) speaks through a reporting verb in `clause`; ("", None) if nobody.

    The pronoun or word just before the verb ("he considers", "one diplomat
    said"), the actor named just before it ("Turkey considers"), or the one
    named after "according to".
    """
    actors = [m for m in mentions if m.actor_id is not None]
    verb_start, verb_end = offset + reporting.start(), offset + reporting.end()
    if reporting.group().lower().startswith("according"):
        after = [m for m in actors if m.start >= verb_end]
        if after:
            return after[0].surface, after[0].actor_id
        phrase = re.split(r"[,;:()]", clause[reporting.end() :], maxsplit=1)[0]
        return " ".join(_SPEAKER_WORDS.findall(phrase)[:4]), None
    words = _SPEAKER_WORDS.findall(clause, 0, reporting.start())
    previous = words[-1] if words else ""
    if _PERSONAL_SPEAKER.fullmatch(previous):
        return previous, None
    before = [m for m in actors if m.end <= verb_start]
    if (
        before
        and len(_SPEAKER_WORDS.findall(clause, before[-1].end - offset, reporting.start())) <= 1
    ):
        return before[-1].surface, before[-1].actor_id
    if previous and previous.lower() not in _NOT_SPEAKERS and previous.isalpha():
        return previous, None
    return "", None


def propose_claims(text, sentences, *, mentions=(), quantities=()):
    """ProposedClaims for the body sentences of `text`.

    `mentions`: MentionSuggestions of the article; `quantities`: (sentence
    index, QuantitySuggestion) pairs, as prepare_article finds them.
    """
    mentions_by_sentence = {}
    for mention in mentions:
        mentions_by_sentence.setdefault(mention.sentence, []).append(mention)
    quantities_by_sentence = {}
    for index, quantity in quantities:
        quantities_by_sentence.setdefault(index, []).append(quantity)
    proposed = []
    for sentence in sentences:
        if sentence.kind == HEADING or _words(text, sentence.start, sentence.end) < MIN_WORDS:
            continue
        sentence_mentions = mentions_by_sentence.get(sentence.index, ())
        sentence_quantities = quantities_by_sentence.get(sentence.index, ())
        for start, end in clause_spans(text, sentence.start, sentence.end):
            kind, reason, score, speaker_id = classify(
                text, start, end, mentions=sentence_mentions, quantities=sentence_quantities
            )
            inside = [m for m in sentence_mentions if start <= m.start and m.end <= end]
            proposed.append(
                ProposedClaim(
                    sentence=sentence.index,
                    start=start,
                    end=end,
                    exact=text[start:end],
                    kind=kind,
                    reason=reason,
                    score=score,
                    actor_ids=tuple(dict.fromkeys(m.actor_id for m in inside if m.actor_id)),
                    place_ids=tuple(dict.fromkeys(m.place_id for m in inside if m.place_id)),
                    speaker_id=speaker_id,
                    quantities=[
                        {"start": q.start, "end": q.end, **q.as_dict()}
                        for q in sentence_quantities
                        if start <= q.start and q.end <= end
                    ],
                )
            )
    return proposed
