"""Commune blocks and village teams (khối, tổ dân vận): the list with its findings, a team, its seats,
the completeness rules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.core import scoping
from danvan.core.forms import status_of, submit
from danvan.core.scoping import get_scoped_or_404
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from .. import exports, forms, selectors, services
from ..choices import TeamKind, TeamRole
from ..models import Team, TeamMembership
from ..rules import may
from .base import PAGE_SIZE, base_context, cadre_of, page_unit


@login_required
def team_list(request):
    """Blocks and teams under the unit, with the completeness findings."""
    unit = page_unit(request)
    today = timezone.localdate()
    findings = selectors.completeness_findings(unit, today)
    kind = request.GET.get("finding", "")
    shown = [f for f in findings if not kind or f.kind == kind]
    teams = selectors.teams_under(request.user, unit)
    if request.GET.get("format") == "xlsx":
        return exports.teams_xlsx(request.user, unit, teams, findings)
    page = Paginator(selectors.with_member_counts(teams), PAGE_SIZE).get_page(request.GET.get("page"))
    findings_page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("fpage"))
    context = base_context(
        request,
        unit,
        page=page,
        findings=findings_page,
        finding_total=len(findings),
        summary=selectors.findings_summary(findings),
        finding_kind=kind,
        counts=selectors.team_counts(unit, today),
        rules=selectors.rules_for(unit),
        can_create_team=may("cadres.add_team", request.user, unit),
        can_set_rules=may("cadres.set_rules", request.user, unit),
        TeamKind=TeamKind,
        is_commune=unit.kind == UnitKind.COMMUNE,
    )
    return render(request, "cadres/team_list.html", context)


@login_required
def team_detail(request, pk):
    team = get_scoped_or_404(Team.objects.select_related("unit"), request.user, pk=pk)
    seats = team.memberships.select_related("cadre").order_by("end", "role", "cadre__full_name_folded")
    context = base_context(
        request,
        team.unit,
        team=team,
        current=[s for s in seats if s.end is None],
        past=[s for s in seats if s.end is not None],
        findings=[f for f in selectors.completeness_findings(team.unit) if f.unit.pk == team.unit_id],
        form=forms.SeatForm(initial={"start": timezone.localdate()}),
        history=team.history.select_related("history_user").order_by("-history_date")[:10],
        TeamRole=TeamRole,
    )
    return render(request, "cadres/team_detail.html", context)


@login_required
def team_create(request, unit_pk):
    unit = get_scoped_or_404(Unit, request.user, scoping.MANAGE, pk=unit_pk)
    form = forms.TeamForm(request.POST or None, initial={"established_on": timezone.localdate()})
    if done := submit(request, form, lambda data: services.team_create(acting_user=request.user, unit=unit, **data)):
        messages.success(request, _("Đã lập %(name)s.") % {"name": done.value.name})
        return redirect(done.value)
    title = _("Lập khối dân vận") if unit.kind == UnitKind.COMMUNE else _("Lập tổ dân vận")
    context = base_context(request, unit, form=form, title=f"{title}: {unit.name}")
    return render(request, "cadres/form.html", context, status=status_of(form))


@login_required
@require_POST
def seat_add(request, pk):
    """Sent from the team page; its errors come back there as messages."""
    team = get_scoped_or_404(Team.objects.select_related("unit"), request.user, scoping.MANAGE, pk=pk)
    form = forms.SeatForm(request.POST)

    def write(data):
        cadre = cadre_of(request, data)
        return services.team_member_add(
            acting_user=request.user, team=team, cadre=cadre, role=data["role"], start=data["start"]
        )

    if done := submit(request, form, write):
        messages.success(request, _("Đã thêm %(name)s vào %(team)s.") % {"name": done.value.cadre, "team": team})
        return redirect(team)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(team)


def _seat(request, pk):
    return get_scoped_or_404(
        TeamMembership.objects.select_related("team", "team__unit", "cadre"), request.user, scoping.MANAGE, pk=pk
    )


@login_required
def seat_end(request, pk):
    seat = _seat(request, pk)
    form = forms.EndForm(request.POST or None, initial={"end": timezone.localdate()})
    if submit(request, form, lambda data: services.team_member_end(acting_user=request.user, seat=seat, **data)):
        messages.success(request, _("Đã ghi %(name)s thôi tham gia.") % {"name": seat.cadre})
        return redirect(seat.team)
    title = _("Thôi tham gia %(team)s: %(name)s") % {"team": seat.team, "name": seat.cadre}
    context = base_context(request, seat.team.unit, form=form, title=title)
    return render(request, "cadres/form.html", context, status=status_of(form))


@login_required
def seat_role(request, pk):
    seat = _seat(request, pk)
    form = forms.RoleChangeForm(request.POST or None, initial={"on_date": timezone.localdate()})

    def write(data):
        return services.team_member_change_role(acting_user=request.user, seat=seat, **data)

    if submit(request, form, write):
        messages.success(request, _("Đã đổi vai trò của %(name)s.") % {"name": seat.cadre})
        return redirect(seat.team)
    title = _("Đổi vai trò trong %(team)s: %(name)s (đang là %(role)s)") % {
        "team": seat.team,
        "name": seat.cadre,
        "role": seat.get_role_display().lower(),
    }
    context = base_context(request, seat.team.unit, form=form, title=title)
    return render(request, "cadres/form.html", context, status=status_of(form))


@login_required
def team_rules(request, unit_pk):
    unit = get_scoped_or_404(Unit, request.user, scoping.MANAGE_USERS, pk=unit_pk)
    form = forms.TeamRulesForm(request.POST or None, initial=selectors.rules_for(unit))
    if submit(request, form, lambda data: services.team_rules_save(acting_user=request.user, unit=unit, **data)):
        messages.success(request, _("Đã lưu quy định cho %(unit)s và các đơn vị trực thuộc.") % {"unit": unit.name})
        return redirect(reverse("cadres:teams") + f"?unit={unit.pk}")
    title = _("Quy định về khối, tổ dân vận: %(unit)s") % {"unit": unit.name}
    context = base_context(request, unit, form=form, title=title)
    return render(request, "cadres/form.html", context, status=status_of(form))
