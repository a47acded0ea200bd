"""Checks that a form, a service and the demo all make, one function per rule returning ``{field: message}``."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.cadres.choices import Title
from danvan.cases.choices import CaseKind
from danvan.cases.validators import content_errors, phone_errors, place_errors

from .choices import DELEGATION_MIN_PEOPLE, ChairRole, Group, Handling, Pattern, ReceptionKind, SessionStatus

if TYPE_CHECKING:
    from danvan.cadres.models import Cadre
    from danvan.units.models import Unit

    from .models import Commitment

# A citizen identity card (CCCD, 12 digits), an old identity card (9 digits) or a passport (a letter and 7 or 8 digits).
_ID = re.compile(r"^(\d{9}|\d{12}|[A-Z]\d{7,8})$")
EARLIEST = datetime.date(2014, 7, 1)  # Luật Tiếp công dân 2013 in force
LATEST_AHEAD = datetime.timedelta(days=3653)  # a day planned or due at most ten years ahead


def compact_id(value: str | None) -> str:
    """An ID number as typed, without spaces, dots or dashes, upper case."""
    return re.sub(r"[\s.\-]", "", str(value or "")).upper()


def id_number_errors(value: str | None, field_name: str = "id_number") -> dict[str, str]:
    number = compact_id(value)
    if number and not _ID.match(number):
        return {field_name: _("Số CCCD gồm 12 chữ số (CMND cũ 9 chữ số, hộ chiếu một chữ cái và 7–8 chữ số).")}
    return {}


def moment_errors(moment: datetime.datetime | None, field_name: str = "received_at") -> dict[str, str]:
    """When something happened: given, not in the future, not before the Law on Citizen Reception."""
    if moment is None:
        return {field_name: _("Nhập ngày giờ tiếp.")}
    if moment > timezone.now() + datetime.timedelta(minutes=5):
        return {field_name: _("Thời gian tiếp không được ở tương lai.")}
    if timezone.localtime(moment).date() < EARLIEST:
        return {field_name: _("Thời gian tiếp không được trước ngày 01/07/2014.")}
    return {}


def day_errors(day: datetime.date | None, field_name: str, *, future: bool = False) -> dict[str, str]:
    """A day given, not before 01/07/2014, and (unless ``future``) not after today."""
    if day is None:
        return {field_name: _("Nhập ngày.")}
    if day < EARLIEST:
        return {field_name: _("Ngày không được trước 01/07/2014.")}
    if not future and day > timezone.localdate():
        return {field_name: _("Ngày không được ở tương lai.")}
    if day > timezone.localdate() + LATEST_AHEAD:
        return {field_name: _("Ngày không được quá 10 năm kể từ hôm nay.")}
    return {}


def official_errors(official: Cadre | None, unit: Unit | None, field_name: str = "official") -> dict[str, str]:
    """Who received (or chairs, or owns): a cadre still working, of the unit or of a unit above it."""
    if official is None:
        return {field_name: _("Chọn cán bộ.")}
    if not official.is_active:
        return {field_name: _("Cán bộ này đã thôi công tác.")}
    if unit is not None and not unit.path.startswith(official.unit.path):
        return {field_name: _("Cán bộ không thuộc đơn vị này hoặc đơn vị cấp trên.")}
    return {}


def reception_errors(
    *, unit: Unit | None, received_at: datetime.datetime | None, kind: str, official: Cadre | None, content: str,
    case_kind: str, place: Unit | None, handling: str, people: int, representatives: str, citizen_name: str,
    id_number: str, phone: str, address: str, forwarded_to: str, location: str,
) -> dict[str, str]:  # fmt: skip
    """Every check of a register entry (the 12 columns of Form 03)."""
    errors = {
        **moment_errors(received_at),
        **official_errors(official, unit),
        **content_errors(content),
        **place_errors(place),
        **id_number_errors(id_number),
        **phone_errors(phone, "phone"),
    }
    if not str(location or "").strip():
        errors["location"] = _("Nhập địa điểm tiếp.")
    if place is not None and unit is not None and "place" not in errors and not place.path.startswith(unit.path):
        errors["place"] = _("Nơi xảy ra sự việc phải thuộc địa bàn của nơi tiếp.")
    if kind not in ReceptionKind.values:
        errors["kind"] = _("Chọn hình thức tiếp: thường xuyên, lãnh đạo tiếp định kỳ hoặc đột xuất.")
    if case_kind not in CaseKind.values:
        errors["case_kind"] = _("Chọn loại đơn: khiếu nại, tố cáo, kiến nghị hoặc phản ánh.")
    if handling not in Handling.values:
        errors["handling"] = _("Chọn hướng xử lý.")
    elif handling == Handling.FORWARDED and not str(forwarded_to or "").strip():
        errors["forwarded_to"] = _("Ghi cơ quan có thẩm quyền đã chuyển đơn đến.")
    if people is None or people < 1:
        errors["people"] = _("Số người ít nhất là 1.")
    elif people >= DELEGATION_MIN_PEOPLE and not str(representatives or "").strip():
        errors["representatives"] = _("Đoàn đông người (từ %(n)d người): ghi tên người đại diện.") % {
            "n": DELEGATION_MIN_PEOPLE
        }
    if not str(citizen_name or "").strip():
        errors["citizen_name"] = _("Nhập họ và tên công dân.")
    if case_kind == CaseKind.DENUNCIATION and not (str(address or "").strip() or str(phone or "").strip()):
        errors["address"] = _("Tố cáo cần địa chỉ hoặc số điện thoại của người tố cáo (được bảo mật).")
    return errors


def progress_errors(progress: int | None, field_name: str = "progress") -> dict[str, str]:
    if progress is None or not 0 <= progress <= 100:
        return {field_name: _("Tiến độ là một số từ 0 đến 100.")}
    return {}


def weight_errors(weight: int | None, field_name: str = "weight") -> dict[str, str]:
    if weight is None or not 1 <= weight <= 1000:
        return {field_name: _("Trọng số là một số nguyên từ 1 đến 1000.")}
    return {}


def parent_errors(commitment: Commitment | None, parent: Commitment | None) -> dict[str, str]:
    """A commitment sits under another of the same unit or a unit above, never under itself or its own child."""
    node = parent
    while node is not None:
        if commitment is not None and commitment.pk is not None and node.pk == commitment.pk:
            return {"parent": _("Cam kết không thể thuộc chính nó hoặc cam kết con của nó.")}
        node = node.parent
    return {}


def schedule_errors(
    *, unit: Unit | None, leader: Cadre | None, title: str, pattern: str, days: str,
    starts_at: datetime.time | None, ends_at: datetime.time | None, place: str, valid_from: datetime.date | None,
    valid_to: datetime.date | None,
) -> dict[str, str]:  # fmt: skip
    """Every check of a leader's standing schedule: who, which days, the hours, the place, the validity."""
    from .schedules import parse_days

    errors = {**official_errors(leader, unit, "leader"), **day_errors(valid_from, "valid_from", future=True)}
    if title not in Title.values:
        errors["title"] = _("Chọn chức danh của người tiếp.")
    if pattern not in Pattern.values:
        errors["pattern"] = _("Chọn cách định ngày: ngày trong tháng hoặc thứ trong tuần.")
    elif parse_days(pattern, days) is None:
        errors["days"] = (
            _("Ghi các ngày trong tháng từ 1 đến 31, cách nhau bằng dấu phẩy (ví dụ: 15 hoặc 5, 20).")
            if pattern == Pattern.DAY_OF_MONTH
            else _("Ghi các thứ từ 2 (thứ Hai) đến 6 (thứ Sáu), cách nhau bằng dấu phẩy (ví dụ: 3 hoặc 2, 5).")
        )
    if starts_at is None:
        errors["starts_at"] = _("Nhập giờ bắt đầu.")
    if ends_at is None:
        errors["ends_at"] = _("Nhập giờ kết thúc.")
    elif starts_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
    if not str(place or "").strip():
        errors["place"] = _("Nhập địa điểm tiếp.")
    if valid_to is not None and valid_from is not None and valid_to < valid_from:
        errors["valid_to"] = _("Ngày hết hiệu lực không được trước ngày bắt đầu áp dụng.")
    return errors


def session_errors(
    *, unit: Unit | None, leader: Cadre | None, title: str, date: datetime.date | None, status: str,
    deputy: Cadre | None, delegation_allowed: bool, rule_from: datetime.date | None = None,
) -> dict[str, str]:  # fmt: skip
    """Every check of a reception day's record. ``delegation_allowed`` is what the duty in force on ``date``
    says (``rule_from``: the day that version took effect)."""
    errors = {**official_errors(leader, unit, "leader")}
    if title not in Title.values:
        errors["title"] = _("Chọn chức danh của người tiếp.")
    if status not in SessionStatus.values:
        errors["status"] = _("Chọn kết quả: đã tiếp, ủy quyền cấp phó tiếp hoặc không tiếp.")
    errors.update(day_errors(date, "date", future=status == SessionStatus.DELEGATED))
    if status == SessionStatus.DELEGATED:
        if not delegation_allowed:
            errors["status"] = _(
                "Từ ngày %(day)s, người đứng đầu không được ủy quyền cho cấp phó tiếp công dân "
                "(Luật 136/2025/QH15): ghi đã tiếp hoặc không tiếp."
            ) % {"day": f"{rule_from:%d/%m/%Y}" if rule_from else "01/07/2026"}
        if deputy is None:
            errors["deputy"] = _("Chọn cấp phó tiếp thay.")
        elif leader is not None and deputy.pk == leader.pk:
            errors["deputy"] = _("Cấp phó tiếp thay phải là người khác người có trách nhiệm tiếp.")
        else:
            errors.update(official_errors(deputy, unit, "deputy"))
    elif deputy is not None:
        errors["deputy"] = _("Chỉ ghi cấp phó tiếp thay khi ủy quyền.")
    return errors


def participants_errors(participants: dict[str, object] | None, field_name: str = "participants") -> dict[str, str]:
    """The participants of a dialogue by group: known groups, whole numbers not below 0, someone there."""
    values = participants or {}
    unknown = [code for code in values if code not in Group.values]
    if unknown:
        return {field_name: _("Nhóm thành phần không có trong danh mục: %(codes)s.") % {"codes": ", ".join(unknown)}}
    counts = []
    for value in values.values():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return {field_name: _("Số người của mỗi thành phần là một số nguyên không âm.")}
        counts.append(value)
    if not any(n > 0 for n in counts):
        return {field_name: _("Ghi số người tham dự của ít nhất một thành phần.")}
    return {}


def dialogue_errors(
    *, unit: Unit | None, date: datetime.date | None, chair: Cadre | None, chair_role: str, topic: str,
    location: str, participants: dict[str, object] | None,
) -> dict[str, str]:  # fmt: skip
    """Every check of a dialogue: the day (not in the future), the chair, the role, the topic, the place and
    who came."""
    errors = {
        **day_errors(date, "date"),
        **official_errors(chair, unit, "chair"),
        **participants_errors(participants),
    }
    if chair_role not in ChairRole.values:
        errors["chair_role"] = _("Chọn người chủ trì với tư cách người đứng đầu cấp ủy hay chính quyền.")
    if not str(topic or "").strip():
        errors["topic"] = _("Nhập chủ đề đối thoại.")
    if not str(location or "").strip():
        errors["location"] = _("Nhập địa điểm đối thoại.")
    return errors


def text_errors(value: str | None, field_name: str, message: str) -> dict[str, str]:
    """A text that must be given (``message`` says which)."""
    if not str(value or "").strip():
        return {field_name: message}
    return {}


def due_errors(made_on: datetime.date | None, due_on: datetime.date | None) -> dict[str, str]:
    """When a promise was made (not in the future) and when it falls due (not before it was made)."""
    errors = {**day_errors(made_on, "made_on"), **day_errors(due_on, "due_on", future=True)}
    if not errors and made_on is not None and due_on is not None and due_on < made_on:
        errors["due_on"] = _("Hạn hoàn thành không được trước ngày hứa.")
    return errors
