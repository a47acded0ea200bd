import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
STRONG_KEY = "k" * 50


def import_production(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DANVAN_IDENTITY_KEYS"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import danvan.settings.production"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_the_default_secret():
    result = import_production()
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_refuses_debug_on():
    result = import_production(SECRET_KEY=STRONG_KEY, DEBUG="1", DANVAN_IDENTITY_KEYS=IDENTITY_KEY)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


IDENTITY_KEY = "Qk9Pa0VZUzFfZm9yX3Rlc3RzX29ubHlfMzJieXRlcyE="


def test_it_refuses_to_start_without_identity_keys():
    result = import_production(SECRET_KEY=STRONG_KEY, DEBUG="0")
    assert result.returncode != 0
    assert "DANVAN_IDENTITY_KEYS" in result.stderr


def test_it_starts_with_a_real_secret_identity_keys_and_debug_off():
    result = import_production(SECRET_KEY=STRONG_KEY, DEBUG="0", DANVAN_IDENTITY_KEYS=IDENTITY_KEY)
    assert result.returncode == 0, result.stderr
