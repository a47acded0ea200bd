from django.db import models
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from danvan.core.scoping import ScopedQuerySet
from danvan.core.text import fold, natural_key, normalize, words

from .choices import UnitKind


class UnitQuerySet(MP_NodeQuerySet, ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, text):
        """Units matching ``text`` (diacritics ignored) by their name with the names above them, or their code.

        Every word typed must appear in the unit's name or in the name of its commune or province,
        so "to dan pho 1 pleiku" finds Tổ dân phố 1 of Phường Pleiku; a number matches a whole
        number ("1" is not "10"), other words any part of a word. Units whose own name holds the
        whole text come first (see :meth:`ranked`).
        """
        typed = words(text)
        if not typed:
            return self
        match = models.Q()
        for word in typed:
            match &= models.Q(full_name_folded__contains=f" {word} " if word.isdigit() else word)
        return self.filter(match | models.Q(code=text.strip()))

    def ranked(self, text):
        """Order search results: the unit whose own name holds the text first, then by level and name."""
        key = " ".join(words(text))
        own = models.Case(models.When(name_folded__contains=key, then=0), default=1)
        return self.alias(own=own).order_by("own", "depth", "name_sort", "path")

    def natural(self):
        """Units in natural order of their names ("Thôn 2" before "Thôn 10")."""
        return self.order_by("name_sort", "path")


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
    # The sort key of ``name``: folded, digit runs zero-padded ("thon 0000000002" before "thon 0000000010").
    name_sort = models.CharField(max_length=400, editable=False, default="", db_index=True)
    # The folded words of ``full_name`` (the name, then the commune's and province's), between spaces,
    # for search: " to dan pho 1 phuong pleiku gia lai ". Kept by save() and the bulk paths.
    full_name_folded = models.CharField(max_length=700, editable=False, default="")
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

    history = HistoricalRecords(
        excluded_fields=["path", "depth", "numchild", "name_folded", "name_sort", "full_name_folded"]
    )

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
        old_name = None
        if self.pk is not None:
            old_name = Unit.objects.filter(pk=self.pk).values_list("name", flat=True).first()
        above = []
        if self.path and self.depth and self.depth > 2:
            names = dict(Unit.objects.filter(path__in=self.ancestor_paths()).values_list("path", "name"))
            above = [names[p] for p in self.ancestor_paths() if p in names and len(p) > self.steplen]
        self.set_keys(above)
        super().save(*args, **kwargs)
        if old_name is not None and old_name != self.name and self.numchild:
            refresh_full_names(self.path)

    def set_keys(self, above=()):
        """Set the search and sort keys from ``name`` and the names of the units above (nearest first, the
        nation left out)."""
        self.name_folded = fold(self.name)
        self.name_sort = natural_key(self.name)
        self.full_name_folded = full_name_key(self.name, above)

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


def full_name_key(name, above=()):
    """The ``full_name_folded`` of a unit named ``name`` under units named ``above`` (nearest first)."""
    return " " + " ".join(words(" ".join([name, *above]))) + " "


def refresh_full_names(path):
    """Recompute ``full_name_folded`` below the unit at ``path`` (after it was renamed), in bulk."""
    below = list(Unit.objects.filter(path__startswith=path).exclude(path=path).only("id", "path", "depth", "name"))
    if not below:
        return
    wanted = {p for unit in below for p in unit.ancestor_paths()}
    names = dict(Unit.objects.filter(path__in=wanted).values_list("path", "name"))
    for unit in below:
        above = [names[p] for p in unit.ancestor_paths() if p in names and len(p) > Unit.steplen]
        unit.full_name_folded = full_name_key(unit.name, above)
    Unit.objects.bulk_update(below, ["full_name_folded"], batch_size=1000)


def tree_order(prefix=""):
    """``order_by`` arguments for records listed by unit across levels: commune by commune (in the
    tree's order), the commune's own record first, then its villages by name in natural order.

    ``prefix`` leads to the unit ("unit__" for a record with a ``unit`` foreign key).
    """

    return [Substr(f"{prefix}path", 1, 3 * Unit.steplen), f"{prefix}depth", f"{prefix}name_sort", f"{prefix}path"]
