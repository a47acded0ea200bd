"""Forms of the province's settings and rubric, the council's evaluation and decision, conferences and awards.
They read and type-check the fields; every rule is in ``validators`` and the services (``core.forms.submit`` puts
a service's errors on the fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AwardForm, Level, Outcome, Recipient
from .forms import DATE_HELP
from .validators import MAX_FOLLOW_UP_MONTHS, MAX_SCALE, MAX_SPREAD_LIMIT, MAX_WEIGHT, mark_field

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def day_field(label, **extra):
    return forms.DateField(label=label, input_formats=DATE_FORMATS, help_text=DATE_HELP, **extra)


class SettingForm(forms.Form):
    follow_up_months = forms.IntegerField(
        label=_("Chu kỳ phúc tra mô hình đã công nhận (tháng)"), min_value=1, max_value=MAX_FOLLOW_UP_MONTHS,
        help_text=_("Mặc định 12 tháng: mỗi năm phúc tra một lần."),
    )  # fmt: skip
    spread_limit = forms.IntegerField(
        label=_("Độ lệch điểm cần hội đồng trao đổi (điểm, thang 100)"), min_value=1, max_value=MAX_SPREAD_LIMIT,
        help_text=_("Khi điểm cao nhất và thấp nhất của các thành viên chênh nhau quá mức này, hội đồng phải ghi ý "
                    "kiến trao đổi trước khi kết thúc chấm."),
    )  # fmt: skip


class RubricForm(forms.Form):
    name = forms.CharField(label=_("Tên bảng tiêu chí"), max_length=255)
    effective_from = day_field(_("Áp dụng từ ngày"))


class CriterionRowForm(forms.Form):
    """One row of a rubric's criteria; a row left without a name is not a criterion."""

    name = forms.CharField(label=_("Tiêu chí"), max_length=255, required=False)
    weight = forms.IntegerField(label=_("Trọng số"), min_value=1, max_value=MAX_WEIGHT, initial=1, required=False)
    scale_max = forms.IntegerField(label=_("Điểm tối đa"), min_value=1, max_value=MAX_SCALE, initial=10, required=False)
    guidance = forms.CharField(label=_("Hướng dẫn chấm"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("name") and (not data.get("weight") or not data.get("scale_max")):
            raise forms.ValidationError(_("Nhập trọng số và điểm tối đa của tiêu chí."))
        return data


CriterionRows = forms.formset_factory(CriterionRowForm, extra=3, max_num=30, absolute_max=30)


def criteria_rows(formset):
    """The rows of a valid formset that name a criterion, in the order shown."""
    return [
        {"name": row["name"], "weight": row["weight"], "scale_max": row["scale_max"],
         "guidance": row.get("guidance", ""), "order": n}
        for n, row in enumerate((r for r in formset.cleaned_data if r.get("name")), 1)
    ]  # fmt: skip


class NewVersionForm(forms.Form):
    effective_from = day_field(_("Phiên bản mới áp dụng từ ngày"))


class OpenForm(forms.Form):
    """Open an evaluation: the council's level among the units offered, its members by username."""

    council = forms.TypedChoiceField(label=_("Hội đồng cấp"), coerce=int)
    evaluators = forms.CharField(
        label=_("Thành viên chấm (tên đăng nhập)"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng hoặc cách nhau bằng dấu phẩy; ít nhất 2 người, không gồm người đăng ký mô hình."),
    )  # fmt: skip
    opened_on = day_field(_("Ngày mở chấm"), required=False)

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [(u.pk, f"{u.get_kind_display()}: {u.name}") for u in councils]

    def usernames(self):
        text = self.cleaned_data.get("evaluators") or ""
        return list(dict.fromkeys(word for word in text.replace(",", " ").replace(";", " ").split() if word))


class SheetForm(forms.Form):
    """A member's marks, one field per criterion of the evaluation's rubric, and a comment."""

    comment = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[mark_field(criterion.pk)] = forms.CharField(
                label=criterion.name, max_length=12, required=False,
                help_text=_("Từ 0 đến %(n)d; trọng số %(w)d.") % {"n": criterion.scale_max, "w": criterion.weight},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )  # fmt: skip

    def marks(self):
        return {c.pk: self.cleaned_data.get(mark_field(c.pk), "") for c in self.criteria}

    def mark_fields(self):
        return [(criterion, self[mark_field(criterion.pk)]) for criterion in self.criteria]


class CloseForm(forms.Form):
    closed_on = day_field(_("Ngày hội đồng họp, kết thúc chấm"), required=False)
    note = forms.CharField(
        label=_("Ý kiến trao đổi, kết luận của hội đồng"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bắt buộc khi điểm của các thành viên chênh nhau quá mức tỉnh đặt ra."),
    )  # fmt: skip


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=Outcome.choices, widget=forms.RadioSelect)
    number = forms.CharField(label=_("Số quyết định"), max_length=40, required=False)
    date = day_field(_("Ngày quyết định"))
    signer = forms.CharField(
        label=_("Người ký"), max_length=255, required=False, help_text=_("Chức vụ và họ tên người ký quyết định.")
    )
    reason = forms.CharField(label=_("Lý do không công nhận"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ConferenceForm(forms.Form):
    name = forms.CharField(label=_("Tên hội nghị"), max_length=255)
    held_on = day_field(_("Ngày tổ chức"))
    decision_number = forms.CharField(label=_("Số quyết định khen thưởng"), max_length=40)
    decision_on = day_field(_("Ngày quyết định"))
    signer = forms.CharField(
        label=_("Cơ quan, chức danh ban hành quyết định"), max_length=255,
        help_text=_("Ghi như trong quyết định, ví dụ: Ban Thường vụ Đảng ủy phường Pleiku."),
    )  # fmt: skip


class AwardEntryForm(forms.Form):
    """An award: to whom, which form and level, by which decision, for which recognised models."""

    recipient_kind = forms.ChoiceField(label=_("Đối tượng"), choices=Recipient.choices, widget=forms.RadioSelect)
    recipient = forms.CharField(label=_("Tên tập thể, cá nhân"), max_length=255)
    recipient_detail = forms.CharField(
        label=_("Chức vụ, đơn vị công tác"), max_length=255, required=False,
        help_text=_("Với cá nhân: chức vụ, nơi công tác hoặc nơi ở; với tập thể: thuộc đơn vị nào."),
    )  # fmt: skip
    form = forms.ChoiceField(label=_("Hình thức khen thưởng"), choices=AwardForm.choices)
    level = forms.ChoiceField(label=_("Cấp khen"), choices=Level.choices)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=40)
    decision_on = day_field(_("Ngày quyết định"))
    achievement = forms.CharField(label=_("Thành tích"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    practices = forms.TypedMultipleChoiceField(
        label=_("Mô hình, điển hình đã được công nhận"), coerce=int, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args, offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = {p.pk: p for p in offered}
        self.fields["practices"].choices = [(p.pk, f"{p.name} · {p.unit.name}") for p in offered]

    def chosen(self):
        return [self.offered[pk] for pk in self.cleaned_data.get("practices") or [] if pk in self.offered]
