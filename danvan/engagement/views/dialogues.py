"""Dialogues: the list of a unit's dialogues, recording and correcting one, its questions and answers, its
publication, and its public page (no login)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danvan.cases.models import Case
from danvan.core.forms import status_of, submit
from danvan.core.scoping import get_scoped_or_404
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from .. import forms, selectors, services
from ..choices import CommitmentStatus, Group
from ..models import Dialogue, Question
from ..rules import may
from .base import PAGE_SIZE, base_context, cadre_of, page_unit, year_of


@login_required
def dialogue_list(request):
    if not may("engagement.view_pages", request.user):
        raise PermissionDenied
    unit = page_unit(request)
    year = year_of(request)
    page = Paginator(selectors.dialogues(request.user, unit, year=year), PAGE_SIZE).get_page(request.GET.get("page"))
    context = base_context(
        request, unit, page=page, year=year, years=list(range(timezone.localdate().year, 2019, -1)),
        can_record=may("engagement.record_dialogue", request.user, unit),
    )  # fmt: skip
    return render(request, "engagement/dialogues.html", context)


def _dialogue_form_page(request, unit, form, title, dialogue=None):
    context = base_context(
        request, unit, form=form, title=title, dialogue=dialogue, cadres=selectors.cadres_offered(request.user, unit),
        groups=[(form[forms.participant_field(code)], label) for code, label in Group.choices],
    )  # fmt: skip
    return render(request, "engagement/dialogue_form.html", context, status=status_of(form))


@login_required
def dialogue_add(request):
    unit = page_unit(request)
    if not may("engagement.record_dialogue", request.user, unit):
        raise PermissionDenied
    form = forms.DialogueForm(request.POST or None, initial={"date": timezone.localdate()})

    def write(data):
        return services.dialogue_record(
            acting_user=request.user, unit=unit, chair=cadre_of(request, data["chair_code"], unit, "chair_code"),
            **form.service_fields(),
        )  # fmt: skip

    if done := submit(request, form, write, renames={"chair": "chair_code"}):
        messages.success(request, _("Đã ghi buổi đối thoại."))
        return redirect("engagement:dialogue", pk=done.value.pk)
    return _dialogue_form_page(request, unit, form, _("Ghi buổi đối thoại"))


@login_required
def dialogue_edit(request, pk):
    dialogue = get_scoped_or_404(Dialogue.objects.select_related("unit", "chair"), request.user, pk=pk)
    if not may("engagement.change_dialogue", request.user, dialogue):
        raise PermissionDenied
    initial = {
        "date": dialogue.date, "chair_code": dialogue.chair.code, "chair_role": dialogue.chair_role,
        "topic": dialogue.topic, "location": dialogue.location, "summary": dialogue.summary,
        **{forms.participant_field(code): n for code, n in (dialogue.participants or {}).items()},
    }  # fmt: skip
    form = forms.DialogueForm(request.POST or None, initial=initial)

    def write(data):
        return services.dialogue_update(
            acting_user=request.user, dialogue=dialogue,
            chair=cadre_of(request, data["chair_code"], dialogue.unit, "chair_code"), **form.service_fields(),
        )  # fmt: skip

    if submit(request, form, write, renames={"chair": "chair_code"}):
        messages.success(request, _("Đã lưu buổi đối thoại."))
        return redirect("engagement:dialogue", pk=dialogue.pk)
    return _dialogue_form_page(request, dialogue.unit, form, _("Sửa buổi đối thoại"), dialogue)


@login_required
def dialogue_detail(request, pk):
    dialogue = get_scoped_or_404(Dialogue.objects.select_related("unit", "chair"), request.user, pk=pk)
    can_commit = may("engagement.make_commitment", request.user, dialogue.unit)
    context = base_context(
        request, dialogue.unit, dialogue=dialogue, questions=selectors.dialogue_questions(dialogue),
        participants=_participant_rows(dialogue), can_change=may("engagement.change_dialogue", request.user, dialogue),
        can_publish=may("engagement.publish_dialogue", request.user, dialogue), can_commit=can_commit,
        commit_form=forms.CommitmentForm(initial={"due_on": timezone.localdate() + timezone.timedelta(days=30)})
        if can_commit else None,
    )  # fmt: skip
    return render(request, "engagement/dialogue_detail.html", context)


def _participant_rows(dialogue):
    counts = dialogue.participants or {}
    return [(label, counts[code]) for code, label in Group.choices if counts.get(code)]


def _question_form_page(request, dialogue, form, title):
    context = base_context(
        request, dialogue.unit, dialogue=dialogue, form=form, title=title,
        villages=Unit.objects.for_user(request.user).filter(kind=UnitKind.VILLAGE, path__startswith=dialogue.unit.path)
        .only("pk", "code", "name").natural()[:300],
    )  # fmt: skip
    return render(request, "engagement/question_form.html", context, status=status_of(form))


def _question_write(request, dialogue, question=None):
    def write(data):
        village = case = None
        if data["village_code"]:
            village = (
                Unit.objects.for_user(request.user)
                .filter(code=data["village_code"].strip(), kind=UnitKind.VILLAGE, path__startswith=dialogue.unit.path)
                .first()
            )
            if village is None:
                raise ValidationError({"village_code": _("Không có thôn, tổ dân phố mã này thuộc địa bàn.")})
        if data["case_code"]:
            case = Case.objects.for_user(request.user).filter(code=data["case_code"].strip().upper()).first()
            if case is None:
                raise ValidationError({"case_code": _("Không tìm thấy vụ việc mã này trong phạm vi của bạn.")})
        fields = {k: v for k, v in data.items() if k not in ("village_code", "case_code")}
        return services.question_save(
            acting_user=request.user, dialogue=dialogue, village=village, case=case, question=question, **fields
        )

    return write


@login_required
def question_add(request, pk):
    dialogue = get_scoped_or_404(Dialogue.objects.select_related("unit"), request.user, pk=pk)
    if not may("engagement.change_dialogue", request.user, dialogue):
        raise PermissionDenied
    form = forms.QuestionForm(request.POST or None)
    renames = {"village": "village_code", "case": "case_code"}
    if submit(request, form, _question_write(request, dialogue), renames=renames):
        messages.success(request, _("Đã ghi ý kiến."))
        return redirect("engagement:dialogue", pk=dialogue.pk)
    return _question_form_page(request, dialogue, form, _("Ghi ý kiến tại đối thoại"))


@login_required
def question_edit(request, pk):
    question = get_scoped_or_404(
        Question.objects.select_related("dialogue__unit", "village", "case"), request.user, pk=pk
    )
    dialogue = question.dialogue
    if not may("engagement.change_dialogue", request.user, dialogue):
        raise PermissionDenied
    initial = {
        "content": question.content, "asker": question.asker, "asker_public": question.asker_public,
        "village_code": question.village.code if question.village else "",
        "case_code": question.case.code if question.case else "", "answer": question.answer,
        "answered_by": question.answered_by,
    }  # fmt: skip
    form = forms.QuestionForm(request.POST or None, initial=initial)
    renames = {"village": "village_code", "case": "case_code"}
    if submit(request, form, _question_write(request, dialogue, question), renames=renames):
        messages.success(request, _("Đã lưu ý kiến."))
        return redirect("engagement:dialogue", pk=dialogue.pk)
    return _question_form_page(request, dialogue, form, _("Sửa ý kiến, trả lời"))


@login_required
@require_POST
def dialogue_publish(request, pk):
    dialogue = get_scoped_or_404(Dialogue, request.user, pk=pk)
    if not may("engagement.publish_dialogue", request.user, dialogue):
        raise PermissionDenied
    form = forms.PublishForm(request.POST)

    def write(data):
        return services.dialogue_publish(acting_user=request.user, dialogue=dialogue, published=data["published"])

    if submit(request, form, write):
        messages.success(request, _("Đã công bố công khai.") if dialogue.is_published else _("Đã thôi công bố."))
    return redirect("engagement:dialogue", pk=dialogue.pk)


def public_dialogue(request, pk):
    """The public page of a published dialogue: what was asked, what was answered and promised, how far each
    promise got. The askers' names only where they agreed; no village, case, owner or evidence."""
    dialogue = selectors.public_dialogue(pk)
    if dialogue is None:
        raise Http404
    questions = selectors.dialogue_questions(dialogue)
    tally = {"kept": 0, "not_kept": 0, "open": 0}
    today = timezone.localdate()
    for question in questions:
        # A sub-commitment is shown under its parent and is not a promise of its own in the tally.
        ids = {c.pk for c in question.commitment_rows}
        question.public_children = {}
        for commitment in question.commitment_rows:
            commitment.late = (
                commitment.kept_on or today
            ) > commitment.due_on and commitment.status != CommitmentStatus.NOT_KEPT
            if commitment.parent_id in ids:
                question.public_children.setdefault(commitment.parent_id, []).append(commitment)
        question.public_rows = [c for c in question.commitment_rows if c.parent_id not in ids]
        for commitment in question.public_rows:
            commitment.public_children = question.public_children.get(commitment.pk, [])
            if commitment.status == CommitmentStatus.KEPT:
                tally["kept"] += 1
            elif commitment.status == CommitmentStatus.NOT_KEPT:
                tally["not_kept"] += 1
            else:
                tally["open"] += 1
    context = {
        "dialogue": dialogue, "questions": questions, "participants": _participant_rows(dialogue), "tally": tally,
        "KEPT": CommitmentStatus.KEPT, "NOT_KEPT": CommitmentStatus.NOT_KEPT,
    }  # fmt: skip
    return render(request, "engagement/public_dialogue.html", context)
