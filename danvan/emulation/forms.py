"""Forms of the "Dân vận khéo" module. They read and type-check what is typed; every rule is in ``validators``
(called here and by the services), and a service's ``ValidationError`` comes back on the fields and rows through
``core.forms.submit``.

The registration form is the form used in practice (name; situation and reason; goals and evaluation criteria;
content and method; area and target group; forces; resources and timeline; verifiable outputs; sustainability
and replicability), with its three lists of rows (forces, indicators, milestones) as formsets: rows left empty
are ignored, and an error about a row is shown on that row."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.cases.forms import MultipleFileField

from . import validators
from .choices import Field, ForceRole, Kind, Step

DATE_HELP = gettext_lazy("dd/mm/yyyy")
TEXTAREA = {"rows": 3}


def _blank(value):
    return value is None or str(value).strip() == ""


# --- Money in whole đồng, typed as Vietnamese documents write it ---

_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_CURRENCY = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\.?$", re.I)


def money_value(text):
    """``"350.000.000"``, ``"350 000 000"``, ``"350000000 đồng"`` → 350000000; None when it is no whole number of
    đồng (``"1,5"``, ``"abc"``); 0 for nothing typed."""
    text = _CURRENCY.sub("", str(text or "").strip()).replace("\u00a0", " ").replace(" ", "")
    if not text:
        return 0
    if _GROUPED.fullmatch(text):
        text = text.replace(".", "")
    return int(text) if text.isascii() and text.isdigit() else None  # not "50²"


class MoneyInput(forms.TextInput):
    """Shows the amount without separators (a form value is never localised), whatever way it was typed."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        number = money_value(value) if isinstance(value, str) else value
        return super().format_value(str(number) if isinstance(number, int) else value)


class MoneyField(forms.Field):
    widget = MoneyInput

    def to_python(self, value):
        number = money_value(value)
        if number is None:
            raise ValidationError(_("Nhập số tiền bằng đồng, số nguyên (ví dụ 350.000.000)."))
        return number


def amount_text(value):
    """An indicator's value as the form shows it: 1250, 12,5 (a decimal comma, no grouping)."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    text = format(number, "f")
    return text.replace(".", ",")


# --- The registration ---


class PracticeForm(forms.Form):
    """The registration's own fields. Required fields and limits are checked by ``validators.practice_errors``,
    the same check as the service's, so the messages are the same wherever the registration comes from."""

    unit = forms.TypedChoiceField(label=gettext_lazy("Đơn vị đăng ký"), coerce=int, choices=())
    kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=Kind.choices, widget=forms.RadioSelect, required=False)
    field = forms.ChoiceField(label=gettext_lazy("Lĩnh vực"), choices=[("", "—"), *Field.choices], required=False)
    year = forms.IntegerField(label=gettext_lazy("Năm đăng ký"), required=False)
    period_to = forms.IntegerField(
        label=gettext_lazy("Đến năm"), required=False, help_text=gettext_lazy("Để trống nếu đăng ký cho một năm.")
    )
    name = forms.CharField(
        label=gettext_lazy("Tên mô hình, điển hình"), required=False, widget=forms.TextInput(attrs={"maxlength": 255})
    )
    holder = forms.CharField(
        label=gettext_lazy("Tập thể, cá nhân điển hình"), required=False,
        help_text=gettext_lazy("Bắt buộc với điển hình. Tên cá nhân chỉ công khai khi người đó đồng ý."),
        widget=forms.TextInput(attrs={"maxlength": 255}),
    )  # fmt: skip
    holder_public = forms.BooleanField(label=gettext_lazy("Người được nêu đồng ý công khai tên"), required=False)
    situation = forms.CharField(
        label=gettext_lazy("Thực trạng và lý do xây dựng"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    goals = forms.CharField(
        label=gettext_lazy("Mục tiêu và tiêu chí đánh giá"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    content = forms.CharField(
        label=gettext_lazy("Nội dung và cách làm"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    area = forms.CharField(
        label=gettext_lazy("Địa bàn"), required=False, widget=forms.TextInput(attrs={"maxlength": 255})
    )
    target_group = forms.CharField(
        label=gettext_lazy("Đối tượng"), required=False, widget=forms.TextInput(attrs={"maxlength": 255})
    )
    money = MoneyField(
        label=gettext_lazy("Kinh phí (đồng)"), required=False, initial=0,
        help_text=gettext_lazy("Số nguyên đồng, gõ 350.000.000 hoặc 350000000."),
    )  # fmt: skip
    person_days = forms.IntegerField(label=gettext_lazy("Ngày công"), required=False, initial=0)
    contributions = forms.CharField(
        label=gettext_lazy("Đóng góp của xã hội, cơ sở vật chất"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    start_on = forms.DateField(label=gettext_lazy("Ngày bắt đầu"), required=False, help_text=DATE_HELP)
    evaluation_on = forms.DateField(label=gettext_lazy("Ngày đánh giá dự kiến"), required=False, help_text=DATE_HELP)
    people_reached = forms.IntegerField(
        label=gettext_lazy("Số người được hưởng lợi, tham gia"), required=False, initial=0
    )
    sustainability = forms.CharField(
        label=gettext_lazy("Tính bền vững"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    replicability = forms.CharField(
        label=gettext_lazy("Khả năng nhân rộng"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    files = MultipleFileField(
        label=gettext_lazy("Ảnh, tài liệu minh chứng"), required=False,
        help_text=gettext_lazy("Tối đa 5 tệp ảnh JPEG, PNG hoặc PDF, mỗi tệp không quá 10 MB; thêm được sau ở trang "
                               "mô hình. Nếu biểu mẫu báo lỗi, chọn lại tệp."),
    )  # fmt: skip
    showcase = forms.BooleanField(
        label=gettext_lazy("Giới thiệu công khai khi được công nhận"), required=False, initial=True,
        help_text=gettext_lazy("Tên, nội dung, chỉ tiêu và ảnh được chọn công khai hiện trên trang giới thiệu."),
    )  # fmt: skip

    # What ``validators.practice_errors`` requires (marked on the form; the holder only for an exemplar).
    REQUIRED = ("unit", "kind", "field", "year", "name", "situation", "goals", "content", "area", "target_group",
                "start_on", "evaluation_on")  # fmt: skip
    # The registration's sections, in the order of the form used in practice.
    SECTIONS = (
        (gettext_lazy("Đơn vị, loại và lĩnh vực"), ("unit", "kind", "field", "year", "period_to")),
        (gettext_lazy("Tên mô hình, điển hình"), ("name", "holder", "holder_public")),
        (gettext_lazy("Thực trạng, mục tiêu, nội dung"), ("situation", "goals", "content")),
        (gettext_lazy("Địa bàn và đối tượng"), ("area", "target_group", "people_reached")),
        (gettext_lazy("Nguồn lực"), ("money", "person_days", "contributions")),
        (gettext_lazy("Thời gian thực hiện"), ("start_on", "evaluation_on")),
        (gettext_lazy("Tính bền vững, khả năng nhân rộng"), ("sustainability", "replicability", "showcase")),
        (gettext_lazy("Minh chứng"), ("files",)),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is None:  # correcting a registration: its unit stays, its evidence is added on its page
            del self.fields["unit"]
            del self.fields["files"]
        else:
            self.fields["unit"].choices = [(u.pk, u.name) for u in units]

    def clean(self):
        data = super().clean()
        values = {name: data.get(name) for name in self.fields if name not in ("unit", "files")}
        for name, message in validators.practice_errors(**values).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        return data

    def sections(self):
        return [(title, [self[name] for name in names if name in self.fields]) for title, names in self.SECTIONS]


class ForceRow(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Vai trò"), choices=[("", "—"), *ForceRole.choices], required=False)
    name = forms.CharField(
        label=gettext_lazy("Lực lượng"), required=False, widget=forms.TextInput(attrs={"maxlength": 255})
    )
    duty = forms.CharField(
        label=gettext_lazy("Nhiệm vụ"), required=False, widget=forms.TextInput(attrs={"maxlength": 500})
    )

    FILLED = ("role", "name", "duty")


class IndicatorRow(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=gettext_lazy("Chỉ tiêu"), required=False, widget=forms.TextInput(attrs={"maxlength": 255})
    )
    measure = forms.CharField(
        label=gettext_lazy("Đơn vị tính"), required=False, widget=forms.TextInput(attrs={"maxlength": 40})
    )
    baseline = forms.CharField(label=gettext_lazy("Giá trị ban đầu"), required=False)
    target = forms.CharField(label=gettext_lazy("Mục tiêu"), required=False)
    higher_is_better = forms.TypedChoiceField(
        label=gettext_lazy("Chiều tốt"), coerce=lambda v: v == "1", empty_value=True, required=False,
        choices=[("1", gettext_lazy("Càng cao càng tốt")), ("0", gettext_lazy("Càng thấp càng tốt"))],
    )  # fmt: skip

    FILLED = ("name", "measure", "baseline", "target")


class MilestoneRow(forms.Form):
    date = forms.DateField(label=gettext_lazy("Mốc thời gian"), required=False, help_text=DATE_HELP)
    title = forms.CharField(
        label=gettext_lazy("Công việc"), required=False, widget=forms.TextInput(attrs={"maxlength": 255})
    )

    FILLED = ("date", "title")


class RowsFormSet(forms.BaseFormSet):
    """Rows of one list: those left empty are ignored; an error about the n-th row filled is put on that row."""

    def row_forms(self):
        """The forms of the rows filled in, in order (after validation)."""
        return [form for form in self.forms if not self._empty(form)]

    def _empty(self, form):
        data = getattr(form, "cleaned_data", None)
        if data is None:  # not valid: look at what was typed
            return all(_blank(form[name].value()) for name in form.FILLED)
        return all(_blank(data.get(name)) for name in form.FILLED)

    def rows(self):
        out = []
        for form in self.row_forms():
            row = {k: v for k, v in form.cleaned_data.items() if k in form.fields}
            for key, value in list(row.items()):
                if isinstance(value, str):
                    row[key] = value.strip()
            if "id" in row and row["id"] is None:
                del row["id"]
            out.append(row)
        return out

    def place_error(self, message):
        """Put ``message`` on the row it names ("Dòng 2: …" counts the rows filled in), renumbered as the page
        numbers the rows; a message about the whole list goes above it."""
        filled = self.row_forms()
        for n, form in enumerate(filled, 1):
            prefix = _("Dòng %(n)d: %(m)s") % {"n": n, "m": ""}
            if str(message).startswith(prefix):
                inner = str(message)[len(prefix) :]
                form.add_error(None, _("Dòng %(n)d: %(m)s") % {"n": self.forms.index(form) + 1, "m": inner})
                return
        self._non_form_errors.append(message)

    @property
    def has_errors(self):
        return bool(self.non_form_errors()) or any(form.errors for form in self.forms)


def rows_formset(row_form, prefix, data=None, initial=None, minimum=3, spare=2):
    """A formset of ``row_form`` with the rows given and a few empty ones (at least ``minimum`` rows shown)."""
    initial = list(initial or [])
    extra = max(minimum - len(initial), spare)
    factory = forms.formset_factory(
        row_form, formset=RowsFormSet, extra=extra, max_num=validators.MAX_ROWS + spare, absolute_max=100
    )
    return factory(data, initial=initial, prefix=prefix)


class RegistrationForm:
    """The registration form: :class:`PracticeForm` and its three lists of rows, validated as one form.

    It answers what ``core.forms.submit`` asks of a form (``is_valid``, ``cleaned_data``, ``fields``,
    ``add_error``), so a service's error on ``forces``, ``indicators`` or ``milestones`` lands on its row."""

    ROWS = ("forces", "indicators", "milestones")

    def __init__(self, data=None, files=None, *, initial=None, rows=None, units=None):
        rows = rows or {}
        self.main = PracticeForm(data, files, initial=initial, units=units)
        indicators = [
            {**row, "baseline": amount_text(row.get("baseline")), "target": amount_text(row.get("target")),
             "higher_is_better": "1" if row.get("higher_is_better", True) else "0"}
            for row in rows.get("indicators", [])
        ]  # fmt: skip
        self.forces = rows_formset(ForceRow, "forces", data, rows.get("forces"), minimum=4)
        self.indicators = rows_formset(IndicatorRow, "indicators", data, indicators, minimum=3)
        self.milestones = rows_formset(MilestoneRow, "milestones", data, rows.get("milestones"), minimum=3)
        self._checked = False

    @property
    def is_bound(self):
        return self.main.is_bound

    @property
    def fields(self):
        return {**self.main.fields, **dict.fromkeys(self.ROWS)}

    def formsets(self):
        return [self.forces, self.indicators, self.milestones]

    def is_valid(self):
        if not self.is_bound:
            return False
        if not self._checked:
            self._checked = True
            self.main.is_valid()
            start_on = self.main.cleaned_data.get("start_on")
            checks = (
                (self.forces, validators.forces_errors),
                (self.indicators, validators.indicators_errors),
                (self.milestones, lambda rows: validators.milestones_errors(rows, start_on)),
            )
            for formset, check in checks:
                # A list is checked as a whole once each of its rows reads (a date that is no date is said once).
                if formset.is_valid():
                    for name, message in check(formset.rows()).items():
                        self.add_error(name, message)
        return not self.errors

    @property
    def errors(self):
        found = dict(self.main.errors) if self.main.is_bound else {}
        for name in self.ROWS:
            formset = getattr(self, name)
            if formset.is_bound and formset.has_errors:
                found[name] = formset.non_form_errors() or [_("Có dòng chưa đúng.")]
        return found

    @property
    def cleaned_data(self):
        return {**self.main.cleaned_data, **{name: getattr(self, name).rows() for name in self.ROWS}}

    def add_error(self, field, errors):
        if field in self.ROWS:
            for message in ValidationError(errors).messages:
                getattr(self, field).place_error(message)
        else:
            self.main.add_error(field, errors)

    def service_fields(self):
        """The cleaned values as ``services.practice_register``/``practice_update`` take them."""
        data = self.cleaned_data
        return {key: value for key, value in data.items() if key not in ("unit", "files")}

    def files(self):
        return tuple(self.main.cleaned_data.get("files") or ())


class PublicityForm(forms.Form):
    """What may still change once a model is decided: whether it is on the showcase, the exemplar's consent."""

    showcase = forms.BooleanField(label=gettext_lazy("Giới thiệu công khai trên trang giới thiệu"), required=False)
    holder_public = forms.BooleanField(label=gettext_lazy("Người được nêu đồng ý công khai tên"), required=False)


# --- The steps a unit takes, the monitoring report, evidence ---


class StepForm(forms.Form):
    """Choose for building, launch (the day it happened, an optional note)."""

    step = forms.ChoiceField(choices=[(Step.SHORTLIST, Step.SHORTLIST.label), (Step.LAUNCH, Step.LAUNCH.label)],
                             widget=forms.HiddenInput)  # fmt: skip
    date = forms.DateField(label=gettext_lazy("Ngày"), required=False, help_text=DATE_HELP)
    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_step_%s")  # several forms on one page: ids of their own
        super().__init__(*args, **kwargs)


class RefuseForm(forms.Form):
    step = forms.ChoiceField(choices=[(Step.REFUSE, Step.REFUSE.label)], widget=forms.HiddenInput)
    date = forms.DateField(label=gettext_lazy("Ngày"), required=False, help_text=DATE_HELP)
    note = forms.CharField(
        label=gettext_lazy("Lý do không công nhận"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_refuse_%s")  # several forms on one page: ids of their own
        super().__init__(*args, **kwargs)


def value_field(indicator):
    return f"value_{indicator.pk}"


class MonitorForm(forms.Form):
    """A monitoring report: the value measured of each indicator (those left empty are not measured this time)."""

    step = forms.ChoiceField(choices=[(Step.MONITOR, Step.MONITOR.label)], widget=forms.HiddenInput)
    date = forms.DateField(label=gettext_lazy("Ngày đo"), required=False, help_text=DATE_HELP)
    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, indicators=(), **kwargs):
        kwargs.setdefault("auto_id", "id_monitor_%s")
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[value_field(indicator)] = forms.CharField(
                label=f"{indicator.name} ({indicator.measure})", required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )  # fmt: skip

    def clean(self):
        data = super().clean()
        data["values"] = {
            indicator.pk: data[value_field(indicator)].strip()  # a CharField: always there, a string
            for indicator in self.indicators
            if not _blank(data.get(value_field(indicator)))
        }
        for indicator in self.indicators:
            value = data.get(value_field(indicator))
            if not _blank(value) and validators.amount_errors(value, "value"):
                self.add_error(value_field(indicator), _("Giá trị chỉ tiêu phải là một số không âm."))
        return data

    def service_fields(self):
        data = self.cleaned_data
        return {"step": data["step"], "date": data.get("date"), "note": data.get("note", ""), "values": data["values"]}


class EvidenceForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Ảnh, tài liệu minh chứng"), required=False,
        help_text=gettext_lazy("Tối đa 5 tệp ảnh JPEG, PNG hoặc PDF, mỗi tệp không quá 10 MB."),
    )  # fmt: skip
    note = forms.CharField(
        label=gettext_lazy("Mô tả"), required=False, widget=forms.TextInput(attrs={"maxlength": 255})
    )
    is_public = forms.BooleanField(label=gettext_lazy("Công khai ảnh trên trang giới thiệu"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_evidence_%s")  # several forms on one page: ids of their own
        super().__init__(*args, **kwargs)


class PublishPhotoForm(forms.Form):
    is_public = forms.BooleanField(required=False)
