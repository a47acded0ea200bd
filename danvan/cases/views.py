"""Pages of the cases module: the public form and status page, and the staff list and case page."""

import datetime
import secrets
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from danvan.accounts import twofactor
from danvan.accounts.models import User
from danvan.core import calendar, ratelimit, scoping
from danvan.core.exports import xlsx_response
from danvan.core.forms import add_errors
from danvan.core.forms import submit as form_submit  # the public form's page is named submit
from danvan.core.scoping import get_scoped_or_404
from danvan.units import selectors as unit_selectors
from danvan.units.choices import UnitKind
from danvan.units.models import Unit
from danvan.units.selectors import attach_place_names

from . import actions, codes, forms, panels, selectors, services, workflow
from . import rules as case_rules
from .choices import CaseKind, Event, Step
from .models import Case, CaseAttachment, CaseEvent, DenouncerDocument, Field, IdentityGrant, RoutingRule

# Public pages: per client address, at most this many posts in LIMIT_WINDOW seconds; and at most
# LOOKUP_MISSES_PER_CODE wrong phone digits for one tracking code in MISS_WINDOW seconds.
SUBMIT_LIMIT = 20
LOOKUP_LIMIT = 30
LIMIT_WINDOW = 600
LOOKUP_MISSES_PER_CODE = 10
MISS_WINDOW = 3600


def _submitter(request):
    """Who sends a form, for its idempotency key (``services.intake_key``): a token kept in the session
    (drawn when the form is first shown, kept across sign-in) and the signed-in user."""
    token = request.session.get("intake_token")
    if not token:
        token = request.session["intake_token"] = secrets.token_hex(16)
    return f"{request.user.pk or ''}:{token}"


@never_cache
def submit(request):
    """No login; phone-friendly. The hidden key makes a double click or a retry one case."""
    submitter = _submitter(request)
    form = forms.PublicCaseForm(
        request.POST or None, request.FILES or None, initial={"idempotency_key": uuid.uuid4().hex}
    )
    if request.method == "POST" and not ratelimit.hit(
        "case-submit", ratelimit.client_address(request), SUBMIT_LIMIT, LIMIT_WINDOW
    ):
        form.is_valid()
        form.add_error(None, _("Bạn đã gửi quá nhiều lần trong ít phút; vui lòng thử lại sau."))
        return render(request, "cases/submit.html", {"form": form}, status=429)

    def write(data):  # the form checked the same rules; a ValidationError is a file, or a rule it cannot see
        place = data["place"]
        services.attachments_check(data["attachments"])
        with transaction.atomic():  # the case and its files are committed together, before the receipt
            case, created = services.case_submit(
                kind=data["kind"], content=data["content"], place=place, field=data["field"],
                petitioner_name=data["petitioner_name"], petitioner_phone=data["petitioner_phone"],
                petitioner_address=data["petitioner_address"], idempotency_key=data["idempotency_key"],
                submitter=submitter, point=data["point"],
            )  # fmt: skip
            if created and data["attachments"]:
                services.attachments_add(case=case, files=data["attachments"])
        return case

    if done := form_submit(request, form, write, {"place": "place_name"}):
        case = done.value
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
    rating_form = forms.RatingForm(request.POST if request.POST.get("action") == "rate" else None, show_legends=True)
    case = None
    status = 200
    if request.method == "POST" and form.is_valid():
        code = codes.normalize_code(form.cleaned_data["code"]) or form.cleaned_data["code"].strip().upper()
        address = ratelimit.client_address(request)
        if not ratelimit.hit("case-lookup", address, LOOKUP_LIMIT, LIMIT_WINDOW) or ratelimit.blocked(
            "case-lookup-miss", code, LOOKUP_MISSES_PER_CODE, MISS_WINDOW
        ):
            form.add_error(None, _("Bạn đã tra cứu quá nhiều lần; vui lòng thử lại sau ít phút."))
            status = 429
        else:
            found = Case.objects.filter(code=code).exclude(kind=CaseKind.DENUNCIATION).select_related("unit").first()
            tail = form.cleaned_data["phone_tail"]
            if found and found.petitioner_phone and found.petitioner_phone.endswith(tail):
                case = found
            else:
                # Wrong digits for a code count against the code, so its last four digits cannot be guessed.
                ratelimit.hit("case-lookup-miss", code, LOOKUP_MISSES_PER_CODE, MISS_WINDOW)
                form.add_error(None, _("Không tìm thấy vụ việc với mã và số điện thoại này."))
    context = {"form": form, "case": case, "rating_form": rating_form}
    if case is not None:
        if request.POST.get("action") == "rate" and form_submit(
            request, rating_form, lambda data: services.case_rate(case=case, **data)
        ):
            context["thanks"] = True
        context.update(_citizen_view(case))
        context["code"] = case.code
    return render(request, "cases/lookup.html", context, status=status)


def _citizen_view(case):
    """What the status page shows: plain status, the answer, where a forwarded case went, the merged-into case."""
    handled = case.merged_into or case
    forward = None
    if case.status == workflow.Status.FORWARDED:
        forward = case.events.filter(event=workflow.Event.FORWARD).order_by("-pk").first()
    answer = services.answer_of(handled)
    rating = services.citizen_rating(case) if handled is case else None
    can_rate = handled is case and services.rating_open(case)
    closed_since = None
    if answer is not None and handled is case and rating is None and not can_rate:
        closed_since = services.rating_last_day(answer) + datetime.timedelta(days=1)
    return {
        "citizen_status": workflow.CITIZEN_LABELS[workflow.Status(handled.status)],
        "handled": handled,
        "answer": answer,
        "can_rate": can_rate,
        "citizen_rating": rating,
        "rating_closed_since": closed_since,
        "rating_days": services.RATING_DAYS,
        "forward": forward.data if forward else None,
    }


def place_options(request):
    """Public picker: active communes and villages whose name matches ?q= (diacritics ignored)."""
    text = (request.GET.get("q") or request.GET.get("place_name") or "").strip()
    units = []
    if len(text) >= 2:
        units = attach_place_names(
            list(
                Unit.objects.filter(is_active=True, kind__in=[UnitKind.COMMUNE, UnitKind.VILLAGE])
                .search(text)
                .ranked(text)[:30]
            )
        )
    return render(request, "units/_options.html", {"units": units})


# --- staff pages -----------------------------------------------------------------------------


def unit_panel(request, unit):
    """The unit page's cases: how many belong to the unit (handled there or happened there), and the list.

    Counted for a commune or a village only; above, the figures are the dashboards' (``reports``).
    """
    count = None
    if unit.kind in (UnitKind.COMMUNE, UnitKind.VILLAGE):
        count = Case.objects.count_under(request.user, unit)
    return "cases/_unit_panel.html", {"unit": unit, "case_count": count, "is_village": unit.kind == UnitKind.VILLAGE}


PAGE_SIZE = 50


def _staff_unit(request):
    return unit_selectors.unit_for_page(request)


@login_required
def case_list(request):
    unit = _staff_unit(request)
    keys = ("kind", "status", "field", "q", "due", "mine", "attention", "from", "to", "tl_from", "tl_to", "tl", "many",
            "dg_from", "dg_to", "hl", "dg_nguon")  # fmt: skip
    filters = {key: request.GET.get(key, "") for key in keys}
    dates = {name: calendar.parse_day(filters[name]) for name in ("from", "to", "tl_from", "tl_to", "dg_from", "dg_to")}
    bad_dates = [name for name, day in dates.items() if filters[name] and day is None]
    chosen = dict(
        kind=filters["kind"], status=filters["status"], field=filters["field"], q=filters["q"], due=filters["due"],
        mine=filters["mine"], since=dates["from"], until=dates["to"], attention=filters["attention"],
        answered_since=dates["tl_from"], answered_until=dates["tl_to"], timing=filters["tl"], many=filters["many"],
        rated_since=dates["dg_from"], rated_until=dates["dg_to"], satisfied=filters["hl"],
        rating_source=filters["dg_nguon"],
    )  # fmt: skip
    qs = selectors.case_list(request.user, unit, **chosen)
    if request.GET.get("format") == "xlsx":
        answers = CaseEvent.objects.filter(case=OuterRef("pk"), event=workflow.Event.ANSWER).order_by("-day", "-pk")
        qs = qs.select_related("handler").annotate(
            answer_day=Subquery(answers.values("day")[:1]), answer_text=Subquery(answers.values("note")[:1])
        )
        header = [_("Mã theo dõi"), _("Loại"), _("Lần"), _("Lĩnh vực"), _("Trạng thái"), _("Ngày tiếp nhận"),
                  _("Hạn bước đang chạy"), _("Nơi xảy ra"), _("Đơn vị xử lý"), _("Cán bộ xử lý"),
                  _("Số người đứng đơn"), _("Nội dung"), _("Ngày trả lời"), _("Trả lời"), _("Đánh giá đúng hạn"),
                  _("Đánh giá thái độ"), _("Đánh giá kết quả"), _("Đánh giá do cán bộ ghi lại")]  # fmt: skip

        def row(c):
            rating, staff = c.citizen_rating, c.staff_rating
            return [
                c.code, c.get_kind_display(), c.round, c.field.name if c.field else "", workflow.Status(c.status).label,
                c.received_on, c.due_on, c.place.name, c.unit.name, c.handler.get_full_name() if c.handler else "",
                c.signers, c.content[:2000], c.answer_day, (c.answer_text or "")[:2000],
                rating.timeliness if rating else None, rating.attitude if rating else None,
                rating.result if rating else None, selectors.staff_rating_text(staff) if staff else "",
            ]  # fmt: skip

        rows = (row(c) for c in qs.iterator(chunk_size=2000))
        return xlsx_response(f"vu-viec-{unit.code}.xlsx", [(_("Vụ việc"), header, rows)])
    paginator = Paginator(qs, PAGE_SIZE)
    paginator.count = selectors.case_count(request.user, unit, **chosen)  # two index reads, not one scan
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = panels.CASE_LIST.mark(list(page.object_list))
    context = {
        "unit": unit,
        "page": page,
        "filters": filters,
        "query": urlencode({"unit": unit.pk, **{k: v for k, v in filters.items() if v}}),
        "bad_dates": bad_dates,
        "report_keys": ("tl_from", "tl_to", "tl", "many", "dg_from", "dg_to", "hl", "dg_nguon"),
        "kinds": CaseKind.choices,
        "statuses": workflow.Status.choices,
        "fields": Field.objects.filter(is_active=True),
        "today": timezone.localdate(),
        "can_route": case_rules.may("cases.routing_rule_change", request.user, unit),
        "can_audit_identities": case_rules.may("cases.audit_register", request.user, unit),
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit),
    }
    return render(request, "cases/case_list.html", context)


def _case_forms(request, case, answered):
    """The forms of the case page the user may use now (``actions.offered``), bound to the POST of the one
    submitted."""
    action = request.POST.get("action") if request.method == "POST" else None
    built = {}
    for name, form_class, kwargs in actions.offered(case, request.user, answered):
        data = (request.POST, request.FILES) if action == name else ()
        built[name] = form_class(*data, prefix=name, **kwargs)
    return action, built


@login_required
def case_detail(request, pk):
    case = get_scoped_or_404(
        Case.objects.select_related("unit", "place", "field", "handler", "merged_into").prefetch_related(
            selectors.ratings_prefetch()
        ),
        request.user,
        pk=pk,
    )
    answer = services.answer_of(case)
    action, case_forms = _case_forms(request, case, answer is not None)
    failed_panel = None
    if request.method == "POST":
        form = case_forms.get(action)
        if form is None:
            raise PermissionDenied
        renames = actions.BY_NAME[action].renames if action in actions.BY_NAME else None
        if done := form_submit(request, form, lambda data: actions.perform(action, case, request.user, data), renames):
            messages.success(request, done.value)
            if not Case.objects.for_user(request.user).filter(pk=case.pk).exists():
                return redirect("cases_staff:list")  # reassigned out of the user's scope
            return redirect("cases_staff:detail", pk=case.pk)
        # Named at the top of the page, with a link; the page's script opens the panel and goes to the field.
        failed_panel = {"name": action, "title": actions.title(action)}
    state = services.case_state(case)
    events = list(case.events.select_related("actor").prefetch_related("attachments"))
    second_round = None
    if case.kind == CaseKind.COMPLAINT and case.round == 1:
        allowed, until, existing = services.second_round_status(case)
        target = services.second_round_target(case)
        second_round = {
            "allowed": allowed, "until": until, "existing": existing, "target": target,
            "can_open": allowed and case_rules.may("cases.open_second_round", request.user, target),
        }  # fmt: skip
    context = {
        "case": case,
        "unit": case.unit,
        "events": events,
        "clocks": workflow.clocks(
            case.kind, case.round, state, timezone.localdate(), remote=case.is_remote, complexity=case.complexity
        ),
        "forms": case_forms,
        "panels": [(a.name, a.title, case_forms[a.name]) for a in actions.PANELS if a.name in case_forms],
        "open_action": action,
        "failed_panel": failed_panel,
        "status_label": workflow.Status(case.status).label,
        "denouncer": getattr(case, "denouncer", None) if case.kind == CaseKind.DENUNCIATION else None,
        "identity_page": case.kind == CaseKind.DENUNCIATION
        and case_rules.may("cases.open_identity_page", request.user, case),
        "show_petitioner": request.user.has_perm("cases.see_petitioner", case),
        "linked": services.linked_cases(case, request.user),
        "suggestions": services.link_suggestions(case, request.user) if "link" in case_forms else [],
        "merged_here": Case.objects.for_user(request.user).filter(merged_into=case),
        "second_round": second_round,
        "rating_refused": answer is not None
        and case.staff_rating is None
        and "rate" not in case_forms
        and case_rules.may("cases.submit_on_behalf", request.user, case.unit),
        "extra_panels": panels.render_panels(request, case),
        "crumbs": unit_selectors.unit_breadcrumbs(request.user, case.unit),
        "Event": Event,
        "Step": Step,
    }
    return render(request, "cases/case_detail.html", context)


@login_required
def second_round(request, pk):
    """Open the second-round complaint of a first-round one, at the unit directly above."""
    first = get_scoped_or_404(Case.objects.select_related("unit", "place", "field"), request.user, pk=pk,
                              kind=CaseKind.COMPLAINT, round=1)  # fmt: skip
    target = services.second_round_target(first)
    submitter = _submitter(request)
    form = forms.SecondRoundForm(
        request.POST or None, initial={"received_on": timezone.localdate(), "idempotency_key": uuid.uuid4().hex}
    )

    def write(data):
        case, _created = services.complaint_second_round(
            first=first, acting_user=request.user, content=data["content"], channel=data["channel"],
            received_on=data["received_on"], idempotency_key=data["idempotency_key"], submitter=submitter,
        )  # fmt: skip
        return case

    if done := form_submit(request, form, write):
        case = done.value
        messages.success(request, _("Đã tiếp nhận khiếu nại lần 2, mã theo dõi %(code)s.") % {"code": case.code})
        return redirect("cases_staff:detail", pk=case.pk)
    allowed, until, existing = services.second_round_status(first)
    context = {"first": first, "form": form, "target": target, "allowed": allowed, "until": until,
               "existing": existing, "unit": first.unit,
               "show_petitioner": request.user.has_perm("cases.see_petitioner", first)}  # fmt: skip
    return render(request, "cases/second_round.html", context)


@login_required
def reception(request):
    """Officers enter a case for a citizen; a denunciation's identity goes to the sealed store."""
    if not request.user.has_perm("cases.enter_cases"):
        raise PermissionDenied
    unit = _staff_unit(request)
    submitter = _submitter(request)
    form = forms.ReceptionForm(
        request.POST or None, request.FILES or None, user=request.user,
        initial={"received_on": timezone.localdate(), "idempotency_key": uuid.uuid4().hex},
    )  # fmt: skip

    def write(data):
        place = data["place"]
        if data["kind"] == CaseKind.DENUNCIATION:
            identity = {"name": data["petitioner_name"], "phone": data["petitioner_phone"],
                        "address": data["petitioner_address"]}  # fmt: skip
            try:
                case, _created = services.denunciation_receive(
                    acting_user=request.user, content=data["content"], place=place, identity=identity,
                    field=data["field"], channel=data["channel"], received_on=data["received_on"],
                    idempotency_key=data["idempotency_key"], submitter=submitter, documents=data["attachments"],
                )  # fmt: skip
            except PermissionDenied as exc:
                if not str(exc):
                    raise
                # The denunciation lands on a unit this user does not work at: said on the form.
                raise ValidationError({"kind": str(exc)}) from exc
            return case
        services.attachments_check(data["attachments"])
        with transaction.atomic():  # the case and its files together
            case, created = services.case_submit(
                kind=data["kind"], content=data["content"], place=place, channel=data["channel"],
                field=data["field"], petitioner_name=data["petitioner_name"],
                petitioner_phone=data["petitioner_phone"], petitioner_address=data["petitioner_address"],
                idempotency_key=data["idempotency_key"], submitter=submitter, acting_user=request.user,
                on_behalf=True,
                received_on=data["received_on"], signers=data["signers"] or 1,
            )  # fmt: skip
            if created and data["attachments"]:
                services.attachments_add(case=case, files=data["attachments"], acting_user=request.user)
        return case

    renames = {"place": "place_name", "identity_name": "petitioner_name", "identity_phone": "petitioner_phone",
               "identity_address": "petitioner_address"}  # fmt: skip
    if done := form_submit(request, form, write, renames):
        case = done.value
        messages.success(request, _("Đã tiếp nhận, mã theo dõi %(code)s.") % {"code": case.code})
        return redirect("cases_staff:detail", pk=case.pk)
    context = {"form": form, "unit": unit, "suggestion_url": panels.RECEPTION.suggestion_url(request)}
    return render(request, "cases/reception.html", context)


@login_required
def identity(request, pk):
    """A denunciation's sealed identity: read it (a granted user, with a reason and a fresh code; logged and
    told to the unit's leader), name the resolver, designate the intake officer, audit the register."""
    permissions = case_rules

    case = get_scoped_or_404(
        Case.objects.select_related("unit", "denouncer"), request.user, pk=pk, kind=CaseKind.DENUNCIATION
    )
    may = {name: permissions.may(f"cases.{name}", request.user, case)
           for name in ("read_identity", "name_resolver", "designate_intake", "audit_identity")}  # fmt: skip
    if not permissions.may("cases.open_identity_page", request.user, case):
        raise PermissionDenied
    own = IdentityGrant.objects.filter(case=case, user=request.user, revoked_at__isnull=True).first()
    action = request.POST.get("action") if request.method == "POST" else None
    if action not in (None, "reveal", "resolver", "designate"):
        raise PermissionDenied
    revealed = None
    status = 200
    reveal_form = forms.RevealForm(request.POST if action == "reveal" else None)
    person_form = forms.PersonForm(request.POST if action in ("resolver", "designate") else None)
    if action == "reveal" and reveal_form.is_valid():
        try:
            revealed = services.identity_reveal(
                case=case, acting_user=request.user, reason=reveal_form.cleaned_data["reason"],
                otp_token=reveal_form.cleaned_data["otp_token"],
            )  # fmt: skip
        except ValidationError as exc:
            add_errors(reveal_form, exc)
        except PermissionDenied as exc:
            reveal_form.add_error(None, str(exc) or _("Không được phép."))
            status = 403
    elif action in ("resolver", "designate") and person_form.is_valid():
        person = User.objects.filter(username=person_form.cleaned_data["username"].strip(), is_active=True).first()
        if person is None:
            person_form.add_error("username", _("Không có người dùng này."))
        else:
            try:
                if action == "resolver":
                    services.identity_name_resolver(case=case, resolver=person, acting_user=request.user)
                    messages.success(request, _("Đã giao người giải quyết."))
                else:
                    services.identity_designate(case=case, officer=person, acting_user=request.user)
                    messages.success(request, _("Đã giao cán bộ tiếp nhận."))
                return redirect("cases_staff:identity", pk=case.pk)
            except ValidationError as exc:
                add_errors(person_form, exc, {"resolver": "username", "officer": "username"})
            except PermissionDenied as exc:
                person_form.add_error(None, str(exc) or _("Không được phép."))
                status = 403
    if status == 200 and (reveal_form.errors or person_form.errors):
        status = 400
    show_grants = may["name_resolver"] or may["audit_identity"] or own is not None
    context = {
        "case": case, "may": may, "own_grant": own, "revealed": revealed,
        "reveal_form": reveal_form, "person_form": person_form, "action": action,
        "has_second_factor": twofactor.has_second_factor(request.user),
        "grants": case.identity_grants.filter(revoked_at__isnull=True).select_related("user", "granted_by")
        if show_grants else [],
        "reveals": case.identity_reveals.select_related("user")[:100] if may["audit_identity"] else [],
        "documents": case.denouncer.documents.only("pk", "size") if revealed else [],
    }  # fmt: skip
    response = render(request, "cases/identity.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def identity_register(request):
    """The register of openings of denouncers' identities and scans, for the leaders and administrators of
    the handling units and of the units above them (the inspecting unit): who, when, why, allowed or refused."""
    unit = unit_selectors.unit_for_page(request, scoping.APPROVE)
    rows = selectors.identity_register(request.user, unit)
    if request.GET.get("format") == "xlsx":
        header = [_("Thời gian"), _("Vụ việc"), _("Đơn vị xử lý"), _("Người mở"), _("Tên đăng nhập"), _("Nội dung mở"),
                  _("Lý do"), _("Được phép"), _("Lý do từ chối")]  # fmt: skip
        data = ((r.at, r.case.code, r.case.unit.name, r.user.get_full_name(), r.user.username, r.get_kind_display(),
                 r.reason, r.allowed, r.get_refusal_display()) for r in rows.iterator())  # fmt: skip
        return xlsx_response("so-mo-danh-tinh.xlsx", [(_("Sổ mở danh tính"), header, data)])
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {"unit": unit, "page": page, "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit)}
    response = render(request, "cases/identity_register.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def attachment(request, pk):
    """A case's attachment, to users who may see the case: images shown, PDFs downloaded, never HTML."""
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


@login_required
def identity_document(request, pk, doc):
    """A sealed scan of a denunciation, opened for a granted user (logged), never cached."""
    case = get_scoped_or_404(Case.objects.all(), request.user, pk=pk, kind=CaseKind.DENUNCIATION)
    document = get_object_or_404(DenouncerDocument.objects.select_related("identity__case"), pk=doc,
                                 identity__case=case)  # fmt: skip
    data = services.identity_document_open(document=document, acting_user=request.user)
    kind = services.attachment_kind(data[:8])
    if kind is None:
        raise PermissionDenied
    response = HttpResponse(data, content_type=kind[0])
    disposition = "attachment" if kind[0] == "application/pdf" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{case.code}-tl{document.pk}{kind[1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "no-store"
    return response


@login_required
def routing_rules(request):
    """Where cases go, per unit and field: the administrators of a unit set it for the places below."""
    unit = unit_selectors.unit_for_page(request, scoping.MANAGE_USERS)
    form = forms.RoutingRuleForm(request.POST if request.POST.get("action") == "save" else None)
    if request.method == "POST":
        if request.POST.get("action") == "delete":
            rule = get_object_or_404(
                RoutingRule.objects.for_user(request.user, scoping.MANAGE_USERS), pk=request.POST.get("rule")
            )
            services.routing_rule_delete(acting_user=request.user, rule=rule)
            messages.success(request, _("Đã xóa quy tắc."))
            return redirect(f"{request.path}?unit={unit.pk}")

        def write(data):
            managed = Unit.objects.for_user(request.user, scoping.MANAGE_USERS).filter(is_active=True)
            where = managed.filter(code=data["unit_code"].strip()).first()
            target = managed.filter(code=data["target_code"].strip()).first()
            unknown = {name: _("Không có đơn vị mã này trong phạm vi bạn quản trị.")
                       for name, found in (("unit_code", where), ("target_code", target)) if found is None}  # fmt: skip
            if unknown:
                raise ValidationError(unknown)
            return services.routing_rule_save(
                acting_user=request.user, unit=where, target=target, field=data["field"], note=data["note"]
            )

        if form_submit(request, form, write, {"target": "target_code"}):
            messages.success(request, _("Đã lưu quy tắc."))
            return redirect(f"{request.path}?unit={unit.pk}")
    rules = (
        RoutingRule.objects.for_user(request.user)
        .filter(unit__path__startswith=unit.path)
        .select_related("unit", "field", "target")
        .order_by("unit__path", "field__order")
    )
    context = {"unit": unit, "rules": rules, "form": form,
               "crumbs": unit_selectors.unit_breadcrumbs(request.user, unit)}  # fmt: skip
    return render(request, "cases/routing_rules.html", context)
