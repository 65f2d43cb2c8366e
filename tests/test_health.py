from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_it_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_it_answers_503_when_the_database_does_not(client):
    with mock.patch(
        "claims.views.health.connection.cursor",
        side_effect=OperationalError(
            'connection to server at "db.internal" (10.0.0.5), port 5432 failed'
        ),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert b"db.internal" not in response.content
    assert response["Cache-Control"].startswith("max-age=0")
