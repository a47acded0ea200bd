"""Commitments made to citizens (at a dialogue, a reception, on a cadre's field day) and their tracking: made,
progress reported with evidence, closed as kept or not kept with a reason.

A commitment with sub-commitments takes its progress from them (``rollup``): every change of a child
recomputes the chain of its parents, in the same transaction. A field day's issue heard can also become a
case (module ``cases``), in one step.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.cases import services as case_services
from danvan.cases.choices import CaseKind, Channel
from danvan.cases.models import Case
from danvan.cases.services.files import attachment_kind, attachments_check

from .. import rules as permissions
from ..choices import CommitmentStatus, Source
from ..models import Commitment, Evidence, Question, Reception
from ..rollup import FULL, roll_up
from ..validators import (
    due_errors,
    official_errors,
    parent_errors,
    progress_errors,
    text_errors,
    weight_errors,
)

if TYPE_CHECKING:
    from django.core.files import File

    from danvan.accounts.models import User
    from danvan.cadres.models import Cadre, FieldDay
    from danvan.units.models import Unit

OPEN = (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)
FIELD_DAY_SUBMITTER = "engagement:ngay-co-so"


def _source_errors(
    user: User, source: str, question: Question | None, reception: Reception | None, field_day: FieldDay | None
) -> dict[str, str]:
    """Where the promise was made, and the record it was made at (one the acting user sees)."""
    if source not in Source.values:
        return {"source": _("Chọn nơi hứa.")}
    expected = {Source.DIALOGUE: question, Source.RECEPTION: reception, Source.FIELD_DAY: field_day}
    given = [record for record in (question, reception, field_day) if record is not None]
    if len(given) > 1 or (given and expected.get(Source(source)) is not given[0]):
        return {"source": _("Nơi hứa không khớp với buổi đối thoại, lượt tiếp hay ngày công tác đã chọn.")}
    if question is not None and not Question.objects.for_user(user).filter(pk=question.pk).exists():
        return {"question": _("Không tìm thấy ý kiến này trong phạm vi của bạn.")}
    if reception is not None and not Reception.objects.for_user(user).filter(pk=reception.pk).exists():
        return {"reception": _("Không tìm thấy lượt tiếp này trong phạm vi của bạn.")}
    return {}


def _roll_up_from(parent: Commitment | None) -> None:
    """Recompute the progress of ``parent`` and of every commitment above it from their children. A closed
    commitment keeps the progress it was closed with (kept is 100; not kept stays where it stopped), and so do
    those above it."""
    node = parent
    while node is not None:
        locked = Commitment.objects.select_for_update().get(pk=node.pk)
        if not locked.is_open:
            break
        progress = roll_up(locked.children.values_list("status", "progress", "weight"))
        if progress is not None and progress != locked.progress:
            locked.progress = progress
            if locked.is_open:
                locked.status = CommitmentStatus.IN_PROGRESS if progress > 0 else CommitmentStatus.OPEN
            locked._change_reason = _("Tiến độ tính lại từ các cam kết con")  # type: ignore[attr-defined]
            locked.save()
        node.progress, node.status = locked.progress, locked.status
        node = locked.parent


def commitment_make(
    *, acting_user: User, unit: Unit, content: str, due_on: datetime.date, owner: Cadre | None = None,
    parent: Commitment | None = None, weight: int = 1, source: str, question: Question | None = None,
    reception: Reception | None = None, field_day: FieldDay | None = None, made_on: datetime.date | None = None,
) -> Commitment:  # fmt: skip
    """Make a commitment owned by ``unit`` (and ``owner``, a cadre of it or above), due on ``due_on``.

    ``parent`` makes it a sub-commitment: of the parent's unit or a unit below, still open; its ``weight``
    is its share in the parent's progress, which is recomputed at once.
    """
    permissions.require("engagement.make_commitment", acting_user, unit)
    if parent is not None and question is None and reception is None and field_day is None:
        # A part of a promise was made where the promise was: the public page of its dialogue shows it too.
        question, reception, field_day = parent.question, parent.reception, parent.field_day
    if field_day is not None:
        permissions.require("engagement.promise_from_field_day", acting_user, field_day)
    made_on = made_on or timezone.localdate()
    errors = {
        **text_errors(content, "content", _("Nhập nội dung cam kết.")),
        **due_errors(made_on, due_on),
        **weight_errors(weight),
        **_source_errors(acting_user, source, question, reception, field_day),
        **(official_errors(owner, unit, "owner") if owner is not None else {}),
        **parent_errors(None, parent),
    }
    if parent is not None and "parent" not in errors:
        if not unit.path.startswith(parent.unit.path):
            errors["parent"] = _("Cam kết con phải thuộc đơn vị của cam kết lớn hoặc đơn vị cấp dưới.")
        elif not parent.is_open:
            errors["parent"] = _("Cam kết lớn đã đóng, không thêm cam kết con.")
        elif not Commitment.objects.for_user(acting_user).filter(pk=parent.pk).exists():
            errors["parent"] = _("Không tìm thấy cam kết này trong phạm vi của bạn.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        commitment = Commitment(
            unit=unit, owner=owner, content=content.strip(), due_on=due_on, parent=parent, weight=weight,
            source=source, question=question, reception=reception, field_day=field_day, made_on=made_on,
            created_by=acting_user,
        )  # fmt: skip
        commitment._change_reason = _("Ghi cam kết")  # type: ignore[attr-defined]
        commitment.save()
        _roll_up_from(parent)
    return commitment


def commitment_progress(*, acting_user: User, commitment: Commitment, progress: int, note: str = "") -> Commitment:
    """Report how far an open commitment got (0–100 %); a commitment with sub-commitments takes theirs."""
    permissions.require("engagement.report_progress", acting_user, commitment)
    errors = progress_errors(progress)
    if not commitment.is_open:
        errors["progress"] = _("Cam kết đã đóng, không cập nhật tiến độ.")
    elif commitment.children.exists():
        errors["progress"] = _("Tiến độ của cam kết này được tính từ các cam kết con.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        commitment.progress = progress
        commitment.status = CommitmentStatus.IN_PROGRESS if progress > 0 else CommitmentStatus.OPEN
        reason = _("Cập nhật tiến độ %(p)d%%") % {"p": progress}
        commitment._change_reason = f"{reason}: {note.strip()}"[:100] if note.strip() else reason  # type: ignore[attr-defined]
        commitment.save()
        _roll_up_from(commitment.parent)
    return commitment


def evidence_add(*, acting_user: User, commitment: Commitment, files: Sequence[File], note: str = "") -> list[Evidence]:
    """Keep the files showing how far a commitment got: at most 5, each a JPEG, PNG or PDF of at most 10 MB
    (checked from the file's first bytes, as a case's attachments are)."""
    permissions.require("engagement.report_progress", acting_user, commitment)
    if not files:
        raise ValidationError({"files": _("Chọn ít nhất một tệp minh chứng.")})
    try:
        attachments_check(files)
    except ValidationError as exc:
        raise ValidationError({"files": exc.messages}) from exc
    if len(note or "") > 255:
        raise ValidationError({"note": _("Mô tả dài quá 255 ký tự.")})
    saved = []
    with transaction.atomic():
        for upload in files:
            data = upload.read()
            content_type, extension = cast(tuple[str, str], attachment_kind(data[:8]))  # a known kind: checked
            item = Evidence(
                commitment=commitment, name=(upload.name or "tep")[:255], content_type=content_type, size=len(data),
                note=(note or "").strip(), uploaded_by=acting_user,
            )  # fmt: skip
            item.file.save(f"cam-ket-{commitment.pk}{extension}", ContentFile(data), save=False)  # never their name
            item.save()
            saved.append(item)
        commitment._change_reason = _("Thêm %(n)d minh chứng") % {"n": len(saved)}  # type: ignore[attr-defined]
        commitment.save(update_fields=["updated_at"])
    return saved


def commitment_close(
    *, acting_user: User, commitment: Commitment, kept: bool, reason: str = "", day: datetime.date | None = None
) -> Commitment:
    """Close a commitment: kept (100 %, on ``day``, today by default), or not kept with the reason why. A
    commitment whose sub-commitments are not all closed cannot be closed as kept."""
    permissions.require("engagement.close_commitment", acting_user, commitment)
    day = day or timezone.localdate()
    errors: dict[str, str] = {}
    if not commitment.is_open:
        errors["status"] = _("Cam kết đã đóng.")
    elif kept and commitment.children.filter(status__in=OPEN).exists():
        errors["status"] = _("Còn cam kết con chưa đóng: chưa thể ghi là đã thực hiện.")
    if kept:
        if day > timezone.localdate():
            errors["day"] = _("Ngày hoàn thành không được ở tương lai.")
        elif day < commitment.made_on:
            errors["day"] = _("Ngày hoàn thành không được trước ngày hứa.")
    elif not str(reason or "").strip():
        errors["reason"] = _("Ghi lý do không thực hiện được cam kết.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if kept:
            commitment.status, commitment.progress, commitment.kept_on = CommitmentStatus.KEPT, FULL, day
            commitment.reason = ""
            commitment._change_reason = _("Đã thực hiện cam kết")  # type: ignore[attr-defined]
        else:
            commitment.status, commitment.kept_on = CommitmentStatus.NOT_KEPT, None
            commitment.reason = reason.strip()
            commitment._change_reason = _("Không thực hiện được cam kết")  # type: ignore[attr-defined]
        commitment.save()
        _roll_up_from(commitment.parent)
    return commitment


def field_day_lines(field_day: FieldDay) -> list[str]:
    """The issues heard on a field day, one a line (blank lines left out)."""
    return [line.strip() for line in (field_day.issues_heard or "").splitlines() if line.strip()]


def field_day_case_key(field_day: FieldDay, index: int) -> str | None:
    """The idempotency key of the case made from line ``index`` of a field day: the same line makes one case,
    and the page finds it again by this key."""
    line = field_day_lines(field_day)[index]
    return case_services.intake_key(
        f"ngay-co-so-{field_day.pk}-{index}", FIELD_DAY_SUBMITTER, CaseKind.FEEDBACK, field_day.village, line, "", "",
        "", field_day.date,
    )  # fmt: skip


def field_day_to_case(*, acting_user: User, field_day: FieldDay, index: int) -> Case:
    """Make a case (a feedback entered for the citizens, channel "at the grassroots") from line ``index`` of
    the issues heard on a field day, placed at the day's village. A second call returns the same case."""
    permissions.require("engagement.promise_from_field_day", acting_user, field_day)
    lines = field_day_lines(field_day)
    if not 0 <= index < len(lines):
        raise ValidationError({"line": _("Không có vấn đề này trong ngày công tác.")})
    case, _created = case_services.case_submit(
        kind=CaseKind.FEEDBACK, content=lines[index], place=field_day.village, channel=Channel.FIELD_VISIT,
        idempotency_key=f"ngay-co-so-{field_day.pk}-{index}", submitter=FIELD_DAY_SUBMITTER,
        acting_user=acting_user, on_behalf=True, received_on=field_day.date,
    )  # fmt: skip
    return case
