"""Feedback cases. This first part holds the legal time limits, as data dated by effective date."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import CaseKind, DayType, Step


class DeadlineRule(models.Model):
    """One legal (or internal) time limit: for a kind of case, a round and a step, from a date.

    Laws change (Law 136/2025/QH15 amends the complaint and denunciation laws from 1 July 2026), so
    a limit is never edited in place: a new version starts on its effective date and the old one
    ends the day before. A case uses the version in force on the day its clock starts.
    """

    kind = models.CharField(_("loại vụ việc"), max_length=12, choices=CaseKind.choices)
    round = models.PositiveSmallIntegerField(_("lần"), default=1, help_text=_("Khiếu nại lần 1 hay lần 2."))
    step = models.CharField(_("bước"), max_length=12, choices=Step.choices)
    day_type = models.CharField(_("cách tính"), max_length=14, choices=DayType.choices, default=DayType.CALENDAR)
    days = models.PositiveSmallIntegerField(_("số ngày"))
    complex_days = models.PositiveSmallIntegerField(
        _("số ngày nếu phức tạp"), null=True, blank=True, help_text=_("Để trống nếu không khác.")
    )
    remote_days = models.PositiveSmallIntegerField(
        _("số ngày ở vùng sâu, vùng xa"), null=True, blank=True, help_text=_("Để trống nếu không khác.")
    )
    remote_complex_days = models.PositiveSmallIntegerField(
        _("số ngày ở vùng sâu, vùng xa nếu phức tạp"), null=True, blank=True
    )
    extension_days = models.PositiveSmallIntegerField(
        _("số ngày mỗi lần gia hạn"), default=0, help_text=_("Cho tố cáo: mỗi lần gia hạn thêm tối đa bao nhiêu ngày.")
    )
    max_extensions = models.PositiveSmallIntegerField(_("số lần gia hạn tối đa"), default=0)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    effective_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255)
    verified = models.BooleanField(
        _("đã đối chiếu văn bản"), default=True, help_text=_("Bỏ chọn khi con số chưa được đối chiếu với văn bản gốc.")
    )
    note = models.TextField(_("ghi chú"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thời hạn theo quy định")
        verbose_name_plural = _("thời hạn theo quy định")
        ordering = ["kind", "round", "step", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "round", "step", "effective_from"], name="one_rule_version_a_day"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="rule_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} lần {self.round} – {self.get_step_display()}: {self.days} {self.get_day_type_display().lower()}"

    def clean(self):
        overlapping = DeadlineRule.objects.filter(kind=self.kind, round=self.round, step=self.step).exclude(pk=self.pk)
        end = self.effective_to
        overlapping = overlapping.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from))
        if end is not None:
            overlapping = overlapping.filter(effective_from__lte=end)
        if overlapping.exists():
            raise ValidationError(
                {"effective_from": _("Trùng thời gian áp dụng với một phiên bản khác của cùng thời hạn.")}
            )

    def days_for(self, *, remote=False, complexity=0):
        """The limit for a case's circumstances (remote area, complex)."""
        if remote and complexity and self.remote_complex_days:
            return self.remote_complex_days
        if remote and self.remote_days:
            return self.remote_days
        if complexity and self.complex_days:
            return self.complex_days
        return self.days
