import pytest
from django.core.cache import caches
from django.db import connection, transaction

from claims import services
from claims.caching import bump_content_version, content_version
from claims.models import ContentVersion, Mention, Source
from tests.factories import make_actor, make_claim, make_source

# The page cache is dropped after a commit, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    ContentVersion.objects.get_or_create(pk=1)  # a flush between tests removes it
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def _queries(client, path):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(captured)


def test_it_serves_a_repeated_page_from_the_cache(client):
    source = make_source()
    make_claim(source.sentences.first())
    first, first_queries = _queries(client, source.get_absolute_url())
    again, again_queries = _queries(client, source.get_absolute_url())
    assert again.content == first.content
    assert again_queries == 1 < first_queries  # only the content version is read


def test_it_drops_cached_pages_after_an_assessment(client, editor):
    source = make_source()
    claim = make_claim(source.sentences.first())
    assert "Refuted" not in client.get(claim.get_absolute_url()).content.decode()
    services.claim_assess(claim=claim, status="refuted", rationale="Imagery.", editor=editor)
    assert "Refuted" in client.get(claim.get_absolute_url()).content.decode()


def test_it_drops_cached_pages_after_a_bulk_update(client):
    source = make_source()
    url = source.get_absolute_url()
    assert client.get(url).status_code == 200
    Source.objects.filter(pk=source.pk).update(is_published=False)  # no signal, no save()
    assert client.get(url).status_code == 404


def test_it_raises_the_version_once_per_transaction_after_commit():
    source = make_source()
    before = content_version()
    with transaction.atomic():
        Mention.objects.bulk_create(
            Mention(sentence=sentence, start=sentence.start, end=sentence.start + 3, surface="abc")
            for sentence in source.sentences.all()
        )
        make_actor("Someone")
        assert content_version() == before  # not before the commit
    assert content_version() == before + 1


def test_it_does_not_raise_the_version_for_a_rolled_back_write():
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        make_actor("Never")
        raise RuntimeError
    assert content_version() == before


def test_it_never_caches_pages_for_a_logged_in_editor(client, editor):
    source = make_source()
    client.force_login(editor)
    _, first = _queries(client, source.get_absolute_url())
    _, again = _queries(client, source.get_absolute_url())
    assert again == first > 1


def test_it_keeps_each_query_string_apart(client):
    source = make_source([["Alpha company moved north."], ["Beta company stayed."]])
    for sentence in source.sentences.all():
        make_claim(sentence)
    alpha = client.get("/claims/?q=alpha").content.decode()
    assert "company moved north" in alpha and "company stayed" not in alpha
    beta = client.get("/claims/?q=beta").content.decode()
    assert "company stayed" in beta and "company moved north" not in beta


def test_it_starts_the_version_again_after_a_flush():
    ContentVersion.objects.all().delete()
    assert content_version() is None  # no version, no caching
    make_actor("Anyone")
    assert content_version() == 1


def test_it_caches_the_api_apart_from_the_page_of_the_same_name(client):
    source = make_source()
    make_claim(source.sentences.first())
    page = client.get("/claims/")
    api = client.get("/api/v1/claims/")
    assert page["Content-Type"].startswith("text/html")
    assert api["Content-Type"] == "application/json"
    again, queries = _queries(client, "/api/v1/claims/")
    assert again.json() == api.json() and queries == 1
    browsable = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")


def test_it_leaves_other_pages_and_errors_alone(client):
    assert client.get("/sources/no-such-source/").status_code == 404
    bump_content_version()
    assert not caches["pages"]._cache  # nothing stored for a 404 or the floor
    client.get("/bench/floor")
    assert not caches["pages"]._cache
