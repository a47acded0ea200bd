from decimal import Decimal, InvalidOperation

from django import forms
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from danvan.core import scoping
from danvan.units.choices import UnitKind
from danvan.units.models import Unit
from danvan.units.selectors import place_choice

from . import rules as case_rules
from . import validators
from .choices import CaseKind, Channel, Complexity, Event, LinkReason, RatingPlace
from .models import Field
from .selectors import possible_handlers
from .validators import case_day_errors, point_errors

PUBLIC_KINDS = [(k, label) for k, label in CaseKind.choices if k != CaseKind.DENUNCIATION]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class PointField(forms.CharField):
    """An optional map point typed or filled by the phone as "vĩ độ, kinh độ" (13.98, 108.00)."""

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        parts = [p for p in text.replace(";", ",").split(",") if p.strip()]
        try:
            lat, lng = (Decimal(p.strip()) for p in parts)
            point = (lat.quantize(Decimal("0.000001")), lng.quantize(Decimal("0.000001")))
        except (ValueError, InvalidOperation):
            point = ("NaN", "NaN")  # not two numbers: named by the same check as a NaN
        errors = point_errors(point, "point")
        if errors:
            raise forms.ValidationError(list(errors.values()))
        return point


class CaseDayField(forms.DateField):
    """A day of a case (dd/mm/yyyy), checked by the rule the services apply (``validators.case_day_errors``)."""

    def validate(self, value):
        super().validate(value)
        errors = case_day_errors(value, "day")
        if errors:
            raise forms.ValidationError(list(errors.values()))


class PlaceField(forms.CharField):
    """What the user reads and types for a place: its name, with its commune and province once chosen.

    The picker (``core/place-picker.js``) offers the matches of ``options_url`` as the user types and
    puts the chosen unit's code in the hidden ``place_code`` field; the view takes the unit from that
    code, or from the text when nothing was chosen (``units.selectors.place_choice``).
    """

    def __init__(self, *, options_url, **kwargs):
        kwargs.setdefault("max_length", 300)
        attrs = {"data-place-picker": "", "data-code-input": "id_place_code", "data-options-url": options_url,
                 "data-empty": _("Không có nơi nào khớp; thử gõ ít chữ hơn."),
                 "data-found": _("{n} nơi khớp; dùng phím mũi tên lên, xuống để chọn, Enter để lấy."),
                 "autocomplete": "off"}  # fmt: skip
        super().__init__(widget=forms.TextInput(attrs=attrs), **kwargs)

    def validate(self, value):
        """Required, but a chosen code alone is enough: the form checks the two together (_intake_clean)."""
        if value not in self.empty_values:
            super().validate(value)


def intake_places():
    """The places a case may be about: active communes and villages (a desk narrows them to its scope)."""
    return Unit.objects.filter(is_active=True, kind__in=[UnitKind.COMMUNE, UnitKind.VILLAGE])


def _intake_clean(form, places, *, not_found=None):
    """Check a whole intake in one pass, with the validators the services call, so every field's error shows
    at once (a bad map point no longer hides an unclear place or a bad phone until the next submit).

    The place is taken from the picker's code or the typed name among ``places``
    (``units.selectors.place_choice``) and put in ``cleaned_data["place"]``.
    """

    data = forms.Form.clean(form)
    errors = {}
    if "place_name" not in form.errors:
        place, why = place_choice(places, data.get("place_code"), data.get("place_name"), not_found=not_found)
        data["place"] = place
        errors.update({"place_name": why} if place is None else validators.place_errors(place, "place_name"))
    if "content" in data:
        errors.update(validators.content_errors(data["content"]))
    kind = data.get("kind")
    contact = ("petitioner_name", "petitioner_phone", "petitioner_address")
    if "petitioner_phone" in data:
        errors.update(validators.phone_errors(data["petitioner_phone"]))
    if kind and all(name in data for name in contact):
        name, phone, address = (data[name] for name in contact)
        if kind == CaseKind.DENUNCIATION:
            errors.update(validators.denouncer_errors(name, phone, address, name_field="petitioner_name",
                                                      contact_field="petitioner_address"))  # fmt: skip
        else:
            errors.update(validators.complainant_errors(kind, name, phone, address))
    for name, message in errors.items():
        form.add_error(name, message)
    return data


class PublicCaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại"), choices=PUBLIC_KINDS, initial=CaseKind.FEEDBACK)
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.filter(is_active=True), required=False, empty_label=_("Chưa rõ")
    )
    content = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Sự việc gì, ở đâu, từ khi nào; càng cụ thể càng dễ giải quyết."),
    )
    place_name = PlaceField(
        label=_("Nơi xảy ra (xã, phường hoặc thôn, tổ dân phố)"),
        help_text=_("Gõ tên, không cần dấu, có thể kèm tên xã, phường (ví dụ: to dan pho 1 pleiku), rồi chọn trong "
                    "danh sách gợi ý."),
        options_url=reverse_lazy("cases:place_options"),
    )  # fmt: skip
    place_code = forms.CharField(widget=forms.HiddenInput, max_length=20, required=False)
    point = PointField(
        label=_("Vị trí trên bản đồ (không bắt buộc)"), max_length=60, required=False,
        help_text=_("Vĩ độ, kinh độ; bấm “Lấy vị trí của tôi” khi đang đứng tại nơi xảy ra."),
    )  # fmt: skip
    petitioner_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    petitioner_phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        help_text=_(
            "Cần để tra cứu kết quả trên mạng (bằng mã theo dõi và 4 số cuối số điện thoại) và để cán bộ liên "
            "hệ lại; không có số điện thoại thì không tra cứu được kết quả trên trang này."
        ),
    )
    petitioner_address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    attachments = MultipleFileField(
        label=_("Ảnh, tệp PDF kèm theo"), required=False, help_text=_("Tối đa 5 tệp, mỗi tệp không quá 10 MB.")
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def clean(self):
        return _intake_clean(self, intake_places())


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Mã theo dõi"), max_length=20, help_text=_("Ví dụ: PA-2026-7K3Q9"))
    phone_tail = forms.RegexField(
        label=_("4 số cuối điện thoại đã khai"),
        regex=r"^\d{4}$",
        error_messages={"invalid": _("Nhập đúng 4 chữ số.")},
    )


class StepForm(forms.Form):
    event = forms.ChoiceField(label=_("Bước"))
    day = CaseDayField(label=_("Ngày"), help_text=_("dd/mm/yyyy"))
    note = forms.CharField(
        label=_("Ghi chú, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Khi trả lời: nội dung trả lời gửi người dân (bắt buộc). Bắt buộc ghi lý do khi không thụ lý, "
                    "tạm đình chỉ, gia hạn hoặc rút đơn."),
    )  # fmt: skip
    attachments = MultipleFileField(
        label=_("Văn bản, tệp kèm theo"), required=False,
        help_text=_("Ví dụ: thông báo thụ lý, văn bản trả lời (ảnh JPEG, PNG hoặc PDF)."),
    )  # fmt: skip

    def __init__(self, *args, events, **kwargs):
        """``events``: the steps offered (``actions.offered`` picks those the workflow and the user allow)."""
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [(e, str(Event(e).label).capitalize()) for e in events]


def _day():
    return CaseDayField(label=_("Ngày"), help_text=_("dd/mm/yyyy"))


def _reason(label=None):
    return forms.CharField(label=label or _("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))


class ReassignForm(forms.Form):
    target_code = forms.CharField(
        label=_("Chuyển đến đơn vị (mã xã, phường hoặc tỉnh)"), max_length=20,
        help_text=_("Đơn vị trong hệ thống phụ trách nơi xảy ra hoặc lĩnh vực của vụ việc."),
    )  # fmt: skip
    day = _day()
    note = _reason()


class ForwardForm(forms.Form):
    recipient = forms.CharField(label=_("Cơ quan có thẩm quyền nhận đơn"), max_length=255)
    letter_no = forms.CharField(label=_("Số văn bản chuyển đơn"), max_length=50, help_text=_("Ví dụ: 125/UBND-TCD"))
    letter_date = CaseDayField(label=_("Ngày văn bản"), help_text=_("dd/mm/yyyy"))
    day = _day()
    note = _reason(_("Lý do chuyển (không thuộc thẩm quyền…)"))
    attachments = MultipleFileField(
        label=_("Bản chụp văn bản chuyển đơn"), required=False, help_text=_("Ảnh JPEG, PNG hoặc PDF.")
    )


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(label=_("Cán bộ xử lý"), queryset=None, empty_label=_("Chọn cán bộ"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = possible_handlers(unit)


class ClassifyForm(forms.Form):
    complexity = forms.TypedChoiceField(label=_("Mức độ phức tạp"), choices=Complexity.choices, coerce=int)
    note = _reason(_("Căn cứ đánh giá"))


class LinkForm(forms.Form):
    other_code = forms.CharField(label=_("Mã vụ việc liên quan"), max_length=20)
    reason = forms.ChoiceField(
        label=_("Lý do"), choices=[c for c in LinkReason.choices if c[0] != LinkReason.SECOND_ROUND]
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)


class MergeForm(forms.Form):
    into_code = forms.CharField(
        label=_("Gộp vào vụ việc (mã)"), max_length=20,
        help_text=_("Vụ việc này kết thúc; người gửi nhận trả lời của vụ việc được gộp vào."),
    )  # fmt: skip
    day = _day()
    note = _reason()


class SecondRoundForm(forms.Form):
    content = forms.CharField(
        label=_("Nội dung khiếu nại lần 2"), widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Lý do không đồng ý với quyết định lần 1, yêu cầu của người khiếu nại."),
    )  # fmt: skip
    channel = forms.ChoiceField(label=_("Kênh tiếp nhận"), choices=[c for c in Channel.choices if c[0] != Channel.WEB])
    received_on = CaseDayField(label=_("Ngày tiếp nhận"), help_text=_("dd/mm/yyyy"))
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class KindField(forms.ChoiceField):
    """The kind of a case; a kind left out for this user (``refused``: {value: why}) is named on the field
    with the reason when posted anyway, rather than as an unknown choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.refused = {}

    def validate(self, value):
        if value in self.refused:
            raise forms.ValidationError(self.refused[value], code="refused")
        super().validate(value)


class ReceptionForm(forms.Form):
    """Staff entry at the reception desk, a dialogue, the hotline, a field visit or a letter.

    "Tố cáo" is offered only to ``user`` when they may receive a denunciation somewhere
    (``cases.receive_denunciation``); the service still asks for it over the unit the case lands on.
    """

    kind = KindField(label=_("Loại"), choices=CaseKind.choices, initial=CaseKind.FEEDBACK)
    channel = forms.ChoiceField(label=_("Kênh tiếp nhận"), choices=[c for c in Channel.choices if c[0] != Channel.WEB])
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.filter(is_active=True), required=False, empty_label=_("Chưa rõ")
    )
    content = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 6}))
    place_name = PlaceField(
        label=_("Nơi xảy ra (xã, phường hoặc thôn, tổ dân phố)"),
        help_text=_("Gõ tên hoặc mã, không cần dấu, rồi chọn trong danh sách gợi ý."),
        options_url=format_lazy("{}?perm=enter&places=1", reverse_lazy("units:options")),
    )
    place_code = forms.CharField(widget=forms.HiddenInput, max_length=20, required=False)
    received_on = CaseDayField(label=_("Ngày tiếp nhận"), help_text=_("dd/mm/yyyy"))
    petitioner_name = forms.CharField(label=_("Họ và tên người gửi"), max_length=150, required=False)
    petitioner_phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    petitioner_address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    signers = forms.IntegerField(
        label=_("Số người đứng đơn"), min_value=1, max_value=100_000, initial=1, required=False,
        help_text=_("Đơn đông người: số người cùng ký hoặc cùng đến."),
    )  # fmt: skip
    attachments = MultipleFileField(
        label=_("Đơn, ảnh, tài liệu kèm theo"), required=False,
        help_text=_("Tối đa 5 tệp JPEG, PNG hoặc PDF, mỗi tệp không quá 10 MB. Với tố cáo, tệp được mã hóa cùng danh "
                    "tính người tố cáo."),
    )  # fmt: skip
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not case_rules.may("cases.receive_denunciation", user):
            kind = self.fields["kind"]
            kind.choices = [c for c in kind.choices if c[0] != CaseKind.DENUNCIATION]
            kind.refused = {CaseKind.DENUNCIATION: case_rules.denunciation_refusal(None)}

    def clean(self):
        places = intake_places().for_user(self.user, scoping.ENTER)
        not_found = _("Không có xã, phường hoặc thôn này trong phạm vi bạn được tiếp nhận.")
        return _intake_clean(self, places, not_found=not_found)


class RevealForm(forms.Form):
    reason = forms.CharField(label=_("Lý do cần xem danh tính"), max_length=255)
    otp_token = forms.CharField(
        label=_("Mã xác thực"), max_length=20,
        help_text=_("Mã 6 chữ số đang hiện trên ứng dụng xác thực của bạn (hoặc một mã dự phòng), nhập ngay lúc xem."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )  # fmt: skip


class PersonForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)


STARS = [
    (1, _("1 sao: rất không hài lòng")),
    (2, _("2 sao: không hài lòng")),
    (3, _("3 sao: bình thường")),
    (4, _("4 sao: hài lòng")),
    (5, _("5 sao: rất hài lòng")),
]


class StarsWidget(forms.RadioSelect):
    """Five stars, from one to five: radio buttons drawn as stars (CSS), so a tap, a click or the arrow
    keys choose, and a screen reader reads each as "4 sao: hài lòng" within the group named by the
    field's label."""

    template_name = "cases/widgets/stars.html"

    def __init__(self, *, legend="", show_legend=False, **kwargs):
        super().__init__(**kwargs)
        self.legend, self.show_legend = legend, show_legend

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            legend=self.legend, show_legend=self.show_legend, low=_("Rất không hài lòng"), high=_("Rất hài lòng")
        )
        return context


def _stars(label):
    return forms.TypedChoiceField(
        label=label, choices=STARS, coerce=int, widget=StarsWidget(legend=label),
        error_messages={"required": _("Chọn từ 1 đến 5 sao."), "invalid_choice": _("Chọn từ 1 đến 5 sao.")},
    )  # fmt: skip


class RatingForm(forms.Form):
    timeliness = _stars(_("Đúng hạn"))
    attitude = _stars(_("Thái độ của cán bộ"))
    result = _stars(_("Kết quả giải quyết"))
    comment = forms.CharField(label=_("Ý kiến thêm"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, show_legends=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("timeliness", "attitude", "result"):
            self.fields[name].widget.show_legend = show_legends


def _marks(label):
    return forms.TypedChoiceField(label=label, choices=[("", _("Chọn điểm")), *STARS], coerce=int)


class StaffRatingForm(forms.Form):
    """A rating the citizen gave in person, on the phone…, written down by an officer (not the handler)."""

    taken_at = forms.ChoiceField(
        label=_("Người dân đánh giá"), choices=[("", _("Chọn nơi, cách đánh giá")), *RatingPlace.choices]
    )
    given_on = CaseDayField(label=_("Ngày người dân đánh giá"), help_text=_("dd/mm/yyyy"))
    timeliness = _marks(_("Đúng hạn"))
    attitude = _marks(_("Thái độ của cán bộ"))
    result = _marks(_("Kết quả giải quyết"))
    comment = forms.CharField(
        label=_("Ý kiến người dân nói thêm"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RoutingRuleForm(forms.Form):
    unit_code = forms.CharField(
        label=_("Nơi xảy ra thuộc đơn vị (mã)"), max_length=20,
        help_text=_("Quy tắc áp dụng cho mọi nơi xảy ra thuộc đơn vị này; quy tắc của đơn vị gần nhất được dùng."),
    )  # fmt: skip
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.filter(is_active=True), required=False,
        empty_label=_("Mọi lĩnh vực"),
    )  # fmt: skip
    target_code = forms.CharField(label=_("Chuyển đến đơn vị (mã)"), max_length=20)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)
