"""Rendered template fragments, cached by what they show.

A fragment's key is a digest of every value it displays (and the release, so
a new template never serves an old fragment). Nothing needs invalidating: an
edit through the services changes a value, hence the key, and the next page
renders that fragment afresh while every other one is read back. So the
first reader after an edit, and every new combination of the claim
browser's filters, pay for rendering only the rows not seen before. The
fragments live in the "fragments" cache (settings.CACHES), used by the
`{% cache %}` tag in the templates.
"""

import hashlib

from django.conf import settings


def _digest(values):
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


def _source_shown(source):
    return (source.slug, source.title, source.published_on, source.date_precision)


def claim_row_key(claim):
    """The key of a claim's row in a list (templates/claims/includes/claim_result.html),
    from the claim with its attributed actor, first source and prefetched anchors.
    Whatever that template comes to show must be added here."""
    actor = claim.attributed_to
    return _digest(
        (
            settings.RELEASE,
            claim.pk,
            claim.statement,
            claim.status,
            claim.kind,
            (actor.slug, actor.name) if actor is not None else None,
            # Corroboration (templates/claims/includes/corroboration_note.html).
            claim.source_count,
            _source_shown(claim.first_source) if claim.first_source_id else None,
            [
                (
                    anchor.exact,
                    anchor.sentence.index,
                    anchor.sentence.source.slug,
                    anchor.sentence.source.title,
                )
                for anchor in claim.anchors.all()
            ],
        )
    )


def reader_body_key(source, anchors, headings, *, highlights, target):
    """The key of a reader page's text with its highlights and paragraph notes
    (templates/claims/includes/reader_body.html). The sentences and the text
    between them are fixed for a revision of the source, but for which of
    them are headings (`headings`, from selectors.reader_headings); the
    claims come with `anchors` (selectors.reader_anchors)."""
    return _digest(
        (
            settings.RELEASE,
            source.pk,
            source.revision,
            source.language,
            headings,
            highlights,
            target,
            [
                (
                    anchor.pk,
                    anchor.sentence_id,
                    anchor.start,
                    anchor.end,
                    anchor.claim_id,
                    anchor.claim.status,
                    anchor.claim.statement,
                )
                for anchor in anchors
            ],
        )
    )


def reader_shell_key(source, *, status_counts, query):
    """The key of what surrounds a reader's text for everybody (its header
    with the reading switches, the "About this article" footer and the
    claims-by-status overview in templates/claims/source_detail.html): the
    source's metadata and contributors, its claims by status, and the query
    string, which the switches' links carry on."""
    return _digest(
        (
            settings.RELEASE,
            source.pk,
            _source_shown(source),
            source.url,
            source.publisher,
            source.revision,
            [(person.name, person.role) for person in source.contributors.all()],
            status_counts,
            query,
        )
    )
