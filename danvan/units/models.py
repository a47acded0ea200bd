from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from danvan.core.scoping import ScopedQuerySet
from danvan.core.text import fold, normalize

from .choices import UnitKind


class UnitQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, text):
        """Units whose name (diacritics ignored) or code contains ``text``."""
        key = fold(text)
        if not key:
            return self
        return self.filter(models.Q(name_folded__contains=key) | models.Q(code=text.strip()))


class UnitManager(MP_NodeManager):
    def get_queryset(self):
        return UnitQuerySet(self.model).order_by("path")

    def for_user(self, user, perm="view"):
        return self.get_queryset().for_user(user, perm)


class Unit(MP_Node):
    """One node of the administrative tree: nation → province → commune → village.

    The materialised ``path`` (treebeard) makes "this unit and all below" a
    prefix query; it is the basis of scoping and roll-ups. Units are never
    deleted: a merged or dissolved unit is deactivated and may name its
    successor, so records that point at it keep their history.
    """

    kind = models.CharField(_("cấp"), max_length=16, choices=UnitKind.choices)
    division_type = models.CharField(
        _("loại đơn vị"), max_length=40, help_text=_("Ví dụ: tỉnh, thành phố, xã, phường, đặc khu, thôn, tổ dân phố.")
    )
    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    # Folded copy of ``name`` for diacritic-insensitive search; kept in sync by save().
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    is_remote = models.BooleanField(
        _("vùng sâu, vùng xa, đi lại khó khăn"),
        default=False,
        help_text=_("Kéo dài thời hạn giải quyết theo luật cho vụ việc ở đơn vị này."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    deactivated_on = models.DateField(_("ngày ngừng hoạt động"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild", "name_folded"])

    objects = UnitManager()

    scope_path_field = "path"
    node_order_by = []

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        indexes = [
            # Children listing and roll-ups by kind under a path prefix.
            models.Index(fields=["kind", "path"], name="unit_kind_path"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = normalize(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise models.ProtectedError(_("Không xóa đơn vị; hãy ngừng hoạt động để giữ lịch sử."), {self})

    def get_absolute_url(self):
        return reverse("units:detail", args=[self.pk])

    def ancestor_paths(self):
        """Paths of every unit above this one, nearest first."""
        step = self.steplen
        return [self.path[: depth * step] for depth in range(self.depth - 1, 0, -1)]

    @property
    def full_name(self):
        """Name with its commune and province, as letters address a place ("Thôn 1, Xã Ia Ly, Gia Lai").

        Selectors that list many units set ``place_names`` in one query; otherwise
        the ancestors are read here.
        """
        if not hasattr(self, "place_names"):
            names = dict(Unit.objects.filter(path__in=self.ancestor_paths()).values_list("path", "name"))
            self.place_names = [names[p] for p in self.ancestor_paths() if p in names and len(p) > self.steplen]
        return ", ".join([self.name, *self.place_names])
