"""Public pages of the cases module: the form citizens send feedback with, and the status page."""

import uuid

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from danvan.core.forms import add_errors
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

from . import codes, forms, services, workflow
from .choices import CaseKind
from .models import Case


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
    form = forms.PublicCaseForm(request.POST or None, initial={"idempotency_key": uuid.uuid4().hex})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case, _created = services.case_submit(
                kind=data["kind"], content=data["content"], place=_place(data["place_code"]), field=data["field"],
                petitioner_name=data["petitioner_name"], petitioner_phone=data["petitioner_phone"],
                petitioner_address=data["petitioner_address"], idempotency_key=data["idempotency_key"],
            )  # fmt: skip
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
    """Status by tracking code plus the last four digits of the phone given."""
    form = forms.LookupForm(request.POST or None)
    case = None
    if request.method == "POST" and form.is_valid():
        code = codes.normalize_code(form.cleaned_data["code"])
        found = Case.objects.filter(code=code).exclude(kind=CaseKind.DENUNCIATION).select_related("unit").first()
        if found and found.petitioner_phone and found.petitioner_phone.endswith(form.cleaned_data["phone_tail"]):
            case = found
        else:
            form.add_error(None, _("Không tìm thấy vụ việc với mã và số điện thoại này."))
    context = {"form": form, "case": case}
    if case is not None:
        context["citizen_status"] = workflow.CITIZEN_LABELS[workflow.Status(case.status)]
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
