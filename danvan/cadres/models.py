"""Cadres, their posts, the organisations they belong to, blocks and teams, training and field days.

Every record belongs to a unit (directly or through its team, course or cadre)
and is read through ``for_user`` like every other domain record.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.core.scoping import ScopedQuerySet
from danvan.core.text import fold, normalize

from .choices import (
    ETHNICITY_CHOICES,
    KINH,
    AttendanceResult,
    CourseFormat,
    CourseLevel,
    Education,
    Gender,
    OrgKind,
    ProfessionalLevel,
    Religion,
    TeamKind,
    TeamRole,
    TheoryLevel,
    Title,
)

if TYPE_CHECKING:
    from danvan.accounts.models import User


class CadreQuerySet(ScopedQuerySet):
    def active_on(self, day):
        """Cadres at work on ``day``: started (or no start recorded) and not yet left."""
        return self.filter(Q(started_on__isnull=True) | Q(started_on__lte=day)).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=day)
        )

    def search(self, text):
        key = fold(text)
        if not key:
            return self
        return self.filter(Q(full_name_folded__contains=key) | Q(code=text.strip()) | Q(phone=text.strip()))


class Cadre(models.Model):
    """A person doing dân vận work: commune and province staff, block and team members."""

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị công tác"),
        on_delete=models.PROTECT,
        related_name="cadres",
        help_text=_("Đơn vị quản lý hồ sơ cán bộ; quyết định ai được xem hồ sơ."),
    )
    code = models.CharField(
        _("mã cán bộ"), max_length=30, unique=True, help_text=_("Tự sinh nếu để trống; dùng để nhập lại từ Excel.")
    )
    full_name = models.CharField(_("họ và tên"), max_length=150)
    full_name_folded = models.CharField(max_length=150, editable=False, db_index=True)
    gender = models.CharField(_("giới tính"), max_length=3, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    ethnicity = models.CharField(_("dân tộc"), max_length=2, choices=ETHNICITY_CHOICES, default=KINH)
    religion = models.CharField(_("tôn giáo"), max_length=12, choices=Religion.choices, default=Religion.NONE)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    education = models.CharField(
        _("trình độ giáo dục phổ thông"), max_length=12, choices=Education.choices, default=Education.UPPER_SECONDARY
    )
    professional_level = models.CharField(
        _("trình độ chuyên môn"), max_length=14, choices=ProfessionalLevel.choices, default=ProfessionalLevel.NONE
    )
    professional_field = models.CharField(_("chuyên ngành đào tạo"), max_length=200, blank=True)
    theory_level = models.CharField(
        _("lý luận chính trị"), max_length=14, choices=TheoryLevel.choices, default=TheoryLevel.NONE
    )
    is_party_member = models.BooleanField(_("đảng viên"), default=False)
    party_joined_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    photo = models.FileField(_("ảnh"), upload_to="cadres/photos/", blank=True)
    started_on = models.DateField(_("ngày bắt đầu công tác"), null=True, blank=True)
    left_on = models.DateField(
        _("ngày thôi công tác"), null=True, blank=True, help_text=_("Nghỉ hưu, chuyển công tác, thôi việc.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cadre",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["full_name_folded"])
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str
    objects = CadreQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        indexes = [models.Index(fields=["unit", "left_on"], name="cadre_unit_left")]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = normalize(self.full_name)
        self.full_name_folded = fold(self.full_name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cadres:detail", args=[self.pk])

    @property
    def is_active(self):
        return self.left_on is None


class Appointment(models.Model):
    """A post held by a cadre in a unit over a period; several may run at once."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="appointments")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("chức danh"), max_length=24, choices=Title.choices)
    title_detail = models.CharField(
        _("ghi rõ chức danh"), max_length=200, blank=True, help_text=_("Ví dụ: Chủ tịch Hội Nông dân xã Ia Ly.")
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "cadre__unit__path"

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="appt_end_after")
        ]

    def __str__(self):
        return self.title_detail or self.get_title_display()


class Organisation(models.Model):
    """The Front or a mass organisation of one unit (Hội Nông dân xã Ia Ly…)."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="organisations"
    )
    kind = models.CharField(_("loại tổ chức"), max_length=12, choices=OrgKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    history = HistoricalRecords()
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("tổ chức chính trị - xã hội")
        verbose_name_plural = _("tổ chức chính trị - xã hội")
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="one_org_kind_per_unit")]

    def __str__(self):
        return self.name


class OrganisationMembership(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("tổ chức"), on_delete=models.CASCADE, related_name="memberships"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    position = models.CharField(_("chức vụ trong tổ chức"), max_length=100, blank=True)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)

    history = HistoricalRecords()
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "organisation__unit__path"

    class Meta:
        verbose_name = _("hội viên, thành viên tổ chức")
        verbose_name_plural = _("hội viên, thành viên tổ chức")

    def __str__(self):
        return f"{self.cadre} – {self.organisation}"


class Team(models.Model):
    """A commune's khối dân vận or a village's tổ dân vận."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="teams")
    kind = models.CharField(_("loại"), max_length=6, choices=TeamKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    established_on = models.DateField(_("ngày thành lập"))
    decision = models.CharField(_("quyết định thành lập"), max_length=200, blank=True)
    dissolved_on = models.DateField(_("ngày giải thể"), null=True, blank=True)

    history = HistoricalRecords()
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("khối, tổ dân vận")
        verbose_name_plural = _("khối, tổ dân vận")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind"], condition=Q(dissolved_on__isnull=True), name="one_live_team_per_unit"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cadres:team_detail", args=[self.pk])


class TeamMembership(models.Model):
    """A cadre's seat on a team over a period. Ended seats stay as history."""

    team = models.ForeignKey(Team, verbose_name=_("khối, tổ"), on_delete=models.CASCADE, related_name="memberships")
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("thành viên"), on_delete=models.PROTECT, related_name="team_memberships"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=TeamRole.choices, default=TeamRole.MEMBER)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    end_reason = models.CharField(_("lý do thôi"), max_length=200, blank=True)

    history = HistoricalRecords()
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "team__unit__path"

    class Meta:
        verbose_name = _("thành viên khối, tổ")
        verbose_name_plural = _("thành viên khối, tổ")
        ordering = ["team", "role", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "cadre"], condition=Q(end__isnull=True), name="one_live_seat_per_cadre"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="seat_end_after"
            ),
        ]

    def __str__(self):
        return f"{self.cadre} – {self.get_role_display()} – {self.team}"


class TeamRules(models.Model):
    """Completeness rules for the blocks and teams under ``unit`` (the nearest unit with rules wins)."""

    unit = models.OneToOneField(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="team_rules"
    )
    block_min_size = models.PositiveSmallIntegerField(_("số thành viên tối thiểu của khối"), default=7)
    team_min_size = models.PositiveSmallIntegerField(_("số thành viên tối thiểu của tổ"), default=3)
    block_head_titles = models.JSONField(
        _("chức danh trưởng khối phải giữ (một trong)"),
        default=list,
        help_text=_("Mã chức danh; để trống thì không kiểm tra."),
    )
    team_head_titles = models.JSONField(_("chức danh tổ trưởng phải giữ (một trong)"), default=list)
    vacancy_days = models.PositiveSmallIntegerField(_("số ngày khuyết trưởng tối đa"), default=30)
    field_days_per_month_ratio = models.PositiveSmallIntegerField(
        _("số ngày làm việc cho mỗi ngày xuống cơ sở"),
        default=5,
        help_text=_("5 nghĩa là “4 ngày ở cơ quan, 1 ngày ở cơ sở”."),
    )

    history = HistoricalRecords()
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("quy định về khối, tổ dân vận")
        verbose_name_plural = _("quy định về khối, tổ dân vận")

    def __str__(self):
        return str(self.unit)


class Course(models.Model):
    """A training course (lớp tập huấn, bồi dưỡng)."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("tên lớp"), max_length=255)
    title_folded = models.CharField(max_length=255, editable=False, db_index=True)
    level = models.CharField(_("loại lớp"), max_length=10, choices=CourseLevel.choices, default=CourseLevel.REFRESHER)
    start = models.DateField(_("ngày bắt đầu"))
    end = models.DateField(_("ngày kết thúc"))
    hours = models.PositiveSmallIntegerField(_("số giờ"))
    topics = models.TextField(_("nội dung, chuyên đề"), blank=True)
    format = models.CharField(
        _("hình thức"), max_length=10, choices=CourseFormat.choices, default=CourseFormat.IN_PERSON
    )
    venue = models.CharField(_("địa điểm"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["title_folded"])
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("lớp tập huấn, bồi dưỡng")
        verbose_name_plural = _("lớp tập huấn, bồi dưỡng")
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="course_end_after")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = normalize(self.title)
        self.title_folded = fold(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cadres:course_detail", args=[self.pk])


class Attendance(models.Model):
    """One cadre on one course, with the result and certificate."""

    course = models.ForeignKey(Course, verbose_name=_("lớp"), on_delete=models.CASCADE, related_name="attendances")
    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="attendances")
    result = models.CharField(
        _("kết quả"), max_length=14, choices=AttendanceResult.choices, default=AttendanceResult.PENDING
    )
    certificate_no = models.CharField(_("số chứng chỉ, giấy chứng nhận"), max_length=60, blank=True)
    # Copied from the course so coverage by year is one indexed filter.
    year = models.PositiveSmallIntegerField(_("năm"), editable=False, db_index=True)

    history = HistoricalRecords()
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "cadre__unit__path"

    class Meta:
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")
        constraints = [models.UniqueConstraint(fields=["course", "cadre"], name="one_attendance_per_course")]
        indexes = [models.Index(fields=["cadre", "year", "result"], name="attendance_cadre_year")]

    def __str__(self):
        return f"{self.cadre} – {self.course}"

    def save(self, *args, **kwargs):
        self.year = self.course.end.year
        super().save(*args, **kwargs)


class FieldDay(models.Model):
    """A day a cadre worked at the grassroots ("4 ngày ở cơ quan, 1 ngày ở cơ sở")."""

    cadre = models.ForeignKey(Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="field_days")
    date = models.DateField(_("ngày"))
    village = models.ForeignKey(
        "units.Unit", verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("mục đích, nội dung"), max_length=255)
    people_met = models.PositiveIntegerField(_("số người đã gặp"), default=0)
    issues_heard = models.TextField(
        _("ý kiến, vấn đề người dân nêu"),
        blank=True,
        help_text=_("Mỗi vấn đề một dòng; có thể chuyển thành vụ việc sau."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    history = HistoricalRecords()
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "cadre__unit__path"

    class Meta:
        verbose_name = _("ngày công tác cơ sở")
        verbose_name_plural = _("ngày công tác cơ sở")
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["cadre", "date", "village"], name="one_visit_per_day_village")]
        indexes = [models.Index(fields=["cadre", "date"], name="fieldday_cadre_date")]

    def __str__(self):
        return f"{self.cadre} – {self.date:%d/%m/%Y}"


class Review(models.Model):
    """A recorded quality review (rà soát) of a unit's corps on a date: the figures as they stood."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    on_date = models.DateField(_("ngày rà soát"))
    figures = models.JSONField(_("số liệu"))
    conclusion = models.TextField(_("nhận xét, kiến nghị"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)

    history = HistoricalRecords()
    # Set by a service before save() for the audit row: who made the change, and why.
    _history_user: "User | None"
    _change_reason: str
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("kỳ rà soát đội ngũ")
        verbose_name_plural = _("kỳ rà soát đội ngũ")
        ordering = ["-on_date", "-pk"]

    def __str__(self):
        return f"{self.unit} – {self.on_date:%d/%m/%Y}"
