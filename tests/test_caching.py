"""The page cache (claims.caching), on the embedded default (a file cache)
and on Redis: served without a database query, keyed by the content version
the services raise after each committed write, with ETags and 304s."""

import os
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.caching import VERSION_KEY, content_version
from claims.ingest.pipeline import prepare_article
from claims.models import Source
from tests.conftest import PASSWORD
from tests.factories import make_claim, make_source
from tests.test_publication import post_back

DATA = Path(__file__).parent / "data"

# The page cache is dropped after a commit, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def redis_url():
    """REDIS_URL (redis://127.0.0.1:6379/<n>); CI starts a redis-server and sets it."""
    url = os.environ.get("REDIS_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI runs the page cache tests on Redis: REDIS_URL must be set")
        pytest.skip("REDIS_URL is not set (.ci/run starts a redis-server and sets it)")
    return url


def cache_settings(kind, tmp_path):
    if kind == "redis":
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": "claimsdb-test",
        }
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "page-cache"),
    }


@pytest.fixture(autouse=True, params=["file", "redis"])
def page_cache(request, settings, tmp_path):
    settings.CACHES = {**settings.CACHES, "pages": cache_settings(request.param, tmp_path)}
    settings.PAGE_CACHE_SECONDS = 600
    caches["pages"].clear()
    yield caches["pages"]
    caches["pages"].clear()


def _queries(client, path, status=200, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=headers)
    assert response.status_code == status
    return response, len(captured)


def test_it_serves_a_repeated_page_from_the_cache_without_a_query(client):
    source = make_source()
    make_claim(source.sentences.first())
    first, first_queries = _queries(client, source.get_absolute_url())
    again, again_queries = _queries(client, source.get_absolute_url())
    assert again.content == first.content
    assert again_queries == 0 < first_queries


def test_it_drops_cached_pages_after_an_assessment(client, editor):
    source = make_source()
    claim = make_claim(source.sentences.first())
    assert "Refuted" not in client.get(claim.get_absolute_url()).content.decode()
    services.claim_assess(claim=claim, status="refuted", rationale="Imagery.", editor=editor)
    assert "Refuted" in client.get(claim.get_absolute_url()).content.decode()


def test_it_answers_304_for_an_unchanged_page_and_200_after_a_write(client, editor):
    source = make_source()
    claim = make_claim(source.sentences.first())
    url = claim.get_absolute_url()
    first = client.get(url)
    etag = first["ETag"]
    cache_control = {part.strip() for part in first["Cache-Control"].split(",")}
    assert {"public", "must-revalidate", "max-age=0", "s-maxage=10"} <= cache_control
    assert {"Accept", "Accept-Encoding", "Cookie"} <= {v.strip() for v in first["Vary"].split(",")}
    unchanged, queries = _queries(client, url, 304, if_none_match=etag)
    assert queries == 0 and unchanged.content == b"" and unchanged["ETag"] == etag
    services.claim_assess(claim=claim, status="refuted", rationale="Imagery.", editor=editor)
    changed, _ = _queries(client, url, 200, if_none_match=etag)
    assert "Refuted" in changed.content.decode() and changed["ETag"] != etag
    # Another page's ETag does not answer for this one.
    _queries(client, reverse("claim-list"), 200, if_none_match=changed["ETag"])


def test_a_login_does_not_change_the_content_version(client, editor):
    source = make_source()
    url = source.get_absolute_url()
    before = content_version()
    client.get(url)
    response = client.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.last_login is not None  # the login wrote to the user table
    assert content_version() == before
    client.logout()
    _, queries = _queries(client, url)
    assert queries == 0  # still the page cached before the login


def test_renaming_an_editor_is_seen_on_the_claims_they_assessed(client, editor):
    source = make_source()
    claim = make_claim(source.sentences.first())
    services.claim_assess(claim=claim, status="refuted", rationale="Imagery.", editor=editor)
    assert f"by Editor {editor.pk}" in client.get(claim.get_absolute_url()).content.decode()
    editor.first_name, editor.last_name = "Mina", "Rahimi"
    editor.save()
    assert "by Mina Rahimi" in client.get(claim.get_absolute_url()).content.decode()


def test_it_raises_the_version_once_per_transaction_after_commit(editor):
    source = make_source()
    claim = make_claim(source.sentences.first())
    before = content_version()
    with transaction.atomic():
        services.claim_assess(claim=claim, status="refuted", rationale="Imagery.", editor=editor)
        services.claim_create(sentence=source.sentences.last(), created_by=editor)
        assert content_version() == before  # not before the commit
        assert len(connection.run_on_commit) == 1  # one bump for both
    assert content_version() != before


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
    first, first_queries = _queries(client, source.get_absolute_url())
    _, again = _queries(client, source.get_absolute_url())
    assert again == first_queries > 1
    assert "ETag" not in first and "public" not in first.get("Cache-Control", "")


def test_it_keeps_each_query_string_apart(client):
    source = make_source([["Alpha company moved north."], ["Beta company stayed."]])
    for sentence in source.sentences.all():
        make_claim(sentence)
    alpha = client.get("/claims/?q=alpha").content.decode()
    assert "company moved north" in alpha and "company stayed" not in alpha
    beta = client.get("/claims/?q=beta").content.decode()
    assert "company stayed" in beta and "company moved north" not in beta


def test_it_makes_a_new_version_when_the_cache_lost_it(client, page_cache):
    source = make_source()
    url = source.get_absolute_url()
    _queries(client, url)
    page_cache.delete(VERSION_KEY)  # evicted, or a restarted cache server
    _, queries = _queries(client, url)
    assert queries > 0  # rendered again: no page was stored under the new version


def test_a_new_release_does_not_serve_the_old_release_pages(client, settings):
    source = make_source()
    _queries(client, source.get_absolute_url())
    settings.RELEASE = "next-release"
    _, queries = _queries(client, source.get_absolute_url())
    assert queries > 0


def test_it_caches_the_api_apart_from_the_page_of_the_same_name(client):
    source = make_source()
    make_claim(source.sentences.first())
    page = client.get("/claims/")
    api = client.get("/api/v1/claims/")
    assert page["Content-Type"].startswith("text/html")
    assert api["Content-Type"] == "application/json"
    again, queries = _queries(client, "/api/v1/claims/")
    assert again.json() == api.json() and queries == 0
    browsable = client.get("/api/v1/claims/", HTTP_ACCEPT="text/html")
    assert browsable["Content-Type"].startswith("text/html")


def test_it_leaves_errors_alone(client):
    _, first = _queries(client, "/sources/no-such-source/", 404)
    response, again = _queries(client, "/sources/no-such-source/", 404)
    assert again == first > 0 and "ETag" not in response


def test_pages_are_served_uncached_while_the_cache_is_down(client, settings, editor):
    source = make_source()
    claim = make_claim(source.sentences.first())
    down = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }
    with override_settings(CACHES={**settings.CACHES, "pages": down}):
        assert client.get(claim.get_absolute_url()).status_code == 200
        # A committed write does not fail for want of the cache.
        services.claim_assess(claim=claim, status="refuted", rationale="Imagery.", editor=editor)
        assert "Refuted" in client.get(claim.get_absolute_url()).content.decode()


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


def test_the_corpus_generator_is_seen_by_the_next_anonymous_request(client):
    from bench.corpus import corpus_generate, parse_scale

    assert client.get("/api/v1/claims/").json()["count"] == 0
    corpus_generate(scale=parse_scale("1"), seed=1)
    assert client.get("/api/v1/claims/").json()["count"] == 10
