"""The claim page's cached fragments and API data (claims.fragments.claim_page_key): never stale.

Every write a person makes, through the services or the admin, is followed
by a load of every claim page, compared with the same page rendered with no
fragment cached: a write that changes what a page shows without raising the
version its fragments are keyed by fails here, whichever page it forgets.
"""

from html.parser import HTMLParser

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import (
    Actor,
    Claim,
    ClaimMatch,
    ClaimRelation,
    ClaimSuggestion,
    Contributor,
    Evidence,
    Mention,
    Source,
)
from claims.services_matching import claim_match_decide, claim_relate
from claims.services_revisions import source_revise
from tests.factories import make_claim, make_corpus, make_mention

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(editor):
    corpus = make_corpus(editor=editor)
    editor.first_name, editor.last_name = "Rima", "Haddad"
    editor.save()
    located, besieged, fighters, left, _ = corpus["claims"]
    # "Also claimed in": the same claim in the second source, confirmed.
    claim_relate(claim=besieged, other=left, kind="same", editor=editor)
    ClaimMatch.objects.create(
        first=min(located, fighters, key=lambda c: c.pk),
        second=max(located, fighters, key=lambda c: c.pk),
        score=0.5,
        stance="same",
        shares={"text": 0.5},
    )
    Contributor.objects.create(source=corpus["sources"][0], name="Ana Author", role="author")
    return corpus


def pages():
    """Every published claim's page and its API detail (kept under the same
    versions), and every published source's reader, in two reading options
    (kept under the source's version, raised with those of its claims)."""
    claims = Claim.objects.published()
    readers = [source.get_absolute_url() for source in Source.objects.published()]
    return (
        [claim.get_absolute_url() for claim in claims]
        + [reverse("api:claim-detail", args=[claim.pk]) for claim in claims]
        + readers
        + [url + "?highlights=0" for url in readers]
    )


def load(client, urls):
    return {url: client.get(url).content.decode() for url in urls}


def assert_never_stale(client, urls):
    """Each page as served (from the fragments where cached) equals it rendered afresh."""
    served = load(client, urls)
    caches["fragments"].clear()
    assert served == load(client, urls)


def _admin_form(html):
    """The fields of the admin's change form with the values they show."""

    class Form(HTMLParser):
        fields = {}
        select = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            name = attrs.get("name")
            if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
                if attrs.get("type") in ("checkbox", "radio"):
                    if "checked" in attrs:
                        self.fields[name] = attrs.get("value", "on")
                    return
                self.fields[name] = attrs.get("value", "")
            elif tag == "textarea" and name:
                self.fields[name] = ""
                self.textarea = name
            elif tag == "select" and name:
                self.select = name
            elif tag == "option" and self.select and "selected" in attrs:
                self.fields[self.select] = attrs.get("value", "")

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            if tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if getattr(self, "textarea", None):
                self.fields[self.textarea] += data

    form = Form()
    form.fields = {}
    form.feed(html)
    return form.fields


def admin_change(client, obj, **values):
    url = reverse(f"admin:claims_{obj._meta.model_name}_change", args=[obj.pk])
    fields = _admin_form(client.get(url).content.decode())
    fields.update(values)
    response = client.post(url, fields)
    assert response.status_code == 302, response.content.decode()[:3000]


def _claims(corpus):
    return corpus["claims"]


# Each write as a person makes it: (what it is, the write, words the page shows after it).
WRITES = {
    "assess a claim (its page and those relating to it show its status)": lambda c, ed: (
        services.claim_assess(
            claim=c["claims"][3], status="refuted", rationale="Withdrawn later.", editor=ed
        ),
        "Withdrawn later.",
    ),
    "assess several claims": lambda c, ed: (
        services.claim_assess_many(
            claims=c["claims"][:2], status="disputed", rationale="Conflicting.", editor=ed
        ),
        "Conflicting.",
    ),
    "cite evidence": lambda c, ed: (
        services.evidence_add(
            claim=c["claims"][1], editor=ed, url="https://example.org/new", title="New report"
        ),
        "New report",
    ),
    "edit a statement (shown on related claims' pages)": lambda c, ed: (
        services.claim_update(
            claim=c["claims"][3], editor=ed, statement="ISIS fighters withdrew from Al-Bab."
        ),
        "ISIS fighters withdrew from Al-Bab.",
    ),
    "link an actor": lambda c, ed: (
        services.claim_update(claim=c["claims"][0], editor=ed, actors=[c["actors"][2]]),
        "Free Syrian Army",
    ),
    "relate two claims": lambda c, ed: (
        claim_relate(claim=c["claims"][0], other=c["claims"][2], kind="supports", editor=ed),
        "supported by",
    ),
    "decide a proposed match": lambda c, ed: (
        claim_match_decide(claim=c["claims"][0], other=c["claims"][2], decision="same", editor=ed),
        None,  # test_a_decided_match_shows_on_both_pages
    ),
    "create a claim": lambda c, ed: (
        make_claim(c["sources"][1].sentences.get(index=2), created_by=ed),
        None,
    ),
    "review a mention": lambda c, ed: (
        services.mention_review(
            mention=make_mention(
                c["sources"][0].sentences.get(index=1), "Aleppo", place=c["places"][1]
            ),
            status=Mention.Status.CONFIRMED,
            reviewer=ed,
        ),
        None,
    ),
    "rename a user who assessed (display name)": lambda c, ed: (
        setattr(ed, "first_name", "Noor") or ed.save(),
        "Noor Haddad",
    ),
}


@pytest.mark.parametrize("write", WRITES, ids=list(WRITES))
def test_every_page_shows_a_write_at_once(client, corpus, editor, write):
    urls = pages()
    before = load(client, urls)
    _, words = WRITES[write](corpus, editor)
    urls = pages()
    after = load(client, urls)
    if words is not None:
        assert any(words in html for html in after.values())
        assert not any(words in html for html in before.values())
    assert_never_stale(client, urls)


ADMIN_WRITES = {
    "rename an actor": (Actor, 0, {"name": "Daesh"}, "Daesh"),
    "retitle a source": (Source, 0, {"title": "The siege, revisited"}, "The siege, revisited"),
    "rename an author": (Contributor, None, None, "Ana Writer"),
    "change a source's publisher": (Source, 0, {"publisher": "Another Paper"}, "Another Paper"),
    "unpublish a source": (Source, 1, {"is_published": ""}, None),
}


@pytest.mark.parametrize("write", ADMIN_WRITES, ids=list(ADMIN_WRITES))
def test_every_page_shows_an_admin_edit_at_once(client, admin_client, corpus, write):
    model, index, values, words = ADMIN_WRITES[write]
    urls = pages()
    load(client, urls)
    if model is Contributor:
        source = corpus["sources"][0]
        admin_change(admin_client, source, **{"contributors-0-name": "Ana Writer"})
    else:
        obj = corpus["sources" if model is Source else "actors"][index]
        if values.get("is_published") == "":
            values = {}
            url = reverse("admin:claims_source_change", args=[obj.pk])
            fields = _admin_form(admin_client.get(url).content.decode())
            fields.pop("is_published", None)
            assert admin_client.post(url, fields).status_code == 302
        else:
            admin_change(admin_client, obj, **values)
    after = load(client, urls)
    if words is not None:
        assert any(words in html for html in after.values())
    assert_never_stale(client, pages())


def test_an_admin_deletion_shows_at_once(client, admin_client, corpus):
    urls = pages()
    load(client, urls)
    evidence = Evidence.objects.get(url="https://example.org/report")
    url = reverse("admin:claims_evidence_delete", args=[evidence.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not any("example.org/report" in html for html in load(client, urls).values())
    assert_never_stale(client, urls)


def test_a_revised_source_shows_at_once(client, corpus, editor):
    from claims.ingest.pipeline import prepare_article

    source = corpus["sources"][0]
    urls = pages()
    load(client, urls)
    text = source.text.replace("It was besieged in 2016.", "It was encircled in 2016.")
    source_revise(source=source, prepared=prepare_article(text.encode(), filename="new.txt"))
    assert_never_stale(client, pages())


def test_a_relation_written_around_the_services_is_not_seen_until_a_service_write(client, corpus):
    """The check above can fail: a relation stored around the services leaves
    the cached pages as they were (which is why nothing may write around them)."""
    located, besieged, *_ = corpus["claims"]
    urls = pages()
    load(client, urls)
    ClaimRelation.objects.create(from_claim=located, to_claim=besieged, kind="elaborates")
    served = load(client, urls)
    caches["fragments"].clear()
    assert served != load(client, urls)


def test_a_cached_page_reads_only_the_claim(client, corpus):
    url = corpus["claims"][1].get_absolute_url()
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content.decode()
    assert again == first
    assert len(queries) == 1


def test_editors_see_their_controls_and_only_editors(client, corpus, editor, researcher):
    url = corpus["claims"][0].get_absolute_url()
    assessed = 'name="status"'
    assert assessed not in client.get(url).content.decode()  # fragments now cached
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert assessed in html
    assert "Possible matches" in html
    client.force_login(researcher)
    html = client.get(url).content.decode()
    assert assessed not in html and "Possible matches" not in html
    client.logout()
    html = client.get(url).content.decode()
    assert assessed not in html and "Possible matches" not in html


def test_unpublished_claims_stay_hidden(client, corpus):
    draft = corpus["claims"][4]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_suggestion_accepted_shows_its_claim(client, corpus, editor):
    from tests.factories import make_claim_suggestion

    suggestion = make_claim_suggestion(corpus["sources"][1].sentences.get(index=2))
    urls = pages()
    load(client, urls)
    claim = services.claim_suggestion_accept(suggestion=suggestion, editor=editor)
    assert ClaimSuggestion.objects.get(pk=suggestion.pk).claim_id == claim.pk
    assert client.get(claim.get_absolute_url()).status_code == 200
    assert_never_stale(client, pages())


def test_a_decided_match_shows_on_both_pages(client, corpus, editor):
    located, _, fighters, *_ = corpus["claims"]
    for claim, other in ((located, fighters), (fighters, located)):
        assert (
            f'href="{other.get_absolute_url()}"'
            not in client.get(claim.get_absolute_url()).content.decode()
        )
    claim_match_decide(claim=located, other=fighters, decision="related", editor=editor)
    for claim, other in ((located, fighters), (fighters, located)):
        assert (
            f'href="{other.get_absolute_url()}"'
            in client.get(claim.get_absolute_url()).content.decode()
        )


def test_a_kept_api_claim_reads_only_the_claim(client, corpus):
    url = reverse("api:claim-detail", args=[corpus["claims"][1].pk])
    first = client.get(url).json()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).json()
    assert again == first
    assert len(queries) == 1
    assert client.get(url, {"status": "refuted"}).status_code == 404  # filters still apply
    assert client.get(reverse("api:claim-detail", args=["x1"])).status_code == 404
