"""Settings come from the environment only; production refuses unsafe setups."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-key-" + "x" * 50,
    "ALLOWED_HOSTS": "claims.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
}


def manage(*args, env):
    """Run manage.py in a fresh process with only `env` (plus PATH/HOME) set."""
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_starts_in_debug_without_a_secret_key():
    result = manage("check", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_uses_sqlite_under_var_by_default_and_postgres_from_database_url():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['ENGINE'], d['NAME'])"
    )
    default = manage("shell", "-c", code, env={"DEBUG": "1"})
    assert "sqlite3" in default.stdout and "/var/" in default.stdout
    postgres = manage("shell", "-c", code, env={**PRODUCTION, "DEBUG": "1"})
    assert "postgresql" in postgres.stdout, postgres.stderr


def test_it_reads_allowed_hosts_from_the_environment():
    code = "from django.conf import settings; print(settings.ALLOWED_HOSTS)"
    result = manage("shell", "-c", code, env={"DEBUG": "1", "ALLOWED_HOSTS": "a.org, b.org"})
    assert "['a.org', 'b.org']" in result.stdout
