"""The Content-Security-Policy (settings.SECURE_CSP) in Chromium: every main
page, for readers, editors and admins, runs with no violation at all, so no
inline script or event-handler attribute is left and nothing is loaded from
elsewhere. A violation is caught both as the browser's console error and as
the page's securitypolicyviolation event."""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import PASSWORD
from tests.sample import build_sample

pytestmark = pytest.mark.browser

# Registered through the DevTools protocol before any page script runs, so
# the CSP does not apply to it.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def sample(editor):
    return build_sample(editor)


@pytest.fixture
def watched(page):
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(LISTEN)
    return page, console


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def visit_all(page, console, urls):
    problems = {}
    for url in urls:
        response = page.goto(url)
        assert response.status < 500, url
        assert "script-src 'self'" in response.headers["content-security-policy"], url
        page.wait_for_load_state("load")
        page.wait_for_timeout(100)  # violations are reported asynchronously
        found = page.evaluate("window.__cspViolations") + console[:]
        console.clear()
        if found:
            problems[url] = found
    assert not problems, "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_the_public_pages_run_without_a_csp_violation(watched, sample):
    page, console = watched
    claim = sample.claims.troops
    visit_all(
        page,
        console,
        [
            "/",
            sample.source.get_absolute_url(),
            "/claims/",
            "/claims/?status=unassessed&sort=oldest",
            claim.get_absolute_url(),
            "/search/?q=Al-Bab",
            "/actors/",
            sample.actors.turkey.get_absolute_url(),
            "/places/",
            "/events/",
            "/map/",
            "/timeline/",
            "/accounts/login/",
            "/api/v1/",
            "/api/v1/claims/",
            "/api/v1/docs/",
            "/no/such/page/",
        ],
    )


def test_redoc_is_refused_only_its_logo_from_another_host(watched, db):
    page, console = watched
    page.goto("/api/v1/redoc/")
    page.get_by_text("claimsdb API").first.wait_for()
    page.wait_for_timeout(1000)  # its search worker starts after the page
    violations = page.evaluate("window.__cspViolations")
    assert violations == ["img-src https://cdn.redoc.ly/redoc/logo-mini.svg :0"]


def test_the_editing_pages_run_without_a_csp_violation(watched, sample):
    page, console = watched
    log_in(page, "editor")
    claim = sample.claims.troops
    visit_all(
        page,
        console,
        [
            sample.source.get_absolute_url(),
            f"/claims/new/?source={sample.source.slug}&sentence=1",
            f"/claims/{claim.pk}/edit/",
            f"/claims/{claim.pk}/assess/",
            "/claims/",
            "/review/",
            "/review/?tab=mentions",
        ],
    )


def test_the_admin_runs_without_a_csp_violation(watched, sample):
    get_user_model().objects.create_superuser("root", password=PASSWORD)
    page, console = watched
    log_in(page, "root")
    visit_all(
        page,
        console,
        [
            "/admin/",
            "/admin/claims/source/",
            "/admin/claims/source/load/",
            f"/admin/claims/source/{sample.source.pk}/change/",
            f"/admin/claims/claim/{sample.claims.troops.pk}/change/",
            "/admin/claims/place/",
            "/admin/auth/user/",
            "/admin/auth/user/add/",
        ],
    )
