"""Leaders' reception schedules: the unit's schedules and their days, a schedule added or changed, what became
of a planned day, the month's compliance table, and the public calendar of a unit (no login)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.calendar import parse_day
from danvan.core.forms import status_of, submit
from danvan.core.scoping import get_scoped_or_404

from .. import forms, selectors, services
from ..choices import Pattern, SessionStatus
from ..rules import may
from .base import base_context, cadre_of, month_of, page_unit


def _month_links(year, month):
    first = datetime.date(year, month, 1)
    before = first - datetime.timedelta(days=1)
    after = first + datetime.timedelta(days=32)
    return {
        "month_value": f"{year}-{month:02d}", "month_label": f"{month:02d}/{year}",
        "previous_month": f"{before.year}-{before.month:02d}", "next_month": f"{after.year}-{after.month:02d}",
    }  # fmt: skip


def _list_url(unit, month=None):
    url = f"{reverse('engagement:schedules')}?unit={unit.pk}"
    return f"{url}&month={month}" if month else url


@login_required
def schedule_list(request):
    if not may("engagement.view_pages", request.user):
        raise PermissionDenied
    unit = page_unit(request)
    year, month = month_of(request)
    today = timezone.localdate()
    schedules = selectors.unit_schedules(request.user, unit)
    in_month = selectors.schedules_month(request.user, schedules, year, month, today)
    context = base_context(
        request, unit, schedules=schedules, in_month=in_month, today=today,
        can_keep=may("engagement.keep_schedules", request.user, unit), **_month_links(year, month),
    )  # fmt: skip
    return render(request, "engagement/schedules.html", context)


def _schedule_form(request, unit, schedule=None):
    initial = {"pattern": Pattern.WEEKDAY, "starts_at": datetime.time(7, 30), "ends_at": datetime.time(11, 30),
               "valid_from": timezone.localdate(), "is_published": True}  # fmt: skip
    if schedule is not None:
        initial = {
            "leader_code": schedule.leader.code, "title": schedule.title, "pattern": schedule.pattern,
            "days": schedule.days, "starts_at": schedule.starts_at, "ends_at": schedule.ends_at,
            "place": schedule.place, "valid_from": schedule.valid_from, "valid_to": schedule.valid_to,
            "is_published": schedule.is_published,
        }  # fmt: skip
    form = forms.ScheduleForm(request.POST or None, initial=initial)

    def write(data):
        fields = {k: v for k, v in data.items() if k != "leader_code"}
        leader = cadre_of(request, data["leader_code"], unit, field="leader_code")
        return services.schedule_save(acting_user=request.user, unit=unit, leader=leader, schedule=schedule, **fields)

    if submit(request, form, write, renames={"leader": "leader_code"}):
        messages.success(request, _("Đã lưu lịch tiếp công dân."))
        return redirect(_list_url(unit))
    title = _("Sửa lịch tiếp công dân") if schedule else _("Lập lịch tiếp công dân")
    context = base_context(
        request, unit, form=form, title=title, schedule=schedule, cadres=selectors.cadres_offered(request.user, unit)
    )
    return render(request, "engagement/schedule_form.html", context, status=status_of(form))


@login_required
def schedule_add(request):
    unit = page_unit(request)
    if not may("engagement.keep_schedules", request.user, unit):
        raise PermissionDenied
    return _schedule_form(request, unit)


@login_required
def schedule_edit(request, pk):
    schedule = get_scoped_or_404(selectors.schedule_rows(), request.user, pk=pk)
    if not may("engagement.keep_schedules", request.user, schedule.unit):
        raise PermissionDenied
    return _schedule_form(request, schedule.unit, schedule)


@login_required
def session_record(request, pk):
    """What became of one planned day of a schedule (``?date=dd/mm/yyyy``)."""
    schedule = get_scoped_or_404(selectors.schedule_rows(), request.user, pk=pk)
    unit = schedule.unit
    if not may("engagement.keep_schedules", request.user, unit):
        raise PermissionDenied
    day = parse_day(request.GET.get("date", "")) or timezone.localdate()
    form = forms.SessionForm(request.POST or None, initial={"date": day, "status": SessionStatus.HELD})

    def write(data):
        code = (data.get("deputy_code") or "").strip()
        deputy = cadre_of(request, code, unit, field="deputy_code") if code else None
        return services.session_record(
            acting_user=request.user, unit=unit, leader=schedule.leader, title=schedule.title, date=data["date"],
            status=data["status"], deputy=deputy, schedule=schedule, note=data.get("note", ""),
        )  # fmt: skip

    if done := submit(request, form, write, renames={"deputy": "deputy_code", "leader": None}):
        session = done.value
        messages.success(request, _("Đã ghi kết quả buổi tiếp ngày %(d)s.") % {"d": f"{session.date:%d/%m/%Y}"})
        return redirect(_list_url(unit, f"{session.date.year}-{session.date.month:02d}"))
    context = base_context(
        request, unit, form=form, schedule=schedule, day=day, cadres=selectors.cadres_offered(request.user, unit),
        title=_("Ghi kết quả buổi tiếp công dân"),
    )  # fmt: skip
    return render(request, "engagement/session_form.html", context, status=status_of(form))


@login_required
def compliance(request):
    if not may("engagement.view_pages", request.user):
        raise PermissionDenied
    unit = page_unit(request)
    year, month = month_of(request)
    rows = selectors.compliance(request.user, unit, year, month)
    context = base_context(
        request, unit, rows=rows, behind=sum(1 for r in rows if r.behind), **_month_links(year, month)
    )
    return render(request, "engagement/compliance.html", context)


def public_calendar(request, unit_id):
    """A unit's reception calendar for anyone: who receives, when and where; nothing else."""
    unit = selectors.public_unit(unit_id)
    if unit is None:
        raise Http404
    days = selectors.public_calendar(unit)
    return render(request, "engagement/public_calendar.html", {"public_unit": unit, "days": days})
