"""No English on a Vietnamese page: every form of the project fed bad input, the password rules, the pages
Django writes itself (a form sent too late, a request it refuses) and a broken spreadsheet."""

import re

import pytest
from django import forms as djforms

# Words of Django's and the libraries' English messages ("Enter a valid date.", "This field is required.",
# "Ensure this value…", "CSRF verification failed. Request aborted.", "File is not a zip file"…).
ENGLISH = re.compile(
    r"\b(Enter|Ensure|This|field|valid|Select|must|password|characters?|Forbidden|Bad Request|CSRF|aborted|zip|"
    r"file|number|whole|required|least|most)\b"
)
# Django's own Vietnamese that reads badly, replaced by core/messages.py: "Nhập một số tổng thể.",
# "…bằng với 30 .", "…không phải là một trong các lựa chọn khả thi.", "Nhập một ngày hợp lệ."
POOR = re.compile(r"tổng thể|\d \.$|khả thi|Nhập một ngày hợp lệ")


def bad_values(field):
    """Input a user gets wrong for ``field``: empty, the wrong kind, too long, out of range."""
    values = [""]
    if isinstance(field, djforms.IntegerField | djforms.FloatField | djforms.DecimalField):
        values += ["abc", "-5", "999999999999", "1.23456"]
    elif isinstance(field, djforms.DateField):
        values += ["31/02/2026", "2026-13-01", "hôm qua"]
    elif isinstance(field, djforms.MultipleChoiceField):
        values += [["khong-co"]]
    elif isinstance(field, djforms.ChoiceField):
        values += ["khong-co-lua-chon", "999999"]
    elif isinstance(field, djforms.CharField):
        values += ["x" * ((field.max_length or 200) + 1), "a b!@#"]
    return values


def every_form(tree, personas):
    from danvan.accounts import forms as accounts
    from danvan.cadres import forms as cadres
    from danvan.cases import forms as cases
    from danvan.emulation import council_forms as councils
    from danvan.emulation import forms as emulation
    from danvan.emulation.views.followups import FollowUpForm
    from danvan.emulation.views.replication import ReplicateForm
    from danvan.engagement import forms as engagement
    from danvan.reports import forms as reports
    from danvan.units import forms as units

    actor = personas["national_admin"]
    return [
        (accounts.UserCreateForm, {"actor": actor}), (accounts.UserEditForm, {}),
        (accounts.AssignmentForm, {"actor": actor}), (accounts.ResetPasswordForm, {}),
        (cadres.CadreForm, {}), (cadres.LeaveForm, {}), (cadres.AppointmentForm, {}), (cadres.EndForm, {}),
        (cadres.TeamForm, {}), (cadres.SeatForm, {}), (cadres.OrganisationForm, {}),
        (cadres.OrganisationMemberForm, {}), (cadres.RoleChangeForm, {}), (cadres.TeamRulesForm, {}),
        (cadres.CourseForm, {}), (cadres.AttendanceForm, {}), (cadres.FieldDayForm, {}), (cadres.ReviewForm, {}),
        (cases.PublicCaseForm, {}), (cases.LookupForm, {}), (cases.StepForm, {"events": ["thu_ly", "khong_thu_ly"]}),
        (cases.ReassignForm, {}), (cases.ForwardForm, {}), (cases.AssignForm, {"unit": tree["pleiku"]}),
        (cases.ClassifyForm, {}), (cases.LinkForm, {}), (cases.MergeForm, {}), (cases.SecondRoundForm, {}),
        (cases.ReceptionForm, {}), (cases.RevealForm, {}), (cases.PersonForm, {}), (cases.RatingForm, {}),
        (cases.RoutingRuleForm, {}), (reports.WeightsForm, {}), (reports.DocumentForm, {}),
        (reports.InspectionForm, {"unit": tree["gialai"]}), (units.UnitForm, {}), (units.VillageForm, {}),
        (units.DeactivateForm, {}),
        (engagement.ReceptionForm, {}), (engagement.FollowUpForm, {}), (engagement.ScheduleForm, {}),
        (engagement.SessionForm, {}), (engagement.DialogueForm, {}), (engagement.QuestionForm, {}),
        (engagement.CommitmentForm, {}), (engagement.SubCommitmentForm, {}), (engagement.ProgressForm, {}),
        (engagement.CloseForm, {}),
        (emulation.PracticeForm, {}), (emulation.ForceRow, {}), (emulation.IndicatorRow, {}),
        (emulation.MilestoneRow, {}), (emulation.PublicityForm, {}), (emulation.StepForm, {}),
        (emulation.RefuseForm, {}), (emulation.MonitorForm, {}), (emulation.EvidenceForm, {}),
        (councils.SettingForm, {}), (councils.RubricForm, {}), (councils.CriterionRowForm, {}),
        (councils.NewVersionForm, {}), (councils.OpenForm, {}), (councils.CloseForm, {}),
        (councils.DecisionForm, {}), (councils.ConferenceForm, {}), (councils.AwardEntryForm, {}),
        (FollowUpForm, {}), (ReplicateForm, {}),
    ]  # fmt: skip


def test_every_form_answers_bad_input_in_vietnamese(tree, personas):
    checked = 0
    for form_class, kwargs in every_form(tree, personas):
        for name, field in form_class(**kwargs).fields.items():
            for value in bad_values(field):
                form = form_class({name: value}, **kwargs)
                form.is_valid()
                for message in form.errors.get(name, []):
                    checked += 1
                    where = f"{form_class.__name__}.{name}={str(value)[:20]!r}: {message}"
                    assert not ENGLISH.search(message), where
                    assert not POOR.search(message), where
    assert checked > 150  # the sweep reached the forms' fields


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (djforms.IntegerField(), "abc", "Nhập một số nguyên."),
        (djforms.IntegerField(max_value=30), "31", "Giá trị không được lớn hơn 30."),
        (djforms.IntegerField(min_value=1), "0", "Giá trị phải từ 1 trở lên."),
        (djforms.DateField(), "31/02/2026", "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 02/03/2026."),
        (
            djforms.ChoiceField(choices=[("a", "A")]),
            "b",
            "“b” không có trong danh sách; hãy chọn một mục trong danh sách.",
        ),
        (djforms.SlugField(), "đất đai", "Chỉ dùng chữ không dấu, chữ số, dấu gạch dưới hoặc gạch ngang."),
        (
            djforms.CharField(),
            "Đường hỏng\x00 trước chợ",
            "Có ký tự rỗng (NUL, thường do dán từ tệp khác) không lưu được; hãy gõ lại đoạn vừa dán rồi gửi lại.",
        ),
    ],
)
def test_the_defaults_say_what_to_type(field, value, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        field.clean(value)
    assert caught.value.messages == [message]


def test_the_password_rules_speak_vietnamese(personas, login):
    from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        validate_password("abc12")
    assert caught.value.messages == ["Mật khẩu quá ngắn: cần ít nhất 8 ký tự."]
    for text in password_validators_help_texts():
        assert not ENGLISH.search(text), text
    client = login(personas["commune_officer"])
    page = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": "Mat-khau-thu-2026", "new_password1": "abc12", "new_password2": "abc12"},
    ).content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 8 ký tự." in page and "too short" not in page


def test_a_form_sent_without_its_token_gets_a_vietnamese_page(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/phan-anh/gui/", {"content": "Cống thoát nước bị tắc."})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Chưa gửi được biểu mẫu" in html and "nội dung bạn đã gõ" in html
    assert "CSRF verification" not in html and "Forbidden" not in html


def test_a_request_django_refuses_gets_a_vietnamese_page(client, db, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.post("/phan-anh/gui/", {f"f{n}": "x" for n in range(20)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in html and "Bad Request" not in html


def test_a_broken_spreadsheet_is_explained_without_the_librarys_english(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from danvan.core.imports import TableError, read_table

    broken = SimpleUploadedFile("can-bo.xlsx", b"PK\x03\x04 day khong phai tep Excel")
    with pytest.raises(TableError) as caught:
        list(read_table(broken, {"name": ("Tên",)}, ("name",)))
    assert str(caught.value).startswith("Không đọc được tệp Excel.") and not ENGLISH.search(str(caught.value))
