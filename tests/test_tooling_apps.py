"""The running site ships without its tooling: the benchmark app (and its
/bench/floor page) and seed curation are installed only by their own settings
modules. Also which page cache each environment gets."""

import json

import pytest

from tests.test_settings import PRODUCTION, manage

SHOW = (
    "import json; from django.conf import settings; from django.urls import resolve, Resolver404\n"
    "try:\n    resolve('/bench/floor'); floor = True\n"
    "except Resolver404:\n    floor = False\n"
    "print(json.dumps({'apps': settings.INSTALLED_APPS, 'floor': floor,"
    " 'cache': settings.CACHES['pages']['BACKEND'], 'release': settings.RELEASE}))"
)


def show(**env):
    result = manage("shell", "-c", SHOW, env={**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def commands(**env):
    result = manage("help", "--commands", env={**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


TOOLS = {"bench_pages", "bench_load", "bench_import", "bench_report", "generate_corpus"}


def test_production_settings_install_neither_benchmarks_nor_curation():
    shown = show()
    assert "bench" not in shown["apps"] and "curation" not in shown["apps"]
    assert not shown["floor"]
    assert not (TOOLS | {"build_seed_fixture"}) & commands()


def test_the_bench_settings_add_the_benchmarks_and_the_floor():
    shown = show(DJANGO_SETTINGS_MODULE="claimsdb.settings_bench")
    assert "bench" in shown["apps"] and shown["floor"]
    assert commands(DJANGO_SETTINGS_MODULE="claimsdb.settings_bench") >= TOOLS


def test_the_curation_settings_add_build_seed_fixture():
    shown = show(DJANGO_SETTINGS_MODULE="claimsdb.settings_curation")
    assert "curation" in shown["apps"] and not shown["floor"]
    assert "build_seed_fixture" in commands(DJANGO_SETTINGS_MODULE="claimsdb.settings_curation")


@pytest.mark.parametrize(
    "env, backend",
    [
        ({}, "django.core.cache.backends.filebased.FileBasedCache"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/3"}, "django_redis.cache.RedisCache"),
    ],
)
def test_the_page_cache_is_a_file_cache_unless_redis_url_is_set(env, backend):
    assert show(**env)["cache"] == backend


def test_the_release_in_the_page_keys_comes_from_the_environment():
    assert show(RELEASE="2026.12.1")["release"] == "2026.12.1"


def test_the_release_defaults_to_the_commit_checked_out_loose_or_packed(tmp_path):
    from claimsdb.settings import _git_commit

    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "packed-refs").write_text("# pack-refs with: peeled\n" + "a" * 40 + " refs/heads/main\n")
    assert _git_commit(git) == "a" * 40  # a fresh clone
    (git / "refs" / "heads" / "main").write_text("b" * 40 + "\n")
    assert _git_commit(git) == "b" * 40
    (git / "HEAD").write_text("c" * 40 + "\n")
    assert _git_commit(git) == "c" * 40  # detached
