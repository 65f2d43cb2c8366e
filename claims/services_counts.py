"""How many published claims each actor, place, event and source has: stored
in their `claim_count`, so the claim browser's facets, the map's menus, the
index pages and the timeline read a column instead of grouping every
published claim's links on each view (docs/design.md, "Stored counts").

The services that write links or publication (claim_create, claim_update,
record_save, records_delete, content_load) call `entity_counts_refresh` in
their transaction with the entities whose count may have changed: those
linked before or after the write. Each count is worked out again from the
links, never incremented, so nothing drifts. `entity_counts_check` compares
every stored count with the grouped truth (`manage.py facet_counts`).
"""

from django.db import connections, router
from django.db.models import Func, IntegerField, OuterRef, Subquery

from .models import Actor, Anchor, Event, Place, Source
from .services import writes_content

# The order rows are locked in, so two writers never wait on each other in a
# circle. Sources first: the admin's save or delete of a source holds its row
# before it counts anything, so a claim_create in that source must wait there
# too before it locks an actor that the admin's write will count next.
COUNTED = (Source, Actor, Place, Event)


def _links(model):
    """The link rows naming a `model` row, and the column naming it."""
    if model is Source:
        return Anchor.objects.all(), "source_id"
    return model._meta.get_field("claims").through.objects.all(), f"{model._meta.model_name}_id"


def published_claims(model):
    """An expression: how many published claims name the row (OuterRef("pk")).

    A claim names an actor, place or event at most once (the link is
    unique); one quoted twice in a source counts once there. COUNT without
    GROUP BY, so a row with no claim gets 0, not NULL."""
    links, column = _links(model)
    if model is Source:
        count = Func(
            "claim", template="COUNT(DISTINCT %(expressions)s)", output_field=IntegerField()
        )
    else:
        count = Func(template="COUNT(*)", output_field=IntegerField())
    return Subquery(
        links.filter(**{column: OuterRef("pk")}, claim__is_published=True)
        .order_by()
        .annotate(n=count)
        .values("n")
    )


def claims_entities(claim_ids):
    """{model: set of ids} of the entities the claims name now (and the sources
    they are anchored in): read before a write that changes links and again
    after it, the entities whose counts it may change."""
    claim_ids = list(claim_ids)
    if not claim_ids:
        return {}
    found = {}
    for model in COUNTED:
        links, column = _links(model)
        found[model] = set(
            links.filter(claim_id__in=claim_ids).values_list(column, flat=True).distinct()
        )
    return found


def merged(*entity_sets):
    """The union of several {model: ids}."""
    union = {}
    for entities in entity_sets:
        for model, ids in entities.items():
            union.setdefault(model, set()).update(ids)
    return union


def entity_counts_refresh(*, entities=None):
    """Work out `claim_count` again for `entities` ({model: ids}; default every row).

    Called inside the writing service's transaction, after its links and
    publication are written. The rows are locked first, in COUNTED order
    and by id (so two writes never lock the same rows the other way round),
    then counted in a new statement: on PostgreSQL (READ COMMITTED) a second
    editor linking claims to the same actor waits for the first to commit
    and then counts its links too, so neither leaves a count that misses
    the other's claim. Two statements per kind of entity
    touched; one per kind for every row."""
    for model in COUNTED:
        rows = model.objects.all()
        if entities is not None:
            ids = sorted(pk for pk in entities.get(model, ()) if pk is not None)
            if not ids:
                continue
            rows = rows.filter(pk__in=ids)
            if connections[router.db_for_write(model)].features.has_select_for_update:
                # NO KEY UPDATE: it waits for another count, not for a link
                # row being inserted (whose foreign key holds a KEY SHARE lock).
                locked = rows.select_for_update(no_key=True).order_by("pk")
                list(locked.values_list("pk", flat=True))
        rows.update(claim_count=published_claims(model))


@writes_content
def entity_counts_rebuild():
    """Every stored count worked out again (`manage.py facet_counts --rebuild`)."""
    entity_counts_refresh()


def entity_counts_check():
    """{model: [(id, stored, true)]} of the rows whose stored count is not the
    grouped truth (empty lists when every count is right). One query per kind."""
    wrong = {}
    for model in COUNTED:
        rows = (
            model.objects.annotate(true_count=published_claims(model))
            .order_by("pk")
            .values_list("pk", "claim_count", "true_count")
        )
        wrong[model] = [(pk, stored, true) for pk, stored, true in rows if stored != true]
    return wrong
