from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.accounts.forms import UnitCodeField, phone_field
from danvan.units.forms import ImportForm

from .choices import ETHNICITY_CHOICES, AttendanceResult, OrgKind, TeamRole, Title
from .models import Cadre, Course

DATE_HELP = _("dd/mm/yyyy")
MAX_PHOTO_BYTES = 2 * 1024 * 1024


class PhotoInput(forms.ClearableFileInput):
    """The current photo links to the scoped photo view, not to the (unserved) media path."""

    initial_text = _("Ảnh hiện tại")
    input_text = _("Đổi ảnh")
    clear_checkbox_label = _("Xóa ảnh")
    photo_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"] and self.photo_url:
            context["widget"]["value"] = _Link(self.photo_url, _("xem"))
        return context


class _Link:
    def __init__(self, url, text):
        self.url, self.text = url, text

    def __str__(self):
        return str(self.text)


class CadreForm(forms.ModelForm):
    unit_code = UnitCodeField(label=_("Đơn vị công tác (mã)"))
    phone = phone_field()

    class Meta:
        model = Cadre
        fields = [
            "code", "full_name", "gender", "birth_year", "ethnicity", "religion", "phone", "education",
            "professional_level", "professional_field", "theory_level", "is_party_member", "party_joined_on",
            "started_on", "photo", "note",
        ]  # fmt: skip
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["photo"].widget = PhotoInput()
        if self.instance.pk and self.instance.photo:
            from django.urls import reverse

            self.fields["photo"].widget.photo_url = reverse("cadres:photo", args=[self.instance.pk])
        self.fields["ethnicity"].choices = ETHNICITY_CHOICES
        for name in ("party_joined_on", "started_on"):
            self.fields[name].help_text = DATE_HELP
        self.order_fields(["unit_code", *self.Meta.fields])

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if not photo or not hasattr(photo, "read"):
            return photo
        if photo.size > MAX_PHOTO_BYTES:
            raise forms.ValidationError(_("Ảnh tối đa 2 MB."))
        head = photo.read(12)
        photo.seek(0)
        if not (head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG\r\n\x1a\n")):
            raise forms.ValidationError(_("Chỉ nhận ảnh JPEG hoặc PNG."))
        return photo


class LeaveForm(forms.Form):
    on_date = forms.DateField(label=_("Ngày thôi công tác"), help_text=DATE_HELP)
    reason = forms.CharField(label=_("Lý do"), max_length=200)


class AppointmentForm(forms.Form):
    title = forms.ChoiceField(label=_("Chức danh"), choices=Title.choices)
    title_detail = forms.CharField(label=_("Ghi rõ chức danh"), max_length=200, required=False)
    unit_code = UnitCodeField(label=_("Giữ tại đơn vị (mã)"))
    start = forms.DateField(label=_("Từ ngày"), help_text=DATE_HELP)
    end = forms.DateField(label=_("Đến ngày"), required=False, help_text=_("Để trống nếu đang giữ."))


class EndForm(forms.Form):
    end = forms.DateField(label=_("Ngày kết thúc"), help_text=DATE_HELP)
    reason = forms.CharField(label=_("Lý do"), max_length=200, required=False)


class TeamForm(forms.Form):
    name = forms.CharField(
        label=_("Tên"), max_length=200, required=False, help_text=_("Để trống để dùng tên mặc định.")
    )
    established_on = forms.DateField(label=_("Ngày thành lập"), help_text=DATE_HELP)
    decision = forms.CharField(label=_("Quyết định thành lập (số, ngày)"), max_length=200, required=False)


class SeatForm(forms.Form):
    cadre_code = forms.CharField(
        label=_("Mã cán bộ"), max_length=30, help_text=_("Gõ tên hoặc mã rồi chọn trong danh sách gợi ý.")
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=TeamRole.choices, initial=TeamRole.MEMBER)
    start = forms.DateField(label=_("Từ ngày"), help_text=DATE_HELP)


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tổ chức"), choices=OrgKind.choices)
    name = forms.CharField(
        label=_("Tên"), max_length=200, required=False, help_text=_("Để trống để dùng tên mặc định.")
    )


class OrganisationMemberForm(forms.Form):
    cadre_code = forms.CharField(
        label=_("Mã cán bộ"), max_length=30, help_text=_("Gõ tên hoặc mã rồi chọn trong danh sách gợi ý.")
    )
    position = forms.CharField(label=_("Chức vụ trong tổ chức"), max_length=100, required=False)
    start = forms.DateField(label=_("Từ ngày"), help_text=DATE_HELP)


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label=_("Vai trò mới"), choices=TeamRole.choices)
    on_date = forms.DateField(label=_("Từ ngày"), help_text=DATE_HELP)


class TeamRulesForm(forms.Form):
    block_min_size = forms.IntegerField(label=_("Số thành viên tối thiểu của khối dân vận"), min_value=1, max_value=60)
    team_min_size = forms.IntegerField(label=_("Số thành viên tối thiểu của tổ dân vận"), min_value=1, max_value=30)
    block_head_titles = forms.MultipleChoiceField(
        label=_("Trưởng khối phải giữ một trong các chức danh"),
        choices=Title.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    team_head_titles = forms.MultipleChoiceField(
        label=_("Tổ trưởng phải giữ một trong các chức danh"),
        choices=Title.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    vacancy_days = forms.IntegerField(label=_("Số ngày khuyết trưởng tối đa"), min_value=1, max_value=365)
    field_days_per_month_ratio = forms.IntegerField(
        label=_("Số ngày làm việc cho mỗi ngày xuống cơ sở"), min_value=1, max_value=30
    )


class CourseForm(forms.ModelForm):
    unit_code = UnitCodeField(label=_("Đơn vị tổ chức (mã)"))

    class Meta:
        model = Course
        fields = ["title", "level", "format", "start", "end", "hours", "venue", "topics"]
        widgets = {"topics": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].help_text = DATE_HELP
        self.fields["end"].help_text = DATE_HELP
        self.order_fields(["unit_code", *self.Meta.fields])


class AttendanceForm(forms.Form):
    cadre_code = forms.CharField(label=_("Mã cán bộ"), max_length=30)
    result = forms.ChoiceField(label=_("Kết quả"), choices=AttendanceResult.choices, initial=AttendanceResult.PASSED)
    certificate_no = forms.CharField(label=_("Số chứng chỉ"), max_length=60, required=False)


class FieldDayForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), help_text=DATE_HELP)
    village_code = forms.CharField(label=_("Thôn, tổ dân phố (mã)"), max_length=20)
    purpose = forms.CharField(label=_("Mục đích, nội dung"), max_length=255)
    people_met = forms.IntegerField(label=_("Số người đã gặp"), min_value=0, max_value=100000, initial=0)
    issues_heard = forms.CharField(
        label=_("Ý kiến, vấn đề người dân nêu"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReviewForm(forms.Form):
    conclusion = forms.CharField(
        label=_("Nhận xét, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class CadreImportForm(ImportForm):
    pass
