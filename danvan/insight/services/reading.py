"""Reading a case with the active models when it arrives: the field suggestion, urgency and anger flags."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from danvan.cases.models import Field

from .. import engine
from ..models import CaseInsight, Decision, ModelVersion, Task
from .duplicates import find_duplicates_of
from .training import active_model

if TYPE_CHECKING:
    from danvan.cases.models import Case

log = logging.getLogger(__name__)
FLAG_AT = 0.5  # probability from which a text is put in front of a human
# Words that carry no reason on their own, left out of the explanations shown.
_STOP = {"ra", "mới", "của", "và", "có", "là", "được", "cho", "đã", "các", "những", "này", "thì", "mà", "ở", "với",
         "không", "rồi", "nữa", "đến", "từ", "trong", "một", "người", "tôi", "nhà", "xin", "đề nghị", "ạ"}  # fmt: skip


def reasons(pipeline: Any, item: str, label: str, k: int = 5) -> list[str]:
    """The words of ``item`` that weigh most for ``label``, without the words that carry no reason."""
    return [w for w in engine.explain(pipeline, item, label, k=k + 4) if w not in _STOP][:k]


def suggest_field(content: str | None) -> dict[str, Any] | None:
    """The field the text is most likely about: ``{"field", "confidence", "reasons", "alternatives",
    "version"}`` (codes), or None when no model is trained."""
    version, pipeline = active_model(Task.FIELD)
    if version is None or pipeline is None or not content or not content.strip():  # the two are None together
        return None
    probabilities = engine.predict(pipeline, [content])[0]
    classes = [str(c) for c in pipeline.classes_]
    order = probabilities.argsort()[::-1]
    best = classes[order[0]]
    return {
        "field": best,
        "confidence": float(probabilities[order[0]]),
        "reasons": reasons(pipeline, content, best),
        "alternatives": [(classes[i], round(float(probabilities[i]), 3)) for i in order[1:3]],
        "version": version.version,
    }


def read_signal(task: str, content: str | None) -> tuple[float, list[str], int | None]:
    """``(probability, words behind it, version)`` for a binary task, or ``(0, [], None)`` untrained."""
    version, pipeline = active_model(task)
    if version is None or pipeline is None or not content or not content.strip():  # the two are None together
        return 0.0, [], None
    probability = float(engine.predict(pipeline, [content])[0][list(pipeline.classes_).index("1")])
    words = reasons(pipeline, content, "1", k=4) if probability >= FLAG_AT else []
    return probability, words, version.version


def analyse_case(case: Case) -> CaseInsight | None:
    """Read a case with the active models and store what they said (``CaseInsight``).

    A case an officer entered with a field already chosen counts as that officer's decision (a
    training example), accepted or corrected against the suggestion.
    """
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


def on_case_received(sender: object, case: Case, **kwargs: object) -> None:
    """Read each new case once it is committed. With a broker (production) a worker does it, so the
    citizen's request does not wait; without one (embedded mode, tests) it is done here. A failure
    never loses the submission."""
    if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        from ..tasks import read_case  # import cycle: the tasks call these services

        read_case.delay(case.pk)
        return
    read_case_now(case)


def read_case_now(case: Case) -> None:
    try:
        analyse_case(case)
    except Exception:  # noqa: BLE001 - the case is saved; its reading can be redone by `analyse_cases`
        log.exception("could not analyse case %s", case.pk)
    try:
        with transaction.atomic():
            find_duplicates_of(case)
    except Exception:  # noqa: BLE001 - the weekly sweep (`find_duplicates`) catches up
        log.exception("could not look for duplicates of case %s", case.pk)
