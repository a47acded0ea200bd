from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.units.models import Unit

from . import services
from .models import Inspection, LeadershipDocument, ScoreWeights


class WeightsForm(forms.ModelForm):
    class Meta:
        model = ScoreWeights
        fields = ["satisfaction", "on_time", "training", "field_days", "commitments"]
        widgets = {name: forms.NumberInput(attrs={"min": 0, "max": 100}) for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The fifth part came later: a form sent without it (or with it empty) gives it no weight.
        self.fields["commitments"].required = False

    def clean_commitments(self):
        return self.cleaned_data.get("commitments") or 0

    def clean(self):
        data = super().clean()
        for name, error in services.weights_errors(data, check_total=not self.errors).items():
            self.add_error(name, error)
        return data


class DocumentForm(forms.ModelForm):
    class Meta:
        model = LeadershipDocument
        fields = ["kind", "number", "issued_on", "issuer", "title", "file", "note"]
        widgets = {"issued_on": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
                   "note": forms.Textarea(attrs={"rows": 3})}  # fmt: skip

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "read"):
            head = upload.read(5)
            upload.seek(0)
            if not head.startswith(b"%PDF") and not head.startswith(b"PK"):
                raise forms.ValidationError(_("Chỉ nhận tệp PDF hoặc Word (.docx)."))
            if upload.size > 20 * 1024 * 1024:
                raise forms.ValidationError(_("Tệp lớn quá 20 MB."))
        return upload


class InspectionForm(forms.ModelForm):
    target_code = forms.CharField(
        label=_("Mã đơn vị được kiểm tra, giám sát"), required=False,
        help_text=_("Mã xã, phường hoặc thôn; để trống nếu kiểm tra nhiều nơi."),
    )  # fmt: skip

    class Meta:
        model = Inspection
        fields = ["kind", "topic", "started_on", "ended_on", "organisations", "people", "findings", "follow_up",
                  "follow_up_due", "follow_up_done_on"]  # fmt: skip
        date = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y")
        widgets = {"started_on": date, "ended_on": date, "follow_up_due": date, "follow_up_done_on": date,
                   "findings": forms.Textarea(attrs={"rows": 3}), "follow_up": forms.Textarea(attrs={"rows": 3})}  # fmt: skip

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        if self.instance.target_id:
            self.fields["target_code"].initial = self.instance.target.code

    def clean(self):
        data = super().clean()
        code = (data.get("target_code") or "").strip()
        self.instance.target = None
        if code:
            target = Unit.objects.filter(code=code, path__startswith=self.unit.path).first()
            if target is None:
                self.add_error(
                    "target_code", _("Không có đơn vị mã %(c)s thuộc %(u)s.") % {"c": code, "u": self.unit.name}
                )
            else:
                self.instance.target = target
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data
