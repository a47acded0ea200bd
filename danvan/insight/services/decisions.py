"""Officers' decisions on what the models said about a case: the field and the urgency flag.

Each decision becomes a training example for the next model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.cases import services as case_services
from danvan.cases.models import Case
from danvan.cases.workflow import Event

from .. import rules
from ..models import CaseInsight, Decision

if TYPE_CHECKING:
    from danvan.accounts.models import User
    from danvan.cases.models import Field


def field_decide(*, case: Case, field: Field | None, acting_user: User) -> CaseInsight:
    """The officer confirms the case's field (the suggestion, or another): the case takes it, the log
    records it, and the case becomes a training example for the next model."""
    rules.require("insight.decide_case", acting_user, case)
    if field is None or not field.is_active:
        raise ValidationError({"field": _("Chọn lĩnh vực.")})
    insight, _created = CaseInsight.objects.get_or_create(case=case)
    accepted = insight.suggested_field_id == field.pk
    with transaction.atomic():
        case_services.case_record(
            case=case, event=Event.NOTE, acting_user=acting_user,
            note=_("Xác nhận lĩnh vực: %(field)s") % {"field": field.name},
            data={"field": field.code, "suggested": insight.suggested_field.code if insight.suggested_field else None},
        )  # fmt: skip
        Case.objects.filter(pk=case.pk).update(field=field)
        CaseInsight.objects.filter(pk=insight.pk).update(
            decision=Decision.ACCEPTED if accepted else Decision.CORRECTED, decided_field=field, decided_by=acting_user,
            decided_at=timezone.now(),
        )  # fmt: skip
    case.field = field
    insight.refresh_from_db()
    return insight


def flag_decide(*, case: Case, urgent: bool, acting_user: User) -> CaseInsight:
    """The officer says whether the case really needs looking at first; the answer trains the next model."""
    rules.require("insight.decide_case", acting_user, case)
    insight, _created = CaseInsight.objects.get_or_create(case=case)
    CaseInsight.objects.filter(pk=insight.pk).update(
        urgent_label=bool(urgent), flagged=bool(urgent), flag_cleared_by=None if urgent else acting_user
    )
    insight.refresh_from_db()
    return insight
