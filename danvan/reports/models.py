"""Scorecard weights, leadership documents, inspections and periodic reports."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.core.periods import Period
from danvan.core.scoping import ScopedQuerySet
from danvan.core.text import fold, normalize


class ScoreWeights(models.Model):
    """How a province (or the nation) weighs the parts of the composite score; the nearest unit above wins."""

    unit = models.OneToOneField(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="score_weights"
    )
    satisfaction = models.PositiveSmallIntegerField(_("sự hài lòng của người dân"), default=40)
    on_time = models.PositiveSmallIntegerField(_("giải quyết đúng hạn"), default=30)
    training = models.PositiveSmallIntegerField(_("bồi dưỡng cán bộ"), default=15)
    field_days = models.PositiveSmallIntegerField(_("đi cơ sở"), default=15)
    # 0 by default (and for every province's weights set before the part existed): their totals are unchanged
    # until the province gives the part a weight (core.scoring.DEFAULT_WEIGHTS).
    commitments = models.PositiveSmallIntegerField(_("cam kết được thực hiện đúng hạn"), default=0)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    PARTS = ("satisfaction", "on_time", "training", "field_days", "commitments")

    class Meta:
        verbose_name = _("trọng số điểm tổng hợp")
        verbose_name_plural = _("trọng số điểm tổng hợp")

    def __str__(self):
        return str(self.unit)

    def as_dict(self):
        return {part: getattr(self, part) for part in self.PARTS}

    def clean(self):
        if sum(getattr(self, part) or 0 for part in self.PARTS) != 100:
            raise ValidationError({"satisfaction": _("Tổng các trọng số phải bằng 100.")})


class DocumentKind(models.TextChoices):
    RESOLUTION = "nghi_quyet", _("Nghị quyết")
    DIRECTIVE = "chi_thi", _("Chỉ thị")
    CONCLUSION = "ket_luan", _("Kết luận")
    ACTION_PROGRAMME = "chuong_trinh", _("Chương trình hành động")
    PLAN = "ke_hoach", _("Kế hoạch")
    OFFICIAL_LETTER = "cong_van", _("Công văn")
    GUIDANCE = "huong_dan", _("Hướng dẫn")
    OTHER = "khac", _("Văn bản khác")


class LeadershipDocument(models.Model):
    """A document a Party committee or dân vận body issued to lead the work (nghị quyết, chỉ thị…)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại văn bản"), max_length=14, choices=DocumentKind.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60, help_text=_("Ví dụ: 15-NQ/TU, 120-KH/BDVTU."))
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, help_text=_("Ví dụ: Ban Thường vụ Tỉnh ủy."))
    title = models.CharField(_("trích yếu"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False, db_index=True)
    file = models.FileField(_("tệp văn bản"), upload_to="reports/documents/%Y/", blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["title_folded"])
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("văn bản lãnh đạo, chỉ đạo")
        verbose_name_plural = _("văn bản lãnh đạo, chỉ đạo")
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["unit", "issued_on"], name="leaddoc_unit_issued")]

    def __str__(self):
        return f"{self.number} – {self.title}"

    def save(self, *args, **kwargs):
        self.title = normalize(self.title)
        self.title_folded = fold(f"{self.number} {self.title}")
        super().save(*args, **kwargs)


class InspectionKind(models.TextChoices):
    INSPECTION = "kiem_tra", _("Kiểm tra")
    SUPERVISION = "giam_sat", _("Giám sát")


class Inspection(models.Model):
    """An inspection or supervision by a unit of the organisations below it, with its findings and follow-up."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=InspectionKind.choices)
    topic = models.CharField(_("nội dung"), max_length=500)
    topic_folded = models.CharField(max_length=500, editable=False, db_index=True)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    target = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị được kiểm tra, giám sát"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", help_text=_("Để trống nếu kiểm tra nhiều nơi."),
    )  # fmt: skip
    organisations = models.PositiveIntegerField(
        _("số tổ chức được kiểm tra, giám sát"), default=1, help_text=_("Chi bộ, tổ chức đảng, đoàn thể, cơ quan.")
    )
    people = models.PositiveIntegerField(_("số đảng viên, cá nhân được kiểm tra, giám sát"), default=0)
    findings = models.TextField(_("kết luận, phát hiện"), blank=True)
    follow_up = models.TextField(_("kiến nghị, việc phải khắc phục"), blank=True)
    follow_up_due = models.DateField(_("hạn khắc phục"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("ngày đã khắc phục xong"), null=True, blank=True)
    # The day the overdue follow-up was announced (once per due date; a new due date is announced again).
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["topic_folded", "reminded_for"])
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("cuộc kiểm tra, giám sát")
        verbose_name_plural = _("cuộc kiểm tra, giám sát")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["unit", "started_on"], name="inspection_unit_started")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="inspection_end_after",
            )
        ]

    def __str__(self):
        return self.topic

    def save(self, *args, **kwargs):
        self.topic = normalize(self.topic)
        self.topic_folded = fold(self.topic)
        super().save(*args, **kwargs)

    @property
    def follow_up_open(self):
        return bool(self.follow_up) and self.follow_up_done_on is None


class ReportStatus(models.TextChoices):
    DRAFT = "du_thao", _("Dự thảo")
    SUBMITTED = "da_gui", _("Đã gửi cấp trên")
    RETURNED = "tra_lai", _("Cấp trên trả lại để bổ sung")


class PeriodicReport(models.Model):
    """A unit's report for a period (sơ kết, tổng kết): figures drafted from the data, text written by the officer.

    On submission the figures are frozen in ``figures`` so the report the unit above reads does not
    change when later records arrive.
    """

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    period_kind = models.CharField(_("kỳ"), max_length=8)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("tháng, quý"), default=1)
    title = models.CharField(_("tiêu đề"), max_length=255)
    symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 25-BC/BDV."))
    place_name = models.CharField(_("địa danh"), max_length=100, blank=True, help_text=_("Ghi trước ngày tháng."))
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=150, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi nơi một dòng."))
    texts = models.JSONField(_("phần viết"), default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    figures = models.JSONField(_("số liệu khi gửi"), null=True, blank=True, editable=False)
    computed_on = models.DateField(_("số liệu tính đến ngày"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_note = models.TextField(_("ý kiến khi trả lại"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["figures"])
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period_kind", "year", "number"], name="one_report_per_period")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:report", args=[self.pk])

    @property
    def period(self):
        return Period(self.period_kind, self.year, self.number)

    @property
    def editable(self):
        return self.status != ReportStatus.SUBMITTED


class ReportFile(models.Model):
    """A generated Word, Excel or PDF file of a report, kept for download."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word (.docx)"
        XLSX = "xlsx", "Excel (.xlsx)"
        PDF = "pdf", "PDF"

    report = models.ForeignKey(PeriodicReport, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=Format.choices)
    file = models.FileField(upload_to="reports/files/%Y/")
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "report__unit__path"

    class Meta:
        verbose_name = _("tệp báo cáo")
        verbose_name_plural = _("tệp báo cáo")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.report} ({self.format})"
