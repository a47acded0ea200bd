"""Models trained once per test session on the shipped seed corpus, registered per test."""

import pytest

from danvan.insight import corpus, engine, services
from danvan.insight.models import ModelVersion, Task


@pytest.fixture(scope="session")
def model_files(tmp_path_factory):
    import joblib

    folder = tmp_path_factory.mktemp("models")
    rows = corpus.seed_cases()
    texts = [r["text"] for r in rows]
    for task, labels, binary in (
        (Task.FIELD, [r["field"] for r in rows], False),
        (Task.URGENT, [str(int(r["urgent"])) for r in rows], True),
        (Task.ANGRY, [str(int(r["angry"])) for r in rows], True),
    ):
        joblib.dump(engine.build_pipeline(binary=binary).fit(texts, labels), folder / f"{task}-v1.joblib")
    return folder


@pytest.fixture
def trained(model_files, settings, db):
    """The field, urgency and anger models, active (no cross-validation: the registry tests do that)."""
    settings.INSIGHT_MODEL_DIR = model_files
    services._LOADED.clear()
    for task in (Task.FIELD, Task.URGENT, Task.ANGRY):
        ModelVersion.objects.create(
            task=task, version=1, file=f"{task}-v1.joblib", data_hash="seed", samples=len(corpus.seed_cases()),
            is_active=True,
        )  # fmt: skip
    yield
    services._LOADED.clear()
