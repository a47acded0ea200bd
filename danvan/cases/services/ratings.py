"""The citizen's rating of an answer, given on the status page or written down by an officer."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.text import xml_safe

from .. import rules as permissions
from ..choices import RatingPlace, RatingSource
from ..models import CaseRating
from ..selectors import RATING_DAYS, answer_of, rating_open
from ..validators import case_day_errors

if TYPE_CHECKING:
    from danvan.accounts.models import User

    from ..models import Case


@transaction.atomic
def case_rate(
    *, case: Case, timeliness: int, attitude: int, result: int, comment: str = "", acting_user: User | None = None,
    taken_at: str = "", given_on: datetime.date | None = None,
) -> CaseRating:  # fmt: skip
    """Record the rating (1–5 on timeliness, attitude, result) for the handling unit and the cadre who answered.

    From the status page (``acting_user`` None) within 30 days of the answer; or written down by an officer
    (``cases.rate_in_person``) with where the citizen gave it (``taken_at``) and the day (``given_on``).
    """

    if acting_user is not None:
        permissions.require("cases.rate_in_person", acting_user, case)
    errors: dict[str, str] = {}
    for name, value in (("timeliness", timeliness), ("attitude", attitude), ("result", result)):
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = _("Chọn từ 1 đến 5 sao.")
    answer = answer_of(case)
    staff = acting_user is not None
    source = RatingSource.STAFF if staff else RatingSource.CITIZEN
    if answer is None:
        errors["case"] = _("Vụ việc chưa có trả lời để đánh giá.")
    elif CaseRating.objects.filter(case=case, source=source).exists():
        # One of each: a rating written down by staff never takes the citizen's own chance to rate.
        errors["case"] = _("Đã có đánh giá do cán bộ ghi lại.") if staff else _("Vụ việc đã được đánh giá.")
    elif not staff and not rating_open(case):
        errors["case"] = _("Đã quá %(n)d ngày kể từ khi có trả lời.") % {"n": RATING_DAYS}
    if staff:
        if taken_at not in RatingPlace.values:
            errors["taken_at"] = _("Chọn người dân đánh giá ở đâu, bằng cách nào.")
        if given_on is None:
            errors["given_on"] = _("Ghi ngày người dân đánh giá.")
        else:
            errors.update(case_day_errors(given_on, "given_on"))
            if "given_on" not in errors and answer is not None and given_on < answer.day:
                errors["given_on"] = _("Ngày đánh giá không được trước ngày trả lời (%(d)s).") % {
                    "d": f"{answer.day:%d/%m/%Y}"
                }
    if errors or answer is None:  # no answer is an error already
        raise ValidationError(errors)
    return CaseRating.objects.create(
        case=case, unit=case.unit, handler_id=case.handler_id or answer.actor_id, timeliness=timeliness,
        attitude=attitude, result=result, comment=xml_safe(comment or "").strip()[:2000], source=source,
        recorded_by=acting_user,
        taken_at=taken_at if staff else "", given_on=given_on if staff else None,
    )  # fmt: skip
