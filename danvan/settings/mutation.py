"""Settings for the mutation runs (``scripts/mutate.py``): the test settings with the test database in a
file under ``var/``, kept between runs (``--reuse-db``), so that each mutant's run skips the migrations."""

from .test import *  # noqa: F403

DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "mutation-test.sqlite3")}  # noqa: F405
