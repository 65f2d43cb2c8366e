from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from claims import services
from claims.caching import bump_content_version, content_version
from claims.ingest.pipeline import prepare_article
from claims.models import ContentVersion, Source
from tests.factories import make_claim, make_source
from tests.test_publication import post_back

DATA = Path(__file__).parent / "data"

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


def test_it_raises_the_version_once_per_transaction_after_commit(editor):
    source = make_source()
    claim = make_claim(source.sentences.first())
    before = content_version()
    with transaction.atomic():
        services.claim_assess(claim=claim, status="refuted", rationale="Imagery.", editor=editor)
        services.claim_create(sentence=source.sentences.last(), created_by=editor)
        assert content_version() == before  # not before the commit
    assert content_version() == before + 1


def test_it_does_not_raise_the_version_for_a_rolled_back_write(editor):
    source = make_source()
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.claim_create(sentence=source.sentences.first(), created_by=editor)
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


def test_it_starts_the_version_again_after_a_flush(editor):
    source = make_source()
    ContentVersion.objects.all().delete()
    assert content_version() is None  # no version, no caching
    services.claim_create(sentence=source.sentences.first(), created_by=editor)
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


# Each write path: the next anonymous request sees what it wrote.


def test_an_admin_save_is_seen_by_the_next_anonymous_request(client, admin_client):
    source = make_source()
    url = source.get_absolute_url()
    assert client.get(url).status_code == 200
    change = reverse("admin:claims_source_change", args=[source.pk])
    form = post_back(admin_client.get(change), is_published=False)
    assert admin_client.post(change, form).status_code == 302
    assert client.get(url).status_code == 404


def test_an_admin_delete_is_seen_by_the_next_anonymous_request(client, admin_client):
    source = make_source()
    claim = make_claim(source.sentences.first())
    assert client.get(claim.get_absolute_url()).status_code == 200
    delete = reverse("admin:claims_claim_delete", args=[claim.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_an_admin_bulk_delete_is_seen_by_the_next_anonymous_request(client, admin_client):
    source = make_source()
    url = source.get_absolute_url()
    assert client.get(url).status_code == 200
    response = admin_client.post(
        reverse("admin:claims_source_changelist"),
        {"action": "delete_selected", "_selected_action": [source.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 404


def test_an_article_import_is_seen_by_the_next_anonymous_request(client, superuser):
    # The import stores sentences and mentions with raw multi-row INSERTs.
    assert "Putin and Trump" not in client.get("/api/v1/sources/").content.decode()
    prepared = prepare_article((DATA / "seed_article.txt").read_bytes(), filename="seed.txt")
    source, created = services.article_import(prepared=prepared, imported_by=superuser)
    assert created
    assert "Putin and Trump" in client.get("/api/v1/sources/").content.decode()
    assert client.get(source.get_absolute_url()).status_code == 200


def test_the_bulk_path_is_seen_by_the_next_anonymous_request(client):
    source = make_source()
    claim = make_claim(source.sentences.first())
    url = claim.get_absolute_url()
    assert client.get(url).status_code == 200

    def write():  # rows written as they are, as a fixture or a dump writes them
        Source.objects.filter(pk=source.pk).update(is_published=False)

    services.content_load(write=write)
    assert client.get(url).status_code == 404  # hidden with its source, worked out again


def test_a_restore_is_seen_by_the_next_anonymous_request(client, editor, tmp_path):
    source = make_source([["Turkey sent tanks to Jarablus."]])
    make_claim(source.sentences.get())
    path = tmp_path / "dump.json"
    call_command("dump_claimsdb", output=str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert "Turkey sent tanks" not in client.get("/claims/").content.decode()
    call_command("restore_claimsdb", str(path), verbosity=0)
    assert "Turkey sent tanks" in client.get("/claims/").content.decode()


def test_loaded_fixtures_are_seen_by_the_next_anonymous_request(client, tmp_path):
    source = make_source([["Turkey sent tanks to Jarablus."]])
    make_claim(source.sentences.get())
    path = tmp_path / "fixture.json"
    call_command("dumpdata", "claims", output=str(path), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert "Turkey sent tanks" not in client.get("/claims/").content.decode()
    call_command("load_fixtures", str(path), verbosity=0)
    assert "Turkey sent tanks" in client.get("/claims/").content.decode()
