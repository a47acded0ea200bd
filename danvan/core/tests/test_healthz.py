import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db.utils import OperationalError

ROOT = Path(__file__).resolve().parents[3]
MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_it_reports_a_reachable_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "static": "ok"}


def test_it_reports_an_unreachable_database_as_503(client, db):
    # The real failure (a stopped server) cannot be staged inside a test transaction;
    # make the cursor raise what the driver raises when the server is gone.
    with mock.patch("danvan.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_an_empty_database_is_unhealthy(tmp_path):
    # A fresh process on a database file nobody migrated (SQLite creates it empty on connecting).
    script = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz', HTTP_HOST='localhost'); print(r.status_code, json.dumps(r.json()))"
    )
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "danvan.settings.test"}  # fmt: skip
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503", result.stderr
    assert json.loads(body)["database"] == "OperationalError"


@pytest.fixture
def manifest_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    return settings.STATIC_ROOT


def test_without_collectstatic_it_is_unhealthy(client, db, manifest_storage):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "static": "manifest missing"}


def test_collectstatic_works_under_the_production_storage_and_then_it_is_healthy(client, db, manifest_storage):
    # The vendored Chart.js once named a source map that was not shipped: collectstatic failed outright.
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((manifest_storage / "staticfiles.json").read_text())
    assert "vendor/chartjs-4.6.1/chart.umd.min.js" in manifest["paths"]
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "static": "ok"}
    # A file shipped after the last collectstatic would answer 500 on every page linking it.
    del manifest["paths"]["core/danvan.js"]
    (manifest_storage / "staticfiles.json").write_text(json.dumps(manifest))
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["static"] == "1 files not collected"
