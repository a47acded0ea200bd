"""Forms of the citizen-reception and dialogue module. They read and type-check the fields; every rule is in
``validators`` and the services (``core.forms.submit`` puts a service's errors on the fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.cadres.choices import Title
from danvan.cases.choices import CaseKind
from danvan.cases.forms import MultipleFileField
from danvan.cases.models import Field

from .choices import ChairRole, Group, Handling, Pattern, ReceptionKind, SessionStatus

DATE_HELP = _("dd/mm/yyyy")
MOMENT_HELP = _("dd/mm/yyyy HH:MM")
MOMENT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class ReceptionForm(forms.Form):
    """One entry of the register, in the order of Form 03's columns."""

    received_at = forms.DateTimeField(label=_("Thời gian tiếp"), input_formats=MOMENT_FORMATS, help_text=MOMENT_HELP)
    location = forms.CharField(label=_("Địa điểm tiếp"), max_length=255)
    kind = forms.ChoiceField(label=_("Hình thức tiếp"), choices=ReceptionKind.choices, initial=ReceptionKind.REGULAR)
    is_online = forms.BooleanField(label=_("Tiếp trực tuyến"), required=False)
    official_code = forms.CharField(label=_("Người tiếp (mã cán bộ)"), max_length=30)
    citizen_name = forms.CharField(
        label=_("Họ và tên công dân"), max_length=150, required=False,
        help_text=_("Với tố cáo, họ tên, số CCCD, điện thoại, địa chỉ được mã hóa, không ghi vào sổ."),
    )  # fmt: skip
    id_number = forms.CharField(label=_("Số CCCD, hộ chiếu"), max_length=20, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    people = forms.IntegerField(label=_("Số người"), min_value=1, max_value=100_000, initial=1)
    representatives = forms.CharField(
        label=_("Người đại diện (đoàn đông người)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    case_kind = forms.ChoiceField(label=_("Loại đơn"), choices=CaseKind.choices)
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.filter(is_active=True), required=False, empty_label=_("Chưa rõ")
    )
    place_code = forms.CharField(label=_("Nơi xảy ra sự việc (mã đơn vị)"), max_length=20)
    content = forms.CharField(label=_("Nội dung vụ việc"), widget=forms.Textarea(attrs={"rows": 5}))
    handled_before = forms.CharField(label=_("Cơ quan đã giải quyết"), max_length=255, required=False)
    handling = forms.ChoiceField(label=_("Hướng xử lý"), choices=[("", "—"), *Handling.choices])
    forwarded_to = forms.CharField(label=_("Chuyển đến cơ quan"), max_length=255, required=False)
    follow_up = forms.CharField(
        label=_("Theo dõi kết quả giải quyết"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    previous = forms.IntegerField(widget=forms.HiddenInput, required=False)
    documents = MultipleFileField(
        label=_("Đơn, giấy tờ của người tố cáo"), required=False,
        help_text=_("Chỉ cho tố cáo: được mã hóa cùng danh tính người tố cáo."),
    )  # fmt: skip
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class FollowUpForm(forms.Form):
    handling = forms.ChoiceField(label=_("Hướng xử lý"), choices=[("", "—"), *Handling.choices])
    forwarded_to = forms.CharField(label=_("Chuyển đến cơ quan"), max_length=255, required=False)
    follow_up = forms.CharField(label=_("Theo dõi kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 3}))
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


TIME_HELP = _("HH:MM")


class ScheduleForm(forms.Form):
    """A leader's standing reception schedule."""

    leader_code = forms.CharField(label=_("Người tiếp (mã cán bộ)"), max_length=30)
    title = forms.ChoiceField(label=_("Chức danh"), choices=Title.choices, initial=Title.PEOPLES_COMMITTEE_CHAIR)
    pattern = forms.ChoiceField(label=_("Cách định ngày"), choices=Pattern.choices, widget=forms.RadioSelect)
    days = forms.CharField(
        label=_("Ngày"), max_length=40,
        help_text=_("Ngày trong tháng (ví dụ: 15 hoặc 5, 20) hoặc thứ trong tuần (2 = thứ Hai … 6 = thứ Sáu)."),
    )  # fmt: skip
    starts_at = forms.TimeField(label=_("Từ giờ"), help_text=TIME_HELP)
    ends_at = forms.TimeField(label=_("Đến giờ"), help_text=TIME_HELP)
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    valid_from = forms.DateField(label=_("Áp dụng từ ngày"), help_text=DATE_HELP)
    valid_to = forms.DateField(label=_("Áp dụng đến ngày"), required=False, help_text=_("Để trống nếu chưa có hạn."))
    is_published = forms.BooleanField(
        label=_("Công bố công khai trên lịch tiếp công dân"), required=False, initial=True
    )


class SessionForm(forms.Form):
    """What became of a planned reception day."""

    date = forms.DateField(label=_("Ngày"), help_text=DATE_HELP)
    status = forms.ChoiceField(label=_("Kết quả"), choices=SessionStatus.choices, widget=forms.RadioSelect)
    deputy_code = forms.CharField(
        label=_("Cấp phó tiếp thay (mã cán bộ)"), max_length=30, required=False,
        help_text=_("Chỉ khi ủy quyền; từ 01/07/2026 không được ủy quyền cho cấp phó."),
    )  # fmt: skip
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


# --- Dialogues ---


def participant_field(code):
    return f"p_{code}"


class DialogueForm(forms.Form):
    """A dialogue: when and where, who chaired it and in what role, the topic, who came (one number per group)
    and the chair's conclusion."""

    date = forms.DateField(label=_("Ngày đối thoại"), help_text=DATE_HELP)
    chair_code = forms.CharField(label=_("Người chủ trì (mã cán bộ)"), max_length=30)
    chair_role = forms.ChoiceField(label=_("Chủ trì với tư cách"), choices=ChairRole.choices)
    topic = forms.CharField(label=_("Chủ đề"), max_length=255)
    location = forms.CharField(label=_("Địa điểm"), max_length=255)
    summary = forms.CharField(
        label=_("Kết luận của người chủ trì"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Group.choices:
            self.fields[participant_field(code)] = forms.IntegerField(
                label=_("Số người: %(group)s") % {"group": label}, min_value=0, max_value=1_000_000, required=False,
                initial=0,
            )  # fmt: skip

    def participants(self):
        return {code: self.cleaned_data.get(participant_field(code)) or 0 for code in Group.values}

    def service_fields(self):
        """The cleaned values as the service takes them (the chair's code is the view's to resolve)."""
        data = self.cleaned_data
        fields = {name: data[name] for name in ("date", "chair_role", "topic", "location", "summary")}
        fields["participants"] = self.participants()
        return fields


class QuestionForm(forms.Form):
    content = forms.CharField(label=_("Ý kiến, kiến nghị của người dân"), widget=forms.Textarea(attrs={"rows": 3}))
    asker = forms.CharField(label=_("Người nêu"), max_length=150, required=False)
    asker_public = forms.BooleanField(label=_("Người nêu đồng ý công khai tên"), required=False)
    village_code = forms.CharField(label=_("Thôn, tổ dân phố (mã đơn vị)"), max_length=20, required=False)
    case_code = forms.CharField(label=_("Vụ việc liên quan (mã vụ việc)"), max_length=30, required=False)
    answer = forms.CharField(label=_("Trả lời"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    answered_by = forms.CharField(label=_("Người trả lời"), max_length=150, required=False)


class PublishForm(forms.Form):
    published = forms.BooleanField(required=False, widget=forms.HiddenInput)


# --- Commitments ---


class CommitmentForm(forms.Form):
    """A commitment made in one step (from an answer, a reception, a field day's issue) or a sub-commitment."""

    content = forms.CharField(label=_("Nội dung cam kết"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Hạn hoàn thành"), help_text=DATE_HELP)
    owner_code = forms.CharField(label=_("Cán bộ chịu trách nhiệm (mã cán bộ)"), max_length=30, required=False)


class SubCommitmentForm(CommitmentForm):
    unit = forms.TypedChoiceField(label=_("Đơn vị chịu trách nhiệm"), coerce=int)
    weight = forms.IntegerField(label=_("Trọng số"), min_value=1, max_value=1000, initial=1)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Ghi chú"), max_length=200, required=False)


class EvidenceForm(forms.Form):
    files = MultipleFileField(
        label=_("Tệp minh chứng"), help_text=_("Tối đa 5 tệp ảnh JPEG, PNG hoặc PDF, mỗi tệp không quá 10 MB.")
    )
    note = forms.CharField(label=_("Mô tả"), max_length=255, required=False)


class CloseForm(forms.Form):
    kept = forms.TypedChoiceField(
        label=_("Kết quả"), coerce=lambda v: v == "1", widget=forms.RadioSelect,
        choices=[("1", _("Đã thực hiện")), ("0", _("Không thực hiện được"))],
    )  # fmt: skip
    day = forms.DateField(label=_("Ngày hoàn thành"), help_text=DATE_HELP, required=False)
    reason = forms.CharField(
        label=_("Lý do không thực hiện được"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
