"""Trained text models (versioned files) and what they said about each case."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.scoping import ScopedQuerySet


class Task(models.TextChoices):
    FIELD = "linh_vuc", _("Lĩnh vực của vụ việc")
    URGENT = "khan_cap", _("Dấu hiệu khẩn cấp")
    ANGRY = "buc_xuc", _("Bức xúc, gay gắt")
    CONSTRUCTIVE = "xay_dung", _("Góp ý có tính xây dựng")
    TOXIC = "xuc_pham", _("Lời lẽ xúc phạm")


class ModelVersion(models.Model):
    """One trained model: its file, the hash of the data it learned from, its measured quality."""

    task = models.CharField(_("nhiệm vụ"), max_length=12, choices=Task.choices)
    version = models.PositiveIntegerField(_("phiên bản"))
    file = models.CharField(_("tệp"), max_length=255)
    data_hash = models.CharField(_("mã băm dữ liệu huấn luyện"), max_length=64)
    samples = models.PositiveIntegerField(_("số mẫu"))
    labels = models.JSONField(_("nhãn"), default=list)
    metrics = models.JSONField(_("chất lượng (kiểm định chéo)"), default=dict)
    sources = models.JSONField(_("nguồn dữ liệu"), default=dict)
    seconds = models.FloatField(_("thời gian huấn luyện (giây)"), default=0)
    trained_at = models.DateTimeField(_("huấn luyện lúc"), auto_now_add=True)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(_("đang dùng"), default=False)

    class Meta:
        verbose_name = _("mô hình phân tích văn bản")
        verbose_name_plural = _("mô hình phân tích văn bản")
        ordering = ["task", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["task", "version"], name="one_model_version"),
            models.UniqueConstraint(fields=["task"], condition=Q(is_active=True), name="one_active_model_per_task"),
        ]

    def __str__(self):
        return f"{self.get_task_display()} v{self.version}"


class Decision(models.TextChoices):
    PENDING = "cho", _("Chờ cán bộ xem")
    ACCEPTED = "dong_y", _("Cán bộ đồng ý")
    CORRECTED = "sua", _("Cán bộ sửa")


class CaseInsight(models.Model):
    """What the models read in a case: the suggested field with its reasons, urgency and anger.

    The officer's decision on the field (accepted or corrected) makes the case a training example.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="insight")
    suggested_field = models.ForeignKey(
        "cases.Field", verbose_name=_("lĩnh vực gợi ý"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    confidence = models.FloatField(_("độ tin cậy"), default=0)
    reasons = models.JSONField(_("lý do (từ ngữ)"), default=list)
    alternatives = models.JSONField(_("lĩnh vực khác có thể"), default=list)
    urgent = models.FloatField(_("mức khẩn cấp"), default=0)
    angry = models.FloatField(_("mức bức xúc"), default=0)
    signals = models.JSONField(_("từ ngữ đáng chú ý"), default=list)
    flagged = models.BooleanField(_("cần xem trước"), default=False, db_index=True)
    model_versions = models.JSONField(default=dict)
    decision = models.CharField(_("quyết định về lĩnh vực"), max_length=8, choices=Decision.choices,
                                default=Decision.PENDING)  # fmt: skip
    decided_field = models.ForeignKey(
        "cases.Field", verbose_name=_("lĩnh vực cán bộ xác nhận"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    urgent_label = models.BooleanField(_("cán bộ xác nhận cần xem trước"), null=True, blank=True)
    flag_cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "case__unit__path"

    class Meta:
        verbose_name = _("phân tích vụ việc")
        verbose_name_plural = _("phân tích vụ việc")

    def __str__(self):
        return f"{self.case} – {self.suggested_field or '—'}"


class TextPrint(models.Model):
    """A case's MinHash signature (``dedup.PERMUTATIONS`` 32-bit values), to compare it with later cases."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="text_print")
    signature = models.BinaryField()
    received_on = models.DateField(db_index=True)

    class Meta:
        verbose_name = _("dấu vân văn bản")
        verbose_name_plural = _("dấu vân văn bản")

    def __str__(self):
        return str(self.case_id)


class TextBand(models.Model):
    """One LSH band key of a recent case: a new case sharing a key with it is a candidate duplicate.

    Kept for cases received within ``services.duplicates.DUPLICATE_WINDOW_DAYS``; older rows are pruned.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key"], name="text_band_key")]

    def __str__(self):
        return f"{self.case_id}:{self.key}"


class DuplicateStatus(models.TextChoices):
    PROPOSED = "de_xuat", _("Đề xuất")
    LINKED = "da_lien_ket", _("Đã liên kết")
    DISMISSED = "khong_trung", _("Không trùng")


class DuplicateCandidate(models.Model):
    """Two cases whose texts are nearly the same (estimated Jaccard similarity of their 5-grams)."""

    class FoundBy(models.TextChoices):
        INTAKE = "tiep_nhan", _("Khi tiếp nhận")
        SWEEP = "quet", _("Lần quét định kỳ")

    first = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField(_("độ giống"))
    found_by = models.CharField(max_length=10, choices=FoundBy.choices)
    status = models.CharField(_("trạng thái"), max_length=12, choices=DuplicateStatus.choices,
                              default=DuplicateStatus.PROPOSED)  # fmt: skip
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cặp vụ việc có thể trùng")
        verbose_name_plural = _("cặp vụ việc có thể trùng")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_duplicate_pair"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="duplicate_pair_ordered"),
        ]

    def __str__(self):
        return f"{self.first_id} ~ {self.second_id} ({self.similarity:.2f})"


class EarlyWarning(models.Model):
    """A unit receiving unusually many cases of a field in the 7 days to ``window_end`` (see ``hotspots``)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+")
    field = models.ForeignKey("cases.Field", verbose_name=_("lĩnh vực"), on_delete=models.CASCADE, related_name="+")
    window_end = models.DateField(_("đến ngày"))
    count = models.PositiveIntegerField(_("số vụ việc trong 7 ngày"))
    expected = models.FloatField(_("bình thường"))
    p_value = models.FloatField(_("xác suất nếu không có gì bất thường"))
    blocks = models.PositiveSmallIntegerField(_("số tuần lịch sử"))
    season = models.FloatField(_("hệ số mùa vụ"), default=1)
    notified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("cảnh báo sớm")
        verbose_name_plural = _("cảnh báo sớm")
        ordering = ["-window_end", "p_value"]
        constraints = [models.UniqueConstraint(fields=["unit", "field", "window_end"], name="one_warning_a_day")]

    def __str__(self):
        return f"{self.unit} · {self.field} · {self.window_end:%d/%m/%Y}"

    @property
    def window_start(self):
        return self.window_end - datetime.timedelta(days=6)
