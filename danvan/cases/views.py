"""Pages of the cases module: the public form and status page, and the staff list and case page."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from danvan.core.forms import add_errors
from danvan.units import selectors as unit_selectors
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from . import codes, forms, selectors, services, workflow
from .choices import CaseKind
from .models import Case, Field


def _place(code):
    code = (code or "").strip()
    return (
        Unit.objects.filter(code=code, is_active=True, kind__in=[UnitKind.COMMUNE, UnitKind.VILLAGE]).first()
        if code
        else None
    )


@never_cache
def submit(request):
    """No login; phone-friendly. The hidden key makes a double click or a retry one case."""
    form = forms.PublicCaseForm(
        request.POST or None, request.FILES or None, initial={"idempotency_key": uuid.uuid4().hex}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.attachments_check(data["attachments"])
            with transaction.atomic():  # the case and its files are committed together, before the receipt
                case, created = services.case_submit(
                    kind=data["kind"], content=data["content"], place=_place(data["place_code"]), field=data["field"],
                    petitioner_name=data["petitioner_name"], petitioner_phone=data["petitioner_phone"],
                    petitioner_address=data["petitioner_address"], idempotency_key=data["idempotency_key"],
                )  # fmt: skip
                if created and data["attachments"]:
                    services.attachments_add(case=case, files=data["attachments"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "place" in exc.error_dict:
                exc.error_dict["place_code"] = exc.error_dict.pop("place")
            add_errors(form, exc)
        else:
            request.session["cases_sent"] = [*request.session.get("cases_sent", [])[-9:], case.code]
            return redirect("cases:sent", code=case.code)
    return render(request, "cases/submit.html", {"form": form})


@never_cache
def sent(request, code):
    """The receipt: only shown to the browser that sent the case (its session holds the code)."""
    if code not in request.session.get("cases_sent", []):
        return redirect("cases:lookup")
    case = get_object_or_404(Case, code=code)
    return render(request, "cases/sent.html", {"case": case})


@never_cache
def lookup(request):
    """Status by tracking code plus the last four digits of the phone given; the answer and the rating."""
    form = forms.LookupForm(request.POST or None)
    rating_form = forms.RatingForm(request.POST if request.POST.get("action") == "rate" else None)
    case = None
    if request.method == "POST" and form.is_valid():
        code = codes.normalize_code(form.cleaned_data["code"])
        found = Case.objects.filter(code=code).exclude(kind=CaseKind.DENUNCIATION).select_related("unit").first()
        if found and found.petitioner_phone and found.petitioner_phone.endswith(form.cleaned_data["phone_tail"]):
            case = found
        else:
            form.add_error(None, _("Không tìm thấy vụ việc với mã và số điện thoại này."))
    context = {"form": form, "case": case, "rating_form": rating_form}
    if case is not None:
        if request.POST.get("action") == "rate" and rating_form.is_valid():
            try:
                services.case_rate(case=case, **rating_form.cleaned_data)
            except ValidationError as exc:
                add_errors(rating_form, exc)
            else:
                context["thanks"] = True
        context["citizen_status"] = workflow.CITIZEN_LABELS[workflow.Status(case.status)]
        context["answer"] = services.answer_of(case)
        context["can_rate"] = services.rating_open(case)
        context["code"] = case.code
    return render(request, "cases/lookup.html", context)


def place_options(request):
    """Public picker: active communes and villages whose name matches ?q= (diacritics ignored)."""
    from danvan.units.selectors import attach_place_names

    text = (request.GET.get("q") or request.GET.get("place_code") or "").strip()
    units = []
    if len(text) >= 2:
        units = attach_place_names(
            list(
                Unit.objects.filter(is_active=True, kind__in=[UnitKind.COMMUNE, UnitKind.VILLAGE])
                .search(text)
                .order_by("depth", "name_folded")[:30]
            )
        )
    return render(request, "units/_options.html", {"units": units})


# --- staff pages -----------------------------------------------------------------------------

PAGE_SIZE = 50


def _staff_unit(request):
    return unit_selectors.unit_for_page(request)


@login_required
def case_list(request):
    unit = _staff_unit(request)
    filters = {key: request.GET.get(key, "") for key in ("kind", "status", "field", "q", "due")}
    qs = selectors.case_list(request.user, unit, **filters)
    if request.GET.get("format") == "xlsx":
        from danvan.core.exports import xlsx_response

        header = [_("Mã theo dõi"), _("Loại"), _("Lĩnh vực"), _("Trạng thái"), _("Ngày tiếp nhận"), _("Hạn bước đang chạy"),
                  _("Nơi xảy ra"), _("Đơn vị xử lý"), _("Nội dung")]  # fmt: skip
        rows = (
            [c.code, c.get_kind_display(), c.field.name if c.field else "", workflow.Status(c.status).label,
             c.received_on, c.due_on, c.place.name, c.unit.name, c.content[:500]]
            for c in qs.iterator(chunk_size=2000)
        )  # fmt: skip
        return xlsx_response(f"vu-viec-{unit.code}.xlsx", [(_("Vụ việc"), header, rows)])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "page": page,
        "filters": filters,
        "kinds": CaseKind.choices,
        "statuses": workflow.Status.choices,
        "fields": Field.objects.filter(is_active=True),
        "today": timezone.localdate(),
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit),
    }
    return render(request, "cases/case_list.html", context)


@login_required
def case_detail(request, pk):
    from danvan.core import scoping
    from danvan.core.scoping import get_scoped_or_404

    case = get_scoped_or_404(Case.objects.select_related("unit", "place", "field", "rating"), request.user, pk=pk)
    can_act = scoping.path_in_scope(request.user, case.unit.path, scoping.MANAGE)
    form = forms.StepForm(request.POST or None, status=case.status, initial={"day": timezone.localdate()})
    if request.method == "POST":
        if not can_act:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.case_record(
                    case=case, event=form.cleaned_data["event"], actor=request.user, day=form.cleaned_data["day"],
                    note=form.cleaned_data["note"],
                )  # fmt: skip
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi bước mới."))
                return redirect("cases_staff:detail", pk=case.pk)
    state = services.case_state(case)
    context = {
        "case": case,
        "unit": case.unit,
        "events": case.events.select_related("actor"),
        "clocks": workflow.clocks(
            case.kind, case.round, state, timezone.localdate(), remote=case.is_remote, complexity=case.complexity
        ),
        "form": form if can_act and workflow.allowed_events(case.status) else None,
        "status_label": workflow.Status(case.status).label,
        "denouncer": getattr(case, "denouncer", None) if case.kind == CaseKind.DENUNCIATION else None,
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, case.unit),
    }
    return render(request, "cases/case_detail.html", context)


@login_required
def reception(request):
    """Officers enter a case for a citizen; a denunciation's identity goes to the sealed store."""
    from danvan.core import scoping

    unit = _staff_unit(request)
    form = forms.ReceptionForm(
        request.POST or None, initial={"received_on": timezone.localdate(), "idempotency_key": uuid.uuid4().hex}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = (
            Unit.objects.for_user(request.user, scoping.ENTER)
            .filter(code=data["place_code"].strip(), is_active=True, kind__in=[UnitKind.COMMUNE, UnitKind.VILLAGE])
            .first()
        )
        if place is None:
            form.add_error("place_code", _("Không có xã, phường hoặc thôn mã này trong phạm vi bạn được tiếp nhận."))
        elif data["received_on"] > timezone.localdate():
            form.add_error("received_on", _("Không ghi ngày ở tương lai."))
        else:
            try:
                if data["kind"] == CaseKind.DENUNCIATION:
                    identity = {"name": data["petitioner_name"], "phone": data["petitioner_phone"],
                                "address": data["petitioner_address"]}  # fmt: skip
                    case, _created = services.denunciation_receive(
                        entered_by=request.user, content=data["content"], place=place, identity=identity,
                        field=data["field"], received_on=data["received_on"], idempotency_key=data["idempotency_key"],
                    )  # fmt: skip
                else:
                    case, _created = services.case_submit(
                        kind=data["kind"], content=data["content"], place=place, channel=data["channel"],
                        field=data["field"], petitioner_name=data["petitioner_name"],
                        petitioner_phone=data["petitioner_phone"], petitioner_address=data["petitioner_address"],
                        idempotency_key=data["idempotency_key"], entered_by=request.user, on_behalf=True,
                        received_on=data["received_on"],
                    )  # fmt: skip
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    renames = {"place": "place_code", "identity_name": "petitioner_name",
                               "identity_address": "petitioner_address"}  # fmt: skip
                    for old, new in renames.items():
                        if old in exc.error_dict:
                            exc.error_dict[new] = exc.error_dict.pop(old)
                add_errors(form, exc)
            else:
                messages.success(request, _("Đã tiếp nhận, mã theo dõi %(code)s.") % {"code": case.code})
                return redirect("cases_staff:detail", pk=case.pk)
    return render(request, "cases/reception.html", {"form": form, "unit": unit})


@login_required
def identity(request, pk):
    """Reveal a denouncer's identity to a granted user (logged); name the resolver; designate an officer."""
    from danvan.accounts.models import User
    from danvan.core.scoping import get_scoped_or_404

    case = get_scoped_or_404(Case.objects.select_related("unit"), request.user, pk=pk, kind=CaseKind.DENUNCIATION)
    revealed = None
    reveal_form = forms.RevealForm(request.POST if request.POST.get("action") == "reveal" else None)
    person_form = forms.PersonForm(request.POST if request.POST.get("action") in ("resolver", "designate") else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "reveal" and reveal_form.is_valid():
                revealed = services.identity_reveal(
                    case=case, user=request.user, reason=reveal_form.cleaned_data["reason"]
                )
            elif action in ("resolver", "designate") and person_form.is_valid():
                person = User.objects.filter(
                    username=person_form.cleaned_data["username"].strip(), is_active=True
                ).first()
                if person is None:
                    person_form.add_error("username", _("Không có người dùng này."))
                elif action == "resolver":
                    services.identity_name_resolver(case=case, resolver=person, acting_user=request.user)
                    messages.success(request, _("Đã giao người giải quyết."))
                    return redirect("cases_staff:identity", pk=case.pk)
                else:
                    services.identity_designate(case=case, officer=person, acting_user=request.user)
                    messages.success(request, _("Đã giao cán bộ tiếp nhận."))
                    return redirect("cases_staff:identity", pk=case.pk)
        except ValidationError as exc:
            add_errors(reveal_form if action == "reveal" else person_form, exc)
    grants = case.identity_grants.filter(revoked_at__isnull=True).select_related("user")
    response = render(
        request,
        "cases/identity.html",
        {"case": case, "revealed": revealed, "reveal_form": reveal_form, "person_form": person_form, "grants": grants,
         "reveals": case.identity_reveals.select_related("user")[:50]},
    )  # fmt: skip
    response["Cache-Control"] = "no-store"
    return response


@login_required
def attachment(request, pk):
    """A case's attachment, to users who may see the case: images shown, PDFs downloaded, never HTML."""
    from django.http import FileResponse

    from danvan.core.scoping import get_scoped_or_404

    from .models import CaseAttachment

    item = get_scoped_or_404(CaseAttachment.objects.select_related("case"), request.user, pk=pk)
    handle = item.file.open("rb")
    kind = services.attachment_kind(handle.read(8))
    handle.seek(0)
    if kind is None:
        handle.close()
        raise PermissionDenied
    response = FileResponse(handle, content_type=kind[0], as_attachment=kind[0] == "application/pdf",
                            filename=f"{item.case.code}-{item.pk}{kind[1]}")  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
