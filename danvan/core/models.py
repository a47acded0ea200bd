"""Background jobs that outlive the request: imports, report generation, model training.

A job row records what was asked, by whom, for which unit, and how far it has
got; the page polls it for the progress bar. Handlers are plain functions
registered in :mod:`danvan.core.jobs`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .scoping import ScopedQuerySet


class JobStatus(models.TextChoices):
    QUEUED = "cho", _("Đang chờ")
    RUNNING = "dang_chay", _("Đang chạy")
    DONE = "xong", _("Đã xong")
    FAILED = "loi", _("Lỗi")


class Job(models.Model):
    kind = models.CharField(_("loại việc"), max_length=60)
    title = models.CharField(_("tên việc"), max_length=255)
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.CASCADE, related_name="jobs"
    )
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    input_file = models.FileField(_("tệp đầu vào"), upload_to="jobs/", blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    stage = models.CharField(_("bước"), max_length=120, blank=True)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    # Written by the runner while the handler works (``core/jobs.py``); a running job whose heartbeat is
    # too old is marked failed, since the process running it has stopped.
    heartbeat_at = models.DateTimeField(_("tín hiệu hoạt động lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    retry_of = models.ForeignKey(
        "self", verbose_name=_("chạy lại từ việc"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="retries",
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("job_detail", args=[self.pk])

    @property
    def percent(self):
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(100 * self.done / self.total))

    @property
    def finished(self):
        return self.status in (JobStatus.DONE, JobStatus.FAILED)


class Notification(models.Model):
    """A message for one user (a deadline coming, a case escalated…), shown in the page header."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("liên kết"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.title
