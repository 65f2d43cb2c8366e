from .claims import (
    MISMATCHED_STATES,
    Anchor,
    Assessment,
    Claim,
    ClaimEdit,
    ClaimRelation,
    Evidence,
    Quantity,
)
from .entities import Actor, ActorAlias, Place, PlaceAlias
from .events import Event, EventActor
from .mentions import Mention
from .site import ContentVersion
from .sources import Contributor, Sentence, Source
from .suggestions import ClaimSuggestion
from .vocabulary import CLAIMREVIEW_RATINGS, STATUS_MEANINGS, DatePrecision, EvidenceStatus

__all__ = [
    "MISMATCHED_STATES",
    "CLAIMREVIEW_RATINGS",
    "STATUS_MEANINGS",
    "Actor",
    "ActorAlias",
    "Anchor",
    "Assessment",
    "Claim",
    "ClaimEdit",
    "ClaimRelation",
    "ClaimSuggestion",
    "ContentVersion",
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
]
