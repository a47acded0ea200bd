from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import VILLAGE_TYPES


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Tên"), max_length=200)
    division_type = forms.CharField(label=_("Loại đơn vị"), max_length=40)
    is_remote = forms.BooleanField(label=_("Vùng sâu, vùng xa, đi lại khó khăn"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class VillageForm(forms.Form):
    name = forms.CharField(label=_("Tên thôn, tổ dân phố"), max_length=200)
    division_type = forms.ChoiceField(label=_("Loại"), choices=[(t, t) for t in VILLAGE_TYPES])
    code = forms.CharField(label=_("Mã (để trống để hệ thống tự đặt)"), max_length=20, required=False)
    is_remote = forms.BooleanField(label=_("Vùng sâu, vùng xa, đi lại khó khăn"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DeactivateForm(forms.Form):
    on_date = forms.DateField(label=_("Ngày ngừng hoạt động (dd/mm/yyyy)"))
    successor_code = forms.CharField(label=_("Mã đơn vị kế thừa (nếu sáp nhập)"), max_length=20, required=False)
    reason = forms.CharField(label=_("Lý do"), max_length=255)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) hoặc CSV"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp .xlsx hoặc .csv."))
        if uploaded.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 20 MB)."))
        return uploaded
