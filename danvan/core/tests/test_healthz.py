from unittest import mock

from django.db.utils import OperationalError


def test_it_reports_a_reachable_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_it_reports_an_unreachable_database_as_503(client, db):
    # The real failure (a stopped server) cannot be staged inside a test transaction;
    # make the cursor raise what the driver raises when the server is gone.
    with mock.patch("danvan.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
