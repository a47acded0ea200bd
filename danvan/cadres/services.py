"""Writes of the cadre module. Every write begins by requiring its permission (``rules``) for the acting
user and the object, and runs in a transaction."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.core.text import compact_phone
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from . import selectors, validators
from .choices import OrgKind, TeamKind, TeamRole
from .models import (
    Appointment,
    Attendance,
    Cadre,
    Course,
    FieldDay,
    Organisation,
    OrganisationMembership,
    Review,
    Team,
    TeamMembership,
    TeamRules,
)
from .rules import FieldDayPlace, require

CODE_PREFIX = "CB"
CODE_DIGITS = 8


def next_codes(count: int) -> list[str]:
    """``count`` fresh cadre codes (CB00000001…), continuing after the highest in use."""
    width = len(CODE_PREFIX) + CODE_DIGITS
    top = (
        Cadre.objects.filter(code__startswith=CODE_PREFIX, code__regex=r"^%s[0-9]{%d}$" % (CODE_PREFIX, CODE_DIGITS))
        .aggregate(top=Max("code"))
        .get("top")
    )
    start = int(top[len(CODE_PREFIX) :]) + 1 if top and len(top) == width else 1
    return [f"{CODE_PREFIX}{n:0{CODE_DIGITS}d}" for n in range(start, start + count)]


def _clean_cadre(fields: dict[str, Any], *, instance: Cadre | None = None) -> None:
    if fields.get("phone"):
        fields["phone"] = compact_phone(fields["phone"])  # stored as the import stores it
    errors = validators.cadre_errors(fields)
    code = (fields.get("code") or "").strip()
    if code:
        clash = Cadre.objects.filter(code=code)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors["code"] = _("Mã cán bộ “%(code)s” đã được dùng.") % {"code": code}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cadre_create(*, acting_user: User, unit: Unit, **fields: Any) -> Cadre:
    require("cadres.manage", acting_user, unit)
    _clean_cadre(fields)
    cadre = Cadre(unit=unit, **fields)
    if not cadre.code:
        cadre.code = next_codes(1)[0]
    cadre._change_reason = _("Thêm cán bộ")
    cadre._history_user = acting_user
    cadre.save()
    return cadre


@transaction.atomic
def cadre_update(
    *, acting_user: User, cadre: Cadre, unit: Unit | None = None, previous_photo: str = "", **fields: Any
) -> Cadre:
    """Save the edited record. ``previous_photo`` is the stored file name before the edit: a cleared or
    replaced photo's file is deleted once the change commits (it is personal data)."""
    require("cadres.change_cadre", acting_user, cadre)
    if unit is not None and unit.pk != cadre.unit_id:
        require("cadres.manage", acting_user, unit)
        cadre.unit = unit
    if not fields.get("code"):
        fields["code"] = cadre.code
    _clean_cadre(fields, instance=cadre)
    if fields.get("photo") is False:  # the form's "clear" box
        fields["photo"] = ""
    new_photo = fields.get("photo", cadre.photo)
    if previous_photo and getattr(new_photo, "name", new_photo) != previous_photo:
        storage = Cadre._meta.get_field("photo").storage
        transaction.on_commit(lambda: storage.delete(previous_photo))
    for name, value in fields.items():
        setattr(cadre, name, value)
    cadre._change_reason = _("Sửa hồ sơ cán bộ")
    cadre._history_user = acting_user
    cadre.save()
    return cadre


@transaction.atomic
def cadre_leave(*, acting_user: User, cadre: Cadre, on_date: datetime.date, reason: str = "") -> Cadre:
    """The cadre stops working: every open post, team seat and organisation membership ends that day."""
    require("cadres.change_cadre", acting_user, cadre)
    if on_date > timezone.localdate() + datetime.timedelta(days=366):
        raise ValidationError({"on_date": _("Ngày thôi công tác quá xa trong tương lai.")})
    if cadre.started_on and on_date < cadre.started_on:
        raise ValidationError({"on_date": _("Ngày thôi công tác phải sau ngày bắt đầu.")})
    cadre.left_on = on_date
    cadre._change_reason = reason or _("Thôi công tác")
    cadre._history_user = acting_user
    cadre.save()
    # Posts and seats still running on that day end then, including those with a later planned end.
    running = Q(end__isnull=True) | Q(end__gt=on_date)
    for appointment in cadre.appointments.filter(running):
        appointment.end = max(on_date, appointment.start)
        appointment._change_reason = reason or _("Thôi công tác")
        appointment._history_user = acting_user
        appointment.save()
    for seat in cadre.team_memberships.filter(running):
        seat.end = max(on_date, seat.start)
        seat.end_reason = reason or _("Thôi công tác")
        seat._history_user = acting_user
        seat.save()
    for membership in cadre.organisation_memberships.filter(running):
        membership.end = max(on_date, membership.start)
        membership._history_user = acting_user
        membership.save()
    return cadre


@transaction.atomic
def appointment_add(
    *,
    acting_user: User,
    cadre: Cadre,
    unit: Unit,
    title: str,
    start: datetime.date,
    end: datetime.date | None = None,
    title_detail: str = "",
    note: str = "",
) -> Appointment:
    require("cadres.change_cadre", acting_user, cadre)
    require("cadres.manage", acting_user, unit)
    errors = validators.start_day_errors(start, "start")
    if errors:
        raise ValidationError(errors)
    if end and end < start:
        raise ValidationError({"end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    if cadre.appointments.filter(unit=unit, title=title, end__isnull=True).exists() and end is None:
        raise ValidationError({"title": _("Cán bộ đang giữ chức danh này ở đơn vị này.")})
    appointment = Appointment(
        cadre=cadre, unit=unit, title=title, start=start, end=end, title_detail=title_detail, note=note
    )
    appointment._history_user = acting_user
    appointment.save()
    return appointment


@transaction.atomic
def appointment_end(*, acting_user: User, appointment: Appointment, end: datetime.date) -> Appointment:
    require("cadres.change_cadre", acting_user, appointment.cadre)
    if end < appointment.start:
        raise ValidationError(
            {"end": _("Ngày kết thúc phải sau ngày bắt đầu (%(d)s).") % {"d": f"{appointment.start:%d/%m/%Y}"}}
        )
    appointment.end = end
    appointment._history_user = acting_user
    appointment.save()
    return appointment


def _team_kind_for(unit: Unit) -> TeamKind | None:
    if unit.kind == UnitKind.COMMUNE:
        return TeamKind.BLOCK
    if unit.kind == UnitKind.VILLAGE:
        return TeamKind.TEAM
    return None


def team_default_name(unit: Unit) -> str:
    """Stored in Vietnamese whatever the page's language."""
    with translation.override("vi"):
        return _team_default_name(unit)


def _team_default_name(unit: Unit) -> str:
    kind = _team_kind_for(unit)
    if kind == TeamKind.BLOCK:
        return _("Khối dân vận %(unit)s") % {"unit": unit.name}
    return _("Tổ dân vận %(unit)s") % {"unit": unit.name}


@transaction.atomic
def team_create(
    *, acting_user: User, unit: Unit, established_on: datetime.date, name: str = "", decision: str = ""
) -> Team:
    """Set up the commune's block or the village's team (one live team per unit)."""
    require("cadres.manage", acting_user, unit)
    kind = _team_kind_for(unit)
    if kind is None:
        raise ValidationError(_("Khối dân vận lập ở cấp xã, tổ dân vận lập ở thôn, tổ dân phố."))
    require("cadres.add_team", acting_user, unit)
    if Team.objects.filter(unit=unit, kind=kind, dissolved_on__isnull=True).exists():
        raise ValidationError(
            _("%(unit)s đã có %(kind)s đang hoạt động.") % {"unit": unit.name, "kind": kind.label.lower()}
        )
    team = Team(
        unit=unit, kind=kind, name=name or team_default_name(unit), established_on=established_on, decision=decision
    )
    team._history_user = acting_user
    team.save()
    return team


@transaction.atomic
def team_dissolve(*, acting_user: User, team: Team, on_date: datetime.date, reason: str = "") -> Team:
    require("cadres.change_team", acting_user, team)
    if on_date < team.established_on:
        raise ValidationError({"on_date": _("Ngày giải thể phải sau ngày thành lập.")})
    for seat in team.memberships.filter(end__isnull=True):
        seat.end = max(on_date, seat.start)
        seat.end_reason = reason or _("Giải thể")
        seat._history_user = acting_user
        seat.save()
    team.dissolved_on = on_date
    team._history_user = acting_user
    team.save()
    return team


@transaction.atomic
def team_member_add(*, acting_user: User, team: Team, cadre: Cadre, role: str, start: datetime.date) -> TeamMembership:
    require("cadres.change_team", acting_user, team)
    require("cadres.change_cadre", acting_user, cadre)
    if team.dissolved_on:
        raise ValidationError(_("Khối, tổ này đã giải thể."))
    if cadre.left_on:
        raise ValidationError({"cadre_code": _("%(name)s đã thôi công tác.") % {"name": cadre.full_name}})
    errors = validators.start_day_errors(start, "start")
    if errors:
        raise ValidationError(errors)
    if start < team.established_on:
        raise ValidationError(
            {
                "start": _("Ngày bắt đầu không được trước ngày thành lập (%(d)s).")
                % {"d": f"{team.established_on:%d/%m/%Y}"}
            }
        )
    if team.memberships.filter(cadre=cadre, end__isnull=True).exists():
        raise ValidationError({"cadre_code": _("%(name)s đang là thành viên.") % {"name": cadre.full_name}})
    if role == TeamRole.HEAD:
        head = team.memberships.filter(role=TeamRole.HEAD, end__isnull=True).select_related("cadre").first()
        if head:
            raise ValidationError(
                {
                    "role": _("Đã có trưởng là %(name)s; cho người này thôi giữ vai trò trước.")
                    % {"name": head.cadre.full_name}
                }
            )
    seat = TeamMembership(team=team, cadre=cadre, role=role, start=start)
    seat._history_user = acting_user
    seat.save()
    return seat


@transaction.atomic
def team_member_end(*, acting_user: User, seat: TeamMembership, end: datetime.date, reason: str = "") -> TeamMembership:
    require("cadres.change_team", acting_user, seat.team)
    if seat.end:
        raise ValidationError(_("Thành viên này đã thôi từ %(d)s.") % {"d": f"{seat.end:%d/%m/%Y}"})
    if end < seat.start:
        raise ValidationError({"end": _("Ngày thôi phải sau ngày bắt đầu (%(d)s).") % {"d": f"{seat.start:%d/%m/%Y}"}})
    seat.end = end
    seat.end_reason = reason
    seat._history_user = acting_user
    seat.save()
    return seat


@transaction.atomic
def team_member_change_role(
    *, acting_user: User, seat: TeamMembership, role: str, on_date: datetime.date
) -> TeamMembership:
    """A member takes another role from ``on_date``: the seat ends that day and a new one starts, so the
    history shows both (changed in place when the seat itself starts that day)."""
    require("cadres.change_team", acting_user, seat.team)
    if seat.end:
        raise ValidationError(_("Thành viên này đã thôi từ %(d)s.") % {"d": f"{seat.end:%d/%m/%Y}"})
    if role == seat.role:
        raise ValidationError({"role": _("Thành viên đang giữ vai trò này.")})
    if on_date < seat.start:
        raise ValidationError(
            {"on_date": _("Ngày đổi vai trò phải từ ngày bắt đầu (%(d)s).") % {"d": f"{seat.start:%d/%m/%Y}"}}
        )
    if on_date > timezone.localdate():
        raise ValidationError({"on_date": _("Không ghi ngày ở tương lai.")})
    if role == TeamRole.HEAD:
        head = (
            seat.team.memberships.filter(role=TeamRole.HEAD, end__isnull=True)
            .exclude(pk=seat.pk)
            .select_related("cadre")
            .first()
        )
        if head:
            raise ValidationError(
                {
                    "role": _("Đã có trưởng là %(name)s; cho người này thôi giữ vai trò trước.")
                    % {"name": head.cadre.full_name}
                }
            )
    if on_date == seat.start:
        seat.role = role
        seat._history_user = acting_user
        seat.save()
        return seat
    seat.end = on_date
    seat.end_reason = _("Đổi vai trò")
    seat._history_user = acting_user
    seat.save()
    successor = TeamMembership(team=seat.team, cadre=seat.cadre, role=role, start=on_date)
    successor._history_user = acting_user
    successor.save()
    return successor


@transaction.atomic
def organisation_create(*, acting_user: User, unit: Unit, kind: str, name: str = "") -> Organisation:
    """The Front or a mass organisation of ``unit`` (one of each kind per unit)."""
    require("cadres.manage", acting_user, unit)
    if unit.kind not in (UnitKind.PROVINCE, UnitKind.COMMUNE, UnitKind.VILLAGE):
        raise ValidationError(_("Chỉ lập tổ chức ở cấp tỉnh, cấp xã hoặc thôn, tổ dân phố."))
    require("cadres.add_organisation", acting_user, unit)
    if Organisation.objects.filter(unit=unit, kind=kind).exists():
        raise ValidationError({"kind": _("%(unit)s đã có tổ chức này.") % {"unit": unit.name}})
    label = OrgKind(kind).label
    organisation = Organisation(unit=unit, kind=kind, name=name or f"{label} {unit.name}")
    organisation._history_user = acting_user
    organisation.save()
    return organisation


@transaction.atomic
def organisation_member_add(
    *, acting_user: User, organisation: Organisation, cadre: Cadre, start: datetime.date, position: str = ""
) -> OrganisationMembership:
    require("cadres.change_organisation", acting_user, organisation)
    require("cadres.change_cadre", acting_user, cadre)
    if cadre.left_on:
        raise ValidationError({"cadre_code": _("%(name)s đã thôi công tác.") % {"name": cadre.full_name}})
    if start > timezone.localdate():
        raise ValidationError({"start": _("Không ghi ngày ở tương lai.")})
    if organisation.memberships.filter(cadre=cadre, end__isnull=True).exists():
        raise ValidationError({"cadre_code": _("%(name)s đang là thành viên.") % {"name": cadre.full_name}})
    membership = OrganisationMembership(organisation=organisation, cadre=cadre, position=position, start=start)
    membership._history_user = acting_user
    membership.save()
    return membership


@transaction.atomic
def organisation_member_end(
    *, acting_user: User, membership: OrganisationMembership, end: datetime.date
) -> OrganisationMembership:
    require("cadres.change_organisation", acting_user, membership.organisation)
    if membership.end:
        raise ValidationError(_("Thành viên này đã thôi từ %(d)s.") % {"d": f"{membership.end:%d/%m/%Y}"})
    if end < membership.start:
        raise ValidationError(
            {"end": _("Ngày thôi phải sau ngày bắt đầu (%(d)s).") % {"d": f"{membership.start:%d/%m/%Y}"}}
        )
    membership.end = end
    membership._history_user = acting_user
    membership.save()
    return membership


@transaction.atomic
def team_rules_save(*, acting_user: User, unit: Unit, **fields: Any) -> TeamRules:
    """Rules apply to ``unit`` and below; only administrators set them."""
    require("cadres.set_rules", acting_user, unit)
    # New rules start from those in force at the unit (inherited or defaults), not the
    # model's blank defaults, so a field left out is kept rather than silently cleared.
    inherited = {
        name: list(value) if isinstance(value, list) else value for name, value in selectors.rules_for(unit).items()
    }
    rules, _created = TeamRules.objects.get_or_create(unit=unit, defaults=inherited)
    for name, value in fields.items():
        setattr(rules, name, value)
    rules._history_user = acting_user
    rules.save()
    return rules


@transaction.atomic
def course_create(*, acting_user: User, unit: Unit, **fields: Any) -> Course:
    require("cadres.manage", acting_user, unit)
    if fields["end"] < fields["start"]:
        raise ValidationError({"end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    course = Course(unit=unit, **fields)
    course._history_user = acting_user
    course.save()
    return course


@transaction.atomic
def course_update(*, acting_user: User, course: Course, **fields: Any) -> Course:
    require("cadres.change_course", acting_user, course)
    if fields["end"] < fields["start"]:
        raise ValidationError({"end": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    for name, value in fields.items():
        setattr(course, name, value)
    course._history_user = acting_user
    course.save()
    Attendance.objects.filter(course=course).update(year=course.end.year)
    return course


@transaction.atomic
def attendance_record(
    *, acting_user: User, course: Course, cadre: Cadre, result: str, certificate_no: str = ""
) -> Attendance:
    """Add a cadre to a course or update their result (one row per cadre and course)."""
    require("cadres.change_course", acting_user, course)
    require("cadres.change_cadre", acting_user, cadre)
    attendance = Attendance.objects.filter(course=course, cadre=cadre).first() or Attendance(course=course, cadre=cadre)
    attendance.result = result
    attendance.certificate_no = certificate_no
    attendance._history_user = acting_user
    attendance.save()
    return attendance


@transaction.atomic
def field_day_log(
    *,
    acting_user: User,
    cadre: Cadre,
    date: datetime.date,
    village: Unit,
    purpose: str,
    people_met: int = 0,
    issues_heard: str = "",
) -> FieldDay:
    require("cadres.log_field_day", acting_user, cadre)
    require("cadres.log_field_day_at", acting_user, FieldDayPlace(cadre, village))
    errors = {}
    if village.kind != UnitKind.VILLAGE:
        errors["village_code"] = _("Chọn một thôn, tổ dân phố.")
    if date > timezone.localdate():
        errors["date"] = _("Không ghi ngày công tác ở tương lai.")
    if cadre.started_on and date < cadre.started_on:
        errors["date"] = _("Ngày này trước khi cán bộ bắt đầu công tác.")
    if cadre.left_on and date >= cadre.left_on:
        errors["date"] = _("Cán bộ đã thôi công tác từ %(d)s.") % {"d": f"{cadre.left_on:%d/%m/%Y}"}
    if not errors and FieldDay.objects.filter(cadre=cadre, date=date, village=village).exists():
        errors["date"] = _("Đã ghi ngày %(d)s ở %(v)s cho cán bộ này.") % {"d": f"{date:%d/%m/%Y}", "v": village.name}
    if errors:
        raise ValidationError(errors)
    day = FieldDay(
        cadre=cadre,
        date=date,
        village=village,
        purpose=purpose,
        people_met=people_met,
        issues_heard=issues_heard,
        created_by=acting_user,
    )
    day._history_user = acting_user
    day.save()
    return day


@transaction.atomic
def review_record(*, acting_user: User, unit: Unit, on_date: datetime.date, conclusion: str = "") -> Review:
    """Freeze the figures of ``unit`` on ``on_date`` as a review that later reviews compare with."""
    require("cadres.record_review", acting_user, unit)
    if on_date > timezone.localdate():
        raise ValidationError({"on_date": _("Không rà soát cho ngày ở tương lai.")})
    review = Review(
        unit=unit,
        on_date=on_date,
        figures=selectors.review_figures(unit, on_date),
        conclusion=conclusion,
        created_by=acting_user,
    )
    review._history_user = acting_user
    review.save()
    return review
