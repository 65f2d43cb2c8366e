"""Rendered template fragments, cached by what they show.

A fragment's key is a digest of every value it displays (and the release, so
a new template never serves an old fragment). Nothing needs invalidating: an
edit through the services changes a value, hence the key, and the next page
renders that fragment afresh while every other one is read back. So the
first reader after an edit, and every new combination of the claim
browser's filters, pay for rendering only the rows not seen before. The
fragments live in the "fragments" cache (settings.CACHES), used by the
`{% cache %}` tag in the templates.

The claim page and the reader are too big for that (a digest of everything
they show would cost the queries the cache saves), so their fragments are
keyed by versions the services keep instead (`claim_page_key`,
`reader_page_key`): the claim's or the source's own `page_version`, raised
for the claims a service names as changed and the sources quoting them
(`claim_pages_changed`), and one version for every such page
(`ClaimPagesVersion`), raised by every other write to the content
(`every_claim_page_changed`). Both are raised inside the write's
transaction, so a page that reads the new version also reads the new data.
"""

import hashlib
import secrets

from django.conf import settings
from django.db.models import F


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


def reader_page_key(source, *, query):
    """The key of a reader's cached parts (templates/claims/source_detail.html:
    its header with the reading switches, the text with its highlights and
    notes, the footer and the claims-by-status overview), from the source as
    selectors.source_for_key reads it: its page version (raised with those of
    the claims quoted in it, claims_pages_changed below), the version every
    page is rendered afresh under after an unscoped write, and the query
    string, which the switches' links carry on."""
    return _digest(
        (
            settings.RELEASE,
            "reader",
            source.pk,
            source.page_version,
            source.pages_version,
            query,
        )
    )


def claim_page_key(claim, request):
    """The key of a claim page's fragments (templates/claims/claim_detail.html),
    from the claim as selectors.claim_for_key reads it. The page names the
    site's address in its JSON-LD."""
    return _digest(
        (
            settings.RELEASE,
            claim.pk,
            claim.page_version,
            claim.pages_version,
            request.scheme,
            request.get_host(),
        )
    )


def claim_pages_changed(claims):
    """Raise the page version of `claims` (claims or ids) and of the sources
    quoting them: their pages and those sources' readers render afresh.

    Called by the services that declare which claim pages their write
    changes (claims.services.writes_claims), inside the write's transaction."""
    from .models import Anchor, Claim, Source

    ids = sorted({getattr(claim, "pk", claim) for claim in claims})
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        Claim.objects.filter(pk__in=chunk).update(page_version=F("page_version") + 1)
        # The readers of the sources quoting them show their status and statement.
        quoting = Anchor.objects.filter(claim__in=chunk).values("source_id")
        Source.objects.filter(pk__in=quoting).update(page_version=F("page_version") + 1)


def every_claim_page_changed():
    """Raise the version every claim page's fragments are keyed by, inside the
    current transaction (claims.services.writes_content, claims.caching.user_saved)."""
    from .models import ClaimPagesVersion

    if not ClaimPagesVersion.objects.filter(pk=1).update(value=F("value") + 1):
        # The row is gone (a test database flushed): put it back, from a
        # random start as migration 0021 does.
        ClaimPagesVersion.objects.bulk_create(
            [ClaimPagesVersion(pk=1, value=secrets.randbits(48))], ignore_conflicts=True
        )


def browser_filters_key(path, query, facets):
    """The key of the claim browser's filters and facets
    (templates/claims/includes/browser_filters.html): the address without its
    page (the form, the search box and every facet link are made from it)
    and each facet option shown, with its count."""
    return _digest(
        (
            settings.RELEASE,
            path,
            query,
            [
                (name, [(o.value, o.label, o.count, o.selected) for o in options])
                for name, options in facets.items()
            ],
        )
    )
