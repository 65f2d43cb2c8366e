import datetime

from django import template
from django.utils.html import format_html, format_html_join
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
def sentence_html(view):
    """A reader sentence's segments as HTML (see claims.reader).

    Built here rather than in a template so that no template whitespace can
    slip into the published text. Every piece of article text goes through
    format_html, which escapes it.
    """
    return mark_safe("".join(_segment_html(segment) for segment in view.segments))


def _label(claim):
    # Hidden words go last: a link that starts with a clipped element has no
    # reliable click point in some browsers.
    return format_html(
        '#{} {}<span class="visually-hidden"> claim</span>', claim.pk, claim.get_status_display()
    )


def _label_link(claim):
    return format_html(
        '<a class="claim-label st-{}" href="{}">{}</a>',
        claim.status,
        claim.get_absolute_url(),
        _label(claim),
    )


def _segment_html(segment):
    text = segment.text
    if segment.mention is not None:
        entity = segment.mention.actor or segment.mention.place
        kind = "actor" if segment.mention.actor_id else "place"
        text = format_html(
            '<a class="mention mention-{}" href="{}" title="{}: {}">{}</a>',
            kind,
            entity.get_absolute_url(),
            kind.capitalize(),
            entity.name,
            text,
        )
    if not segment.claims:
        return format_html('<span class="seg" data-start="{}">{}</span>', segment.start, text)

    statuses = segment.statuses
    colour = f"st-{statuses[0]}" if len(statuses) == 1 else "hl-multi"
    claim_ids = " ".join(str(claim.pk) for claim in segment.claims)
    link_claim = segment.link_claim
    if link_claim is not None:
        inner_label = (
            format_html(
                '<span class="claim-label st-{}">{}</span>', link_claim.status, _label(link_claim)
            )
            if segment.label_inside
            else ""
        )
        html = format_html(
            '<a class="hl-link" href="{}" data-start="{}" data-claims="{}">'
            '<mark class="hl {}">{}</mark>{}</a>',
            link_claim.get_absolute_url(),
            segment.start,
            claim_ids,
            colour,
            text,
            inner_label,
        )
    else:
        html = format_html(
            '<mark class="hl {}" data-start="{}" data-claims="{}">{}</mark>',
            colour,
            segment.start,
            claim_ids,
            text,
        )
        if segment.refs:
            refs = format_html_join(
                ", ",
                '<a href="{}">#{}<span class="visually-hidden">: {} claim</span></a>',
                (
                    (claim.get_absolute_url(), claim.pk, claim.get_status_display())
                    for claim in segment.refs
                ),
            )
            html += format_html(
                '<span class="hl-refs"><span class="visually-hidden">(part of </span>{}'
                '<span class="visually-hidden">)</span></span>',
                refs,
            )
    for claim in segment.labels_after:
        html += _label_link(claim)
    return html


@register.simple_tag
def status_vocabulary():
    """(value, label, meaning) for every evidence status, in vocabulary order."""
    return [(status.value, status.label, STATUS_MEANINGS[status]) for status in EvidenceStatus]


@register.filter
def machine_datetime(value):
    """A datetime as a valid <time datetime=...> value: ISO 8601 in UTC, whole seconds."""
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds") if value else ""
