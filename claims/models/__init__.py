from .claims import (
    MISMATCHED_STATES,
    REVIEW_STATES,
    Anchor,
    Assessment,
    Claim,
    ClaimEdit,
    ClaimMatch,
    ClaimPagesVersion,
    ClaimRelation,
    Evidence,
    Quantity,
)
from .entities import Actor, ActorAlias, Place, PlaceAlias
from .events import Event, EventActor
from .mentions import Mention
from .sources import Contributor, Sentence, Source, SourceRevision
from .suggestions import ClaimSuggestion
from .vocabulary import CLAIMREVIEW_RATINGS, STATUS_MEANINGS, DatePrecision, EvidenceStatus

__all__ = [
    "MISMATCHED_STATES",
    "REVIEW_STATES",
    "CLAIMREVIEW_RATINGS",
    "STATUS_MEANINGS",
    "Actor",
    "ActorAlias",
    "Anchor",
    "Assessment",
    "Claim",
    "ClaimEdit",
    "ClaimMatch",
    "ClaimPagesVersion",
    "ClaimRelation",
    "ClaimSuggestion",
    "Contributor",
    "DatePrecision",
    "Event",
    "EventActor",
    "EvidenceStatus",
    "Evidence",
    "Mention",
    "Place",
    "PlaceAlias",
    "Quantity",
    "Sentence",
    "Source",
    "SourceRevision",
]
