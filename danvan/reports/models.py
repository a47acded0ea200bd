"""Scorecard weights, leadership documents, inspections and periodic reports."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.core.scoping import ScopedQuerySet


class ScoreWeights(models.Model):
    """How a province (or the nation) weighs the parts of the composite score; the nearest unit above wins."""

    unit = models.OneToOneField(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="score_weights"
    )
    satisfaction = models.PositiveSmallIntegerField(_("sự hài lòng của người dân"), default=40)
    on_time = models.PositiveSmallIntegerField(_("giải quyết đúng hạn"), default=30)
    training = models.PositiveSmallIntegerField(_("bồi dưỡng cán bộ"), default=15)
    field_days = models.PositiveSmallIntegerField(_("đi cơ sở"), default=15)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    PARTS = ("satisfaction", "on_time", "training", "field_days")

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
