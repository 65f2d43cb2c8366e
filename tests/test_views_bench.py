import pytest

pytestmark = pytest.mark.urls("bench.urls")


def test_it_answers_the_floor_without_touching_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/bench/floor")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"floor\n"


def test_it_refuses_to_write_on_the_floor(client):
    assert client.post("/bench/floor").status_code == 405
