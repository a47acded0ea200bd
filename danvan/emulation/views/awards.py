"""Commendation: a unit's conferences, a conference with its awards and the form to add one, the annex of its
decision printable, awards given outside a conference, and the awards part of a registration's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.forms import status_of, submit
from danvan.units.models import Unit

from .. import council_forms as forms
from .. import selectors, services
from ..choices import Kind, Recipient
from ..rules import COUNCIL_UNITS, may
from ..services.evaluations import level_of
from .base import page_unit
from .council_base import council_context, practice_url


@login_required
def conference_list(request):
    if not may("emulation.view_pages", request.user):
        raise PermissionDenied
    unit = page_unit(request)
    context = council_context(
        request, unit, conferences=selectors.conferences(request.user, unit),
        awards=selectors.awards_outside_conferences(request.user, unit),
        can_commend=may("emulation.commend", request.user, unit),
    )  # fmt: skip
    return render(request, "emulation/conferences.html", context)


def _conference_form_page(request, unit, conference=None):
    initial = (
        {"name": conference.name, "held_on": conference.held_on, "decision_number": conference.decision_number,
         "decision_on": conference.decision_on, "signer": conference.signer}
        if conference else {"held_on": timezone.localdate(), "decision_on": timezone.localdate()}
    )  # fmt: skip
    form = forms.ConferenceForm(request.POST or None, initial=initial)

    def write(data):
        return services.conference_save(acting_user=request.user, unit=unit, conference=conference, **data)

    if done := submit(request, form, write):
        messages.success(request, _("Đã lưu hội nghị khen thưởng."))
        return redirect("emulation:conference", pk=done.value.pk)
    title = _("Sửa hội nghị khen thưởng") if conference else _("Ghi hội nghị biểu dương, khen thưởng")
    context = council_context(request, unit, form=form, conference=conference, title=title)
    return render(request, "emulation/conference_form.html", context, status=status_of(form))


@login_required
def conference_add(request):
    unit = page_unit(request)
    if not may("emulation.commend", request.user, unit):
        raise PermissionDenied
    return _conference_form_page(request, unit)


@login_required
def conference_edit(request, pk):
    conference = selectors.conference_for_page(request.user, pk)
    if not may("emulation.commend", request.user, conference.unit):
        raise PermissionDenied
    return _conference_form_page(request, conference.unit, conference)


def _award_initial(unit, conference=None, practice=None):
    initial = {"recipient_kind": Recipient.COLLECTIVE, "level": level_of(unit), "decision_on": timezone.localdate()}
    if conference is not None:
        initial |= {"decision_number": conference.decision_number, "decision_on": conference.decision_on}
    if practice is not None:
        initial |= {"practices": [practice.pk], "recipient": practice.holder or practice.unit.name,
                    "recipient_kind": Recipient.INDIVIDUAL if practice.kind == Kind.EXEMPLAR else Recipient.COLLECTIVE}  # fmt: skip
    return initial


def _award_form(request, unit, initial):
    offered = list(selectors.recognised_under(request.user, unit))
    return forms.AwardEntryForm(request.POST or None, offered=offered, initial=initial)


def _award_write(request, unit, form, conference=None, award=None):
    def write(data):
        fields = {k: v for k, v in data.items() if k != "practices"}
        return services.award_save(
            acting_user=request.user, unit=unit, conference=conference, award=award, practices=form.chosen(),
            **fields,
        )  # fmt: skip

    return write


@login_required
def conference_detail(request, pk):
    conference = selectors.conference_for_page(request.user, pk)
    can_commend = may("emulation.commend", request.user, conference.unit)
    annex = selectors.annex(conference)
    context = council_context(
        request, conference.unit, conference=conference, annex=annex, can_commend=can_commend,
        form=_award_form(request, conference.unit, _award_initial(conference.unit, conference)) if can_commend
        else None,
    )  # fmt: skip
    return render(request, "emulation/conference_detail.html", context)


@login_required
def conference_award_add(request, pk):
    conference = selectors.conference_for_page(request.user, pk)
    if not may("emulation.commend", request.user, conference.unit):
        raise PermissionDenied
    form = _award_form(request, conference.unit, _award_initial(conference.unit, conference))
    if submit(request, form, _award_write(request, conference.unit, form, conference)):
        messages.success(request, _("Đã ghi khen thưởng vào danh sách của hội nghị."))
        return redirect("emulation:conference", pk=conference.pk)
    context = council_context(
        request, conference.unit, conference=conference, form=form, title=_("Thêm khen thưởng tại hội nghị")
    )
    return render(request, "emulation/award_form.html", context, status=status_of(form))


@login_required
def annex_page(request, pk):
    """The conference's list laid out as its decision's annex, to print."""
    conference = selectors.conference_for_page(request.user, pk)
    context = council_context(request, conference.unit, conference=conference, annex=selectors.annex(conference))
    return render(request, "emulation/annex.html", context)


@login_required
def award_add(request):
    """An award given outside a conference (``?practice=<id>`` names the model it is for)."""
    unit = page_unit(request)
    if not may("emulation.commend", request.user, unit):
        raise PermissionDenied
    practice = None
    if request.GET.get("practice"):
        practice = selectors.practice_for_page(request.user, request.GET["practice"])
    form = _award_form(request, unit, _award_initial(unit, practice=practice))
    if submit(request, form, _award_write(request, unit, form)):
        messages.success(request, _("Đã ghi khen thưởng."))
        return redirect(practice_url(practice) if practice else f"{reverse('emulation:conferences')}?unit={unit.pk}")
    context = council_context(request, unit, form=form, practice=practice, title=_("Ghi khen thưởng"))
    return render(request, "emulation/award_form.html", context, status=status_of(form))


@login_required
def award_edit(request, pk):
    award = selectors.award_for_page(request.user, pk)
    if not may("emulation.commend", request.user, award.unit):
        raise PermissionDenied
    initial = {
        "recipient_kind": award.recipient_kind, "recipient": award.recipient, "form": award.form,
        "recipient_detail": award.recipient_detail, "level": award.level, "decision_number": award.decision_number,
        "decision_on": award.decision_on, "achievement": award.achievement,
        "practices": [p.pk for p in award.practices.all()],
    }  # fmt: skip
    form = _award_form(request, award.unit, initial)
    if submit(request, form, _award_write(request, award.unit, form, award.conference, award)):
        messages.success(request, _("Đã lưu khen thưởng."))
        if award.conference_id:
            return redirect("emulation:conference", pk=award.conference_id)
        return redirect(f"{reverse('emulation:conferences')}?unit={award.unit_id}")
    context = council_context(
        request, award.unit, form=form, award=award, conference=award.conference, title=_("Sửa khen thưởng")
    )
    return render(request, "emulation/award_form.html", context, status=status_of(form))


def _commending_unit(request, practice):
    """The nearest commune or province at or above the registering unit where the user may commend."""
    paths = [practice.unit.path[:n] for n in range(len(practice.unit.path), 0, -Unit.steplen)]
    for unit in Unit.objects.filter(path__in=paths, kind__in=COUNCIL_UNITS).order_by("-depth"):
        if may("emulation.commend", request.user, unit):
            return unit
    return None


def panel(request, practice):
    """The awards part of a registration's page: ``{"template": "emulation/_awards_panel.html", "awards": [...],
    "award_url": str | None}`` (the link to record an award for the model, for who may commend at its unit or
    above), or None when the model has no award and none can be recorded."""
    awards = selectors.practice_awards(request.user, practice)
    unit = _commending_unit(request, practice) if practice.is_recognised else None
    if not awards and unit is None:
        return None
    award_url = f"{reverse('emulation:award_add')}?unit={unit.pk}&practice={practice.pk}" if unit else None
    return {"template": "emulation/_awards_panel.html", "awards": awards, "award_url": award_url}


urlpatterns = [
    path("hoi-nghi/", conference_list, name="conferences"),
    path("hoi-nghi/them/", conference_add, name="conference_add"),
    path("hoi-nghi/<int:pk>/", conference_detail, name="conference"),
    path("hoi-nghi/<int:pk>/sua/", conference_edit, name="conference_edit"),
    path("hoi-nghi/<int:pk>/khen-thuong/", conference_award_add, name="conference_award_add"),
    path("hoi-nghi/<int:pk>/phu-luc/", annex_page, name="annex"),
    path("khen-thuong/them/", award_add, name="award_add"),
    path("khen-thuong/<int:pk>/sua/", award_edit, name="award_edit"),
]
