"""Two servers, one truth: two app servers on the same PostgreSQL database and
the same Redis. An editor's assessment committed through one is what anonymous
readers of the other get on their next request, although both had the page
cached. PostgreSQL only: two processes cannot share the SQLite test database
(it lives in memory)."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.conftest import PASSWORD
from tests.factories import make_claim, make_source
from tests.test_caching import redis_url

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


class Server:
    """`manage.py runserver` with the production settings, DEBUG off."""

    def __init__(self, env):
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.cookies = {}
        for _ in range(300):
            try:
                if self.request("GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server on port {self.port} did not start")

    def request(self, method, path, *, form=None, headers=None, cookies=True):
        headers = dict(headers or {})
        if cookies and self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            content = response.read().decode()
            if cookies:
                for header in response.headers.get_all("Set-Cookie") or []:
                    for name, morsel in SimpleCookie(header).items():
                        self.cookies[name] = morsel.value
            return response.status, dict(response.headers), content
        finally:
            client.close()

    def anonymous(self, path, **headers):
        return self.request("GET", path, headers=headers, cookies=False)

    def post_form(self, path, fields):
        """GET the page for its CSRF token, then POST `fields` as a browser would."""
        _, _, page = self.request("GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.request("POST", path, form={"csrfmiddlewaretoken": token, **fields})

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def two_servers():
    if connection.vendor != "postgresql":
        pytest.skip("two servers share one database only on PostgreSQL (CI's second pass)")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="claimsdb.settings",
        DEBUG="0",
        SECRET_KEY="two-servers-test-key-" + "x" * 40,
        DATABASE_URL=database_url(),
        REDIS_URL=redis_url(),
        CONN_MAX_AGE="0",  # no connection left open to the test database
        PAGE_CACHE_SECONDS="600",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        WHITENOISE_USE_FINDERS="1",
        STATIC_NO_MANIFEST="1",
    )
    servers = []
    try:
        servers.append(Server(env))
        servers.append(Server(env))
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_a_write_through_one_server_is_seen_by_readers_of_the_other(two_servers, editor):
    writer, reader = two_servers
    # The servers hash passwords as production does (tests use a fast hasher).
    editor.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    editor.save(update_fields=["password"])
    claim = make_claim(make_source([["Turkey sent tanks to Jarablus."]]).sentences.get())
    url = claim.get_absolute_url()
    status, headers, page = reader.anonymous(url)
    assert status == 200 and "Refuted" not in page
    etag = headers["ETag"]
    assert reader.anonymous(url, **{"If-None-Match": etag})[0] == 304  # cached, unchanged
    # One content version for both (the ETags differ by host: each has its own port).
    assert writer.anonymous(url)[1]["ETag"].split("-")[1] == etag.split("-")[1]

    status, _, _ = writer.post_form(
        "/accounts/login/", {"username": "editor", "password": PASSWORD}
    )
    assert status == 302
    assert reader.anonymous(url, **{"If-None-Match": etag})[0] == 304  # a login changes nothing
    status, _, _ = writer.post_form(
        f"/claims/{claim.pk}/assess/",
        {"status": "refuted", "rationale": "Imagery shows no tanks.", "version": claim.version},
    )
    assert status == 302

    status, headers, page = reader.anonymous(url, **{"If-None-Match": etag})
    assert status == 200 and "Refuted" in page and headers["ETag"] != etag
