import datetime

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..jsonld import json_ld_script
from ..models import STATUS_MEANINGS, EvidenceStatus

register = template.Library()


@register.filter
def json_ld(data):
    """Render a dict as a safely escaped application/ld+json script element."""
    return json_ld_script(data) if data else ""


@register.filter
def with_role(contributors, role):
    """Contributors (prefetched) with one role: {{ source.contributors.all|with_role:"author" }}."""
    return [person for person in contributors if person.role == role]


@register.simple_tag
def sentence_html(view, target=None):
    """A reader sentence's segments as HTML (see claims.reader).

    Built here rather than in a template so that no template whitespace can
    slip into the published text. Nothing is added to the text: a claim is a
    quiet highlight naming its claims in data-claims, listed beside the text.
    Every piece of article text goes through format_html, which escapes it.
    `target` is the id of a claim to mark (the claim page's "Read in context").
    """
    return mark_safe("".join(_segment_html(segment, target) for segment in view.segments))


def _segment_html(segment, target):
    text = segment.text
    if segment.mention is not None:
        entity = segment.mention.actor or segment.mention.place
        kind = "actor" if segment.mention.actor_id else "place"
        # draggable=false: a drag that starts on the name selects text, as elsewhere.
        text = format_html(
            '<a class="mention mention-{}" href="{}" title="{}: {}" draggable="false">{}</a>',
            kind,
            entity.get_absolute_url(),
            kind.capitalize(),
            entity.name,
            text,
        )
    if not segment.claims:
        return format_html('<span class="seg" data-start="{}">{}</span>', segment.start, text)

    statuses = segment.statuses
    classes = ["hl", f"st-{statuses[0]}" if len(statuses) == 1 else "st-mixed"]
    if len(segment.claims) > 1:
        classes.append("hl-multi")
    if segment.starting:
        classes.append("hl-start")
    if target is not None and any(claim.pk == target for claim in segment.claims):
        classes.append("hl-target")
    return format_html(
        '<mark class="{}" data-start="{}" data-claims="{}">{}</mark>',
        " ".join(classes),
        segment.start,
        " ".join(str(claim.pk) for claim in segment.claims),
        text,
    )


@register.simple_tag
def status_vocabulary():
    """(value, label, meaning) for every evidence status, in vocabulary order."""
    return [(status.value, status.label, STATUS_MEANINGS[status]) for status in EvidenceStatus]


@register.filter
def machine_datetime(value):
    """A datetime as a valid <time datetime=...> value: ISO 8601 in UTC, whole seconds."""
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds") if value else ""


@register.simple_tag
def quote_changes(old, new):
    """The words that changed between two quotes, as diff parts (kind, text) for a
    template to mark up (escaped there); the revision pages use the same diff."""
    from ..revisions import word_diff

    return word_diff(old, new)
