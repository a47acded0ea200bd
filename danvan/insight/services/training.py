"""Training the text models and keeping their registry.

Models are files under ``settings.INSIGHT_MODEL_DIR`` (``<task>-v<n>.joblib``) with a
``ModelVersion`` row each: the hash of the data they learned from, their cross-validated quality,
the date. One version per task is active; ``active_model`` loads it once per process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import joblib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.cases.models import Field
from danvan.core.jobs import job_start
from danvan.units.models import Unit

from .. import corpus, engine, rules
from ..models import CaseInsight, Decision, ModelVersion, Task

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.core.models import Job

log = logging.getLogger(__name__)
BINARY = {Task.URGENT, Task.ANGRY, Task.CONSTRUCTIVE, Task.TOXIC}


def model_dir() -> Path:
    path = Path(settings.INSIGHT_MODEL_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def training_data(task: str) -> tuple[list[str], list[str], dict[str, int]]:
    """``(texts, labels, sources)`` for ``task``: the seed corpus plus what officers decided."""
    texts: list[str] = []
    labels: list[str] = []
    sources: dict[str, int] = {}

    def add(source: str, text: str, label: object) -> None:
        texts.append(text)
        labels.append(str(label))
        sources[source] = sources.get(source, 0) + 1

    if task == Task.FIELD:
        active = set(Field.objects.filter(is_active=True).values_list("code", flat=True))
        for row in corpus.seed_cases():
            if row["field"] in active:
                add("seed", row["text"], row["field"])
        decided = (
            CaseInsight.objects.exclude(decision=Decision.PENDING)
            .filter(decided_field__is_active=True)
            .order_by("pk")
            .values_list("case__content", "decided_field__code")
        )
        for content, code in decided.iterator():
            add("cases", content, code)
    elif task in (Task.URGENT, Task.ANGRY):
        key = "urgent" if task == Task.URGENT else "angry"
        for row in corpus.seed_cases():
            add("seed", row["text"], int(row[key]))
        if task == Task.URGENT:
            for content, label in (
                CaseInsight.objects.filter(urgent_label__isnull=False).order_by("pk").values_list("case__content",
                                                                                                 "urgent_label")
            ):  # fmt: skip
                add("cases", content, int(cast(bool, label)))  # never None: filtered above
    else:
        key = "constructive" if task == Task.CONSTRUCTIVE else "toxic"
        for row in corpus.seed_comments():
            add("seed", row["text"], int(row[key]))
    return texts, labels, sources


def train_task(
    task: str, *, acting_user: User | None = None, progress: Callable[..., object] | None = None
) -> ModelVersion:
    """Train ``task`` on its current data, save the file, register it as the active version.

    With an ``acting_user`` (a person asked for it), they must hold ``insight.train_models``; the scheduled
    and command-line runs pass none.
    """
    if acting_user is not None:
        rules.require("insight.train_models", acting_user)
    texts, labels, sources = training_data(task)
    trained = engine.train(texts, labels, binary=task in BINARY, progress=progress)
    with transaction.atomic():
        latest = ModelVersion.objects.select_for_update().filter(task=task).order_by("-version").first()
        version = (latest.version if latest else 0) + 1
        name = f"{task}-v{version}.joblib"
        joblib.dump(trained.pipeline, model_dir() / name, compress=3)
        ModelVersion.objects.filter(task=task, is_active=True).update(is_active=False)
        made = ModelVersion.objects.create(
            task=task, version=version, file=name, data_hash=trained.data_hash, samples=trained.samples,
            labels=trained.labels, metrics=trained.metrics, sources=sources, seconds=round(trained.seconds, 2),
            trained_by=acting_user, is_active=True,
        )  # fmt: skip
    _LOADED.clear()
    return made


def train_all(
    *,
    acting_user: User | None = None,
    progress: Callable[..., object] | None = None,
    tasks: Iterable[str] | None = None,
) -> list[ModelVersion]:
    if acting_user is not None:
        rules.require("insight.train_models", acting_user)
    tasks = list(tasks or Task.values)
    made = []
    for n, task in enumerate(tasks):
        if progress:
            progress(n, len(tasks), str(Task(task).label))
        made.append(train_task(task, acting_user=acting_user))
    if progress:
        progress(len(tasks), len(tasks), _("xong"))
    return made


def training_start(*, acting_user: User, tasks: Iterable[str] = ()) -> Job:
    """Start training ``tasks`` (every task when none is named) as a background job with a progress bar."""
    rules.require("insight.train_models", acting_user)
    chosen = [t for t in tasks if t in Task.values] or list(Task.values)
    return job_start(
        kind="insight.train", title=_("Huấn luyện mô hình phân tích văn bản"),
        unit=Unit.objects.filter(depth=1).first(), acting_user=acting_user, params={"tasks": chosen},
    )  # fmt: skip


def model_activate(version: ModelVersion, *, acting_user: User) -> None:
    """Go back to (or forward to) a trained version."""
    rules.require("insight.train_models", acting_user)
    if not (model_dir() / version.file).exists():
        raise ValidationError(_("Tệp của mô hình này không còn trên máy chủ; hãy huấn luyện lại."))
    with transaction.atomic():
        ModelVersion.objects.filter(task=version.task, is_active=True).update(is_active=False)
        ModelVersion.objects.filter(pk=version.pk).update(is_active=True)
    _LOADED.clear()


_LOADED: dict[int, tuple[str, Any]] = {}  # version pk -> (task, pipeline): one version per task stays loaded


def active_model(task: str) -> tuple[ModelVersion | None, Any]:
    """``(ModelVersion, pipeline)`` of the active version of ``task``, or ``(None, None)``."""
    version = ModelVersion.objects.filter(task=task, is_active=True).first()
    if version is None:
        return None, None
    pipeline = _LOADED.get(version.pk)
    if pipeline is None:
        path = model_dir() / version.file
        if not path.exists():
            log.warning("model file missing: %s", path)
            return None, None
        # The file was written by train_task on this server; it is never uploaded.
        pipeline = joblib.load(path)  # nosec B301
        for stale in [pk for pk, (task_of, _p) in _LOADED.items() if task_of == task]:
            del _LOADED[stale]  # one version per task stays loaded
        _LOADED[version.pk] = (task, pipeline)
    else:
        pipeline = pipeline[1]
    return version, pipeline
