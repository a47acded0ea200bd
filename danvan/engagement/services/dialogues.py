"""Dialogues between the heads of a Party committee or a government and the people: the dialogue recorded and
corrected, the questions raised there with the answers given, and its publication on the public page."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danvan.cases.choices import CaseKind
from danvan.cases.models import Case
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from .. import rules as permissions
from ..choices import Level
from ..models import Dialogue, Question
from ..validators import dialogue_errors, text_errors

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.cadres.models import Cadre


def level_of(unit: Unit) -> str:
    """The level a dialogue of ``unit`` is held at: the province's, or the commune's."""
    return Level.PROVINCE if unit.kind == UnitKind.PROVINCE else Level.COMMUNE


def _participants(participants: dict[str, Any] | None) -> dict[str, Any]:
    """The counts as given (the validators refuse what is not a whole number), the groups with nobody left out."""
    return {code: n for code, n in (participants or {}).items() if not (isinstance(n, int) and n == 0)}


def dialogue_record(
    *, acting_user: User, unit: Unit, date: datetime.date, chair: Cadre, chair_role: str, topic: str,
    location: str, participants: dict[str, Any], summary: str = "",
) -> Dialogue:  # fmt: skip
    """Record a dialogue held at ``unit`` (a commune or a province); its level follows from the unit."""
    permissions.require("engagement.record_dialogue", acting_user, unit)
    errors = dialogue_errors(
        unit=unit, date=date, chair=chair, chair_role=chair_role, topic=topic, location=location,
        participants=participants,
    )  # fmt: skip
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        dialogue = Dialogue(
            unit=unit, level=level_of(unit), date=date, chair=chair, chair_role=chair_role, topic=topic.strip(),
            location=location.strip(), participants=_participants(participants), summary=(summary or "").strip(),
            created_by=acting_user,
        )  # fmt: skip
        dialogue._change_reason = _("Ghi buổi đối thoại")  # type: ignore[attr-defined]
        dialogue.save()
    return dialogue


def dialogue_update(
    *, acting_user: User, dialogue: Dialogue, date: datetime.date | None = None, chair: Cadre | None = None,
    chair_role: str | None = None, topic: str | None = None, location: str | None = None,
    participants: dict[str, Any] | None = None, summary: str | None = None,
) -> Dialogue:  # fmt: skip
    """Correct a dialogue: each field given replaces the one recorded."""
    permissions.require("engagement.change_dialogue", acting_user, dialogue)
    values: dict[str, Any] = {
        "date": dialogue.date if date is None else date,
        "chair": dialogue.chair if chair is None else chair,
        "chair_role": dialogue.chair_role if chair_role is None else chair_role,
        "topic": dialogue.topic if topic is None else topic,
        "location": dialogue.location if location is None else location,
        "participants": dialogue.participants if participants is None else participants,
    }
    errors = dialogue_errors(unit=dialogue.unit, **values)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        dialogue.date, dialogue.chair, dialogue.chair_role = values["date"], values["chair"], values["chair_role"]
        dialogue.topic, dialogue.location = values["topic"].strip(), values["location"].strip()
        dialogue.participants = _participants(values["participants"])
        if summary is not None:
            dialogue.summary = summary.strip()
        dialogue._change_reason = _("Sửa buổi đối thoại")  # type: ignore[attr-defined]
        dialogue.save()
    return dialogue


def question_save(
    *, acting_user: User, dialogue: Dialogue, content: str, asker: str = "", asker_public: bool = False,
    village: Unit | None = None, answer: str = "", answered_by: str = "", case: Case | None = None,
    question: Question | None = None,
) -> Question:  # fmt: skip
    """Write a question raised at ``dialogue`` and the answer given (a new one, or ``question`` corrected).

    ``village`` is where the asker lives (a village of the dialogue's area); ``case`` a case the question is
    about, one the acting user sees. The asker's name reaches the public page only with ``asker_public``.
    """
    permissions.require("engagement.change_dialogue", acting_user, dialogue)
    errors = text_errors(content, "content", _("Nhập nội dung ý kiến."))
    if question is not None and question.dialogue_id != dialogue.pk:
        errors["question"] = _("Ý kiến này không thuộc buổi đối thoại.")
    if village is not None and (village.kind != UnitKind.VILLAGE or not village.path.startswith(dialogue.unit.path)):
        errors["village"] = _("Chọn thôn, tổ dân phố thuộc địa bàn của buổi đối thoại.")
    if case is not None and not Case.objects.for_user(acting_user).filter(pk=case.pk).exists():
        errors["case"] = _("Không tìm thấy vụ việc này trong phạm vi của bạn.")
    elif case is not None and case.kind == CaseKind.DENUNCIATION:
        # A denunciation's case beside the name of who raised the question would tell who denounced.
        errors["case"] = _(
            "Không gắn ý kiến tại đối thoại với một tố cáo: danh tính người tố cáo phải được giữ bí mật."
        )
    if str(answered_by or "").strip() and not str(answer or "").strip():
        errors["answer"] = _("Ghi nội dung trả lời.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if question is None:
            Dialogue.objects.select_for_update().filter(pk=dialogue.pk).first()  # one numbering at a time
            top = Question.objects.filter(dialogue=dialogue).aggregate(top=Max("order"))["top"]
            question = Question(dialogue=dialogue, order=(top or 0) + 1)
            reason = _("Ghi ý kiến tại đối thoại")
        else:
            reason = _("Sửa ý kiến tại đối thoại")
        question.content, question.asker = content.strip(), " ".join((asker or "").split())
        question.asker_public = bool(asker_public) and bool(question.asker)
        question.village, question.case = village, case
        question.answer, question.answered_by = (answer or "").strip(), " ".join((answered_by or "").split())
        question._change_reason = reason  # type: ignore[attr-defined]
        question.save()
    return question


def dialogue_publish(*, acting_user: User, dialogue: Dialogue, published: bool) -> Dialogue:
    """Show the dialogue on its public page (or take it down): its questions, answers and commitments."""
    permissions.require("engagement.publish_dialogue", acting_user, dialogue)
    with transaction.atomic():
        dialogue.is_published = bool(published)
        dialogue._change_reason = (  # type: ignore[attr-defined]
            _("Công bố công khai") if dialogue.is_published else _("Thôi công bố")
        )
        dialogue.save()
    return dialogue
