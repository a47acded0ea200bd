"""Training, the model registry, and reading cases: field suggestion, urgency and anger flags.

Models are files under ``settings.INSIGHT_MODEL_DIR`` (``<task>-v<n>.joblib``) with a
``ModelVersion`` row each: the hash of the data they learned from, their cross-validated quality,
the date. One version per task is active; a case is read by the active ones when it arrives.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import scoping

from . import corpus, engine
from .models import CaseInsight, Decision, ModelVersion, Task

log = logging.getLogger(__name__)
BINARY = {Task.URGENT, Task.ANGRY, Task.CONSTRUCTIVE, Task.TOXIC}
FLAG_AT = 0.5  # probability from which a text is put in front of a human
# Words that carry no reason on their own, left out of the explanations shown.
_STOP = {"ra", "mới", "của", "và", "có", "là", "được", "cho", "đã", "các", "những", "này", "thì", "mà", "ở", "với",
         "không", "rồi", "nữa", "đến", "từ", "trong", "một", "người", "tôi", "nhà", "xin", "đề nghị", "ạ"}  # fmt: skip


def model_dir():
    path = Path(settings.INSIGHT_MODEL_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


# --- training data --------------------------------------------------------------------------


def training_data(task):
    """``(texts, labels, sources)`` for ``task``: the seed corpus plus what officers decided."""
    from danvan.cases.models import Field

    texts, labels, sources = [], [], {}

    def add(source, text, label):
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
                add("cases", content, int(label))
    else:
        key = "constructive" if task == Task.CONSTRUCTIVE else "toxic"
        for row in corpus.seed_comments():
            add("seed", row["text"], int(row[key]))
    return texts, labels, sources


# --- registry -------------------------------------------------------------------------------


def train_task(task, *, user=None, progress=None):
    """Train ``task`` on its current data, save the file, register it as the active version."""
    import joblib

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
            trained_by=user, is_active=True,
        )  # fmt: skip
    _LOADED.clear()
    return made


def train_all(*, user=None, progress=None, tasks=None):
    tasks = list(tasks or Task.values)
    made = []
    for n, task in enumerate(tasks):
        if progress:
            progress(n, len(tasks), str(Task(task).label))
        made.append(train_task(task, user=user))
    if progress:
        progress(len(tasks), len(tasks), _("xong"))
    return made


def may_train(user):
    """Models serve the whole deployment: national administrators train and switch them."""
    from danvan.units.models import Unit

    root = Unit.objects.filter(depth=1).first()
    return bool(user.is_superuser or (root and scoping.path_in_scope(user, root.path, scoping.MANAGE_USERS)))


def model_activate(version, *, user):
    """Go back to (or forward to) a trained version."""
    if not may_train(user):
        raise PermissionDenied
    if not (model_dir() / version.file).exists():
        raise ValidationError(_("Tệp của mô hình này không còn trên máy chủ; hãy huấn luyện lại."))
    with transaction.atomic():
        ModelVersion.objects.filter(task=version.task, is_active=True).update(is_active=False)
        ModelVersion.objects.filter(pk=version.pk).update(is_active=True)
    _LOADED.clear()


_LOADED = {}


def active_model(task):
    """``(ModelVersion, pipeline)`` of the active version of ``task``, or ``(None, None)``."""
    import joblib

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


# --- reading a text -------------------------------------------------------------------------


def _reasons(pipeline, item, label, k=5):
    return [w for w in engine.explain(pipeline, item, label, k=k + 4) if w not in _STOP][:k]


def suggest_field(content):
    """The field the text is most likely about: ``{"field", "confidence", "reasons", "alternatives",
    "version"}`` (codes), or None when no model is trained."""
    version, pipeline = active_model(Task.FIELD)
    if pipeline is None or not (content or "").strip():
        return None
    probabilities = engine.predict(pipeline, [content])[0]
    classes = [str(c) for c in pipeline.classes_]
    order = probabilities.argsort()[::-1]
    best = classes[order[0]]
    return {
        "field": best,
        "confidence": float(probabilities[order[0]]),
        "reasons": _reasons(pipeline, content, best),
        "alternatives": [(classes[i], round(float(probabilities[i]), 3)) for i in order[1:3]],
        "version": version.version,
    }


def read_signal(task, content):
    """``(probability, words behind it, version)`` for a binary task, or ``(0, [], None)`` untrained."""
    version, pipeline = active_model(task)
    if pipeline is None or not (content or "").strip():
        return 0.0, [], None
    probability = float(engine.predict(pipeline, [content])[0][list(pipeline.classes_).index("1")])
    words = _reasons(pipeline, content, "1", k=4) if probability >= FLAG_AT else []
    return probability, words, version.version


def analyse_case(case):
    """Read a case with the active models and store what they said (``CaseInsight``).

    A case an officer entered with a field already chosen counts as that officer's decision (a
    training example), accepted or corrected against the suggestion.
    """
    from danvan.cases.models import Field

    if not ModelVersion.objects.filter(is_active=True, task__in=[Task.FIELD, Task.URGENT, Task.ANGRY]).exists():
        return None  # nothing trained yet: the case is read after the first training (`analyse_cases`)
    suggestion = suggest_field(case.content)
    urgent, urgent_words, urgent_version = read_signal(Task.URGENT, case.content)
    angry, angry_words, angry_version = read_signal(Task.ANGRY, case.content)
    fields = {f.code: f for f in Field.objects.all()}
    values = {
        "urgent": urgent, "angry": angry, "signals": list(dict.fromkeys(urgent_words + angry_words))[:6],
        "flagged": urgent >= FLAG_AT or angry >= FLAG_AT,
        "model_versions": {Task.FIELD.value: suggestion and suggestion["version"], Task.URGENT.value: urgent_version,
                           Task.ANGRY.value: angry_version},
    }  # fmt: skip
    if suggestion is not None:
        values.update(
            suggested_field=fields.get(suggestion["field"]), confidence=suggestion["confidence"],
            reasons=suggestion["reasons"], alternatives=suggestion["alternatives"],
        )  # fmt: skip
    if case.entered_by_id and case.field_id:
        accepted = suggestion is not None and fields.get(suggestion["field"]) == case.field
        values.update(
            decision=Decision.ACCEPTED if accepted else Decision.CORRECTED, decided_field_id=case.field_id,
            decided_by_id=case.entered_by_id, decided_at=timezone.now(),
        )  # fmt: skip
    insight, _created = CaseInsight.objects.update_or_create(case=case, defaults=values)
    return insight


def on_case_received(sender, case, **kwargs):
    """Read each new case once it is committed; a failure here never loses the submission."""
    try:
        analyse_case(case)
    except Exception:  # noqa: BLE001 - the case is saved; its reading can be redone by `analyse_cases`
        log.exception("could not analyse case %s", case.pk)


# --- officers' decisions --------------------------------------------------------------------


def field_decide(*, case, field, user):
    """The officer confirms the case's field (the suggestion, or another): the case takes it, the log
    records it, and the case becomes a training example for the next model."""
    from danvan.cases import services as case_services
    from danvan.cases.models import Case
    from danvan.cases.workflow import Event

    if not scoping.path_in_scope(user, case.unit.path, scoping.MANAGE):
        raise PermissionDenied
    if field is None or not field.is_active:
        raise ValidationError({"field": _("Chọn lĩnh vực.")})
    insight, _created = CaseInsight.objects.get_or_create(case=case)
    accepted = insight.suggested_field_id == field.pk
    with transaction.atomic():
        case_services.case_record(
            case=case, event=Event.NOTE, actor=user,
            note=_("Xác nhận lĩnh vực: %(field)s") % {"field": field.name},
            data={"field": field.code, "suggested": insight.suggested_field.code if insight.suggested_field else None},
        )  # fmt: skip
        Case.objects.filter(pk=case.pk).update(field=field)
        CaseInsight.objects.filter(pk=insight.pk).update(
            decision=Decision.ACCEPTED if accepted else Decision.CORRECTED, decided_field=field, decided_by=user,
            decided_at=timezone.now(),
        )  # fmt: skip
    case.field = field
    insight.refresh_from_db()
    return insight


def flag_decide(*, case, urgent, user):
    """The officer says whether the case really needs looking at first; the answer trains the next model."""
    if not scoping.path_in_scope(user, case.unit.path, scoping.MANAGE):
        raise PermissionDenied
    insight, _created = CaseInsight.objects.get_or_create(case=case)
    CaseInsight.objects.filter(pk=insight.pk).update(
        urgent_label=bool(urgent), flagged=bool(urgent), flag_cleared_by=None if urgent else user
    )
    insight.refresh_from_db()
    return insight
