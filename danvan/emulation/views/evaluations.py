"""A council's evaluation of a model: opened from the registration's page, each member's sheet (the criteria with
their guidance, the marks), the member's list of sheets to score, the evaluation's page (who has sent, and after
closing the combined score, its spread, the flag and the disputed criteria), its closing and the decision.

A member sees the other members' marks only once their own sheet is sent, or once the evaluation is closed
(``selectors.sheet_rows``)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import scoping
from danvan.core.forms import status_of, submit

from .. import council_forms as forms
from .. import schedule, selectors, services
from ..choices import MIN_EVALUATORS, Level, Stage, Step
from ..rules import may
from ..services.evaluations import level_of
from ..workflow import next_stage
from .base import PAGE_SIZE
from .council_base import council_context, practice_url


def _can_open(practice):
    return next_stage(practice.stage, Step.EVALUATE) is not None


def state_of(request, evaluation):
    """What a page shows of ``evaluation`` to the user: the sheets as they may see them, the combined score after
    closing with the disputed criteria, and what they may do next."""
    user = request.user
    rows = selectors.sheet_rows(user, evaluation)
    combined = None
    disputed = []
    if evaluation.closed_on is not None:
        limit = evaluation.spread_limit or schedule.setting_for(evaluation.practice.unit).spread_limit
        combined = selectors.combined_of(evaluation, limit)
        disputed = selectors.criteria_named(evaluation.rubric, combined.disputed) if combined else []
    decision = selectors.decision_of(evaluation.practice) if evaluation.closed_on else None
    if decision is not None and decision.evaluation_id != evaluation.pk:
        decision = None
    mine = next((row for row in rows if row.mine), None)
    return {
        "evaluation": evaluation, "rows": rows, "sent": sum(1 for row in rows if row.sent), "combined": combined,
        "disputed": disputed, "decision": decision, "mine": mine, "min_evaluators": MIN_EVALUATORS,
        "criteria": list(evaluation.rubric.criteria.all()),
        "can_close": evaluation.closed_on is None and may("emulation.evaluate", user, evaluation),
        "can_decide": evaluation.closed_on is not None and evaluation.practice.stage == Stage.EVALUATED
        and may("emulation.decide", user, evaluation),
        "can_score": mine is not None and may("emulation.score", user, mine.sheet),
    }  # fmt: skip


def panel(request, practice):
    """The evaluations part of a registration's page: ``{"template": "emulation/_evaluations_panel.html",
    "evaluations": [...], "state": {...} | None, "open_form": OpenForm | None, "open_url": str}``, or None when the
    registration has no evaluation and the user may open none."""
    evaluations = selectors.evaluations_of(request.user, practice)
    is_open = any(e.closed_on is None for e in evaluations)
    councils = selectors.council_choices(request.user, practice) if _can_open(practice) and not is_open else []
    if not evaluations and not councils:
        return None
    return {
        "template": "emulation/_evaluations_panel.html", "evaluations": evaluations,
        "state": state_of(request, evaluations[0]) if evaluations else None,
        "open_form": forms.OpenForm(councils=councils, initial={"opened_on": timezone.localdate()})
        if councils else None,
        "open_url": reverse("emulation:evaluation_open", args=[practice.pk]),
    }  # fmt: skip


def _members(request, practice, usernames):
    """The users named, each of whom must be active and see the registering unit; else a field error naming them
    (one message for a name unknown and a name outside the unit, so the form tells nothing of other units)."""
    found = {u.username: u for u in get_user_model().objects.filter(username__in=usernames, is_active=True)}
    for name in usernames:
        user = found.get(name)
        if user is None or not scoping.path_in_scope(user, practice.unit.path, scoping.VIEW):
            raise ValidationError(
                {"evaluators": _("Không tìm thấy tài khoản “%(u)s” trong số người xem được đơn vị %(unit)s.")
                 % {"u": name, "unit": practice.unit.name}}
            )  # fmt: skip
    return [found[name] for name in usernames]


@login_required
def evaluation_open(request, pk):
    practice = selectors.practice_for_page(request.user, pk)
    councils = selectors.council_choices(request.user, practice)
    if not councils:
        raise PermissionDenied
    form = forms.OpenForm(request.POST or None, councils=councils, initial={"opened_on": timezone.localdate()})
    by_pk = {unit.pk: unit for unit in councils}

    def write(data):
        return services.evaluation_open(
            acting_user=request.user, practice=practice, council=by_pk[data["council"]],
            evaluators=_members(request, practice, form.usernames()), opened_on=data["opened_on"],
        )  # fmt: skip

    if done := submit(request, form, write):
        messages.success(request, _("Đã mở chấm điểm; các thành viên hội đồng đã được thông báo."))
        return redirect("emulation:evaluation", pk=done.value.pk)
    context = council_context(request, practice.unit, practice=practice, form=form, practice_url=practice_url(practice))
    return render(request, "emulation/evaluation_open.html", context, status=status_of(form))


@login_required
def evaluation_detail(request, pk):
    evaluation = selectors.evaluation_for_page(request.user, pk)
    practice = evaluation.practice
    context = council_context(
        request, practice.unit, practice=practice, state=state_of(request, evaluation),
        practice_url=practice_url(practice),
    )  # fmt: skip
    return render(request, "emulation/evaluation_detail.html", context)


@login_required
def sheet_page(request, pk):
    sheet = selectors.sheet_for_page(request.user, pk)
    evaluation = sheet.evaluation
    criteria = list(evaluation.rubric.criteria.all())
    can_score = may("emulation.score", request.user, sheet)
    if request.method == "POST" and not can_score:
        raise PermissionDenied
    form = forms.SheetForm(request.POST or None, criteria=criteria, initial={"comment": sheet.comment})

    def write(data):
        return services.sheet_submit(acting_user=request.user, sheet=sheet, marks=form.marks(), comment=data["comment"])

    if submit(request, form, write):
        messages.success(request, _("Đã gửi phiếu chấm."))
        return redirect("emulation:evaluation", pk=evaluation.pk)
    practice = evaluation.practice
    rows = selectors.sheet_rows(request.user, evaluation)
    mine = next(row for row in rows if row.mine)
    context = council_context(
        request, practice.unit, sheet=sheet, evaluation=evaluation, practice=practice, form=form, mine=mine,
        can_score=can_score, criteria=criteria, practice_url=practice_url(practice),
        indicators=list(practice.indicators.all()),
    )  # fmt: skip
    return render(request, "emulation/sheet.html", context, status=status_of(form))


@login_required
def my_sheets(request):
    page = Paginator(selectors.my_sheets(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = council_context(request, None, page=page)
    return render(request, "emulation/my_sheets.html", context)


def _evaluation_for(request, pk, perm):
    evaluation = selectors.evaluation_for_page(request.user, pk)
    if not may(perm, request.user, evaluation):
        raise PermissionDenied
    return evaluation


@login_required
def evaluation_close(request, pk):
    evaluation = _evaluation_for(request, pk, "emulation.evaluate")
    if evaluation.closed_on is not None:
        return redirect("emulation:evaluation", pk=evaluation.pk)
    form = forms.CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})

    def write(data):
        return services.evaluation_close(
            acting_user=request.user, evaluation=evaluation, note=data["note"], closed_on=data["closed_on"]
        )

    if submit(request, form, write):
        messages.success(request, _("Đã kết thúc chấm điểm."))
        return redirect("emulation:evaluation", pk=evaluation.pk)
    practice = evaluation.practice
    context = council_context(
        request, practice.unit, practice=practice, form=form, state=state_of(request, evaluation),
        limit=schedule.setting_for(practice.unit).spread_limit, practice_url=practice_url(practice),
    )  # fmt: skip
    return render(request, "emulation/evaluation_close.html", context, status=status_of(form))


@login_required
def decision_add(request, pk):
    evaluation = _evaluation_for(request, pk, "emulation.decide")
    form = forms.DecisionForm(request.POST or None, initial={"date": timezone.localdate(), "outcome": "cong_nhan"})

    def write(data):
        return services.decision_record(acting_user=request.user, evaluation=evaluation, **data)

    if submit(request, form, write):
        messages.success(request, _("Đã ghi quyết định."))
        return redirect(practice_url(evaluation.practice))
    practice = evaluation.practice
    context = council_context(
        request, practice.unit, practice=practice, form=form, state=state_of(request, evaluation),
        level=Level(level_of(evaluation.council)).label, practice_url=practice_url(practice),
    )  # fmt: skip
    return render(request, "emulation/decision_form.html", context, status=status_of(form))


urlpatterns = [
    path("mo-hinh/<int:pk>/cham-diem/mo/", evaluation_open, name="evaluation_open"),
    path("cham-diem/<int:pk>/", evaluation_detail, name="evaluation"),
    path("cham-diem/<int:pk>/ket-thuc/", evaluation_close, name="evaluation_close"),
    path("cham-diem/<int:pk>/quyet-dinh/", decision_add, name="decision_add"),
    path("phieu-cham/", my_sheets, name="my_sheets"),
    path("phieu-cham/<int:pk>/", sheet_page, name="sheet"),
]
