"""Feedback cases: the legal time limits (dated rules), the fields, the cases and their event logs."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.core.scoping import ScopedQuerySet
from danvan.core.text import clean, fold, xml_safe
from danvan.units.choices import UnitKind

from .choices import CaseKind, Channel, DayType, Event, LinkReason, RatingPlace, RatingSource, Status, Step


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


class Field(models.Model):
    """A field (lĩnh vực) cases are filed under: đất đai, môi trường… (data, not code)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Case(models.Model):
    """A citizen's phản ánh, kiến nghị, khiếu nại or tố cáo, from receipt to a rated answer.

    ``status`` is a copy of what the event log says, kept by the services for lists; the log is the
    record (see ``workflow.replay``).
    """

    code = models.CharField(_("mã theo dõi"), max_length=20, unique=True)
    kind = models.CharField(_("loại"), max_length=12, choices=CaseKind.choices)
    round = models.PositiveSmallIntegerField(_("lần"), default=1)
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.PROTECT)
    content = models.TextField(_("nội dung"))
    content_folded = models.TextField(editable=False)
    place = models.ForeignKey(
        "units.Unit", verbose_name=_("nơi xảy ra"), on_delete=models.PROTECT, related_name="+", db_index=False
    )  # indexed by case_place_cover
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị xử lý"), on_delete=models.PROTECT, related_name="cases"
    )
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    petitioner_name = models.CharField(_("họ và tên người gửi"), max_length=150, blank=True)
    petitioner_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    petitioner_address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    on_behalf = models.BooleanField(_("cán bộ ghi thay người dân"), default=False)
    signers = models.PositiveIntegerField(
        _("số người đứng đơn"), default=1, help_text=_("Đơn đông người: số người cùng ký hoặc cùng đến.")
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ được giao xử lý"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    complexity = models.PositiveSmallIntegerField(_("mức độ phức tạp"), default=0)
    is_remote = models.BooleanField(_("vùng sâu, vùng xa"), default=False)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, editable=False)
    received_on = models.DateField(_("ngày tiếp nhận"))
    # The due date of the step now running (acceptance, then resolution); empty when the clock stands
    # still or the case is done. Derived from the events by the services, for lists and the sweep.
    due_on = models.DateField(_("hạn của bước đang chạy"), null=True, blank=True, editable=False)
    # Copies of the resolution clock for the dashboards and reports (derived like ``due_on``): its
    # due date once the case is accepted, and the day the answer or decision was given.
    resolve_due = models.DateField(_("hạn giải quyết"), null=True, blank=True, editable=False)
    answered_on = models.DateField(_("ngày trả lời, ra quyết định"), null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("đã gộp vào"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"
    # A case also belongs to the place where it happened: those who see the place read it (a village
    # team its village's cases). Never a denunciation: who denounced must not be guessed from there.
    scope_view_also = (("place__path", ~Q(kind=CaseKind.DENUNCIATION)),)
    # What a case can be handled by (routing and reassignment name a commune or a province).
    scope_own_units = (UnitKind.COMMUNE, UnitKind.PROVINCE)

    class Meta:
        verbose_name = _("vụ việc")
        verbose_name_plural = _("vụ việc")
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status"], name="case_unit_status"),
            models.Index(fields=["handler", "status"], name="case_handler_status"),
            models.Index(fields=["petitioner_phone"], name="case_petitioner_phone"),
            # The cases of a place (a village's list): by place, and on PostgreSQL, counted from the index
            # alone with what tells whether the handling unit already lists them (see Scoping).
            models.Index(fields=["place"], include=["unit", "kind"], name="case_place_cover"),
            models.Index(fields=["due_on"], name="case_due_on", condition=Q(due_on__isnull=False)),
            models.Index(
                fields=["unit", "due_on"],
                include=["status"],
                name="case_unit_due_on",
                condition=Q(due_on__isnull=False),
            ),
            # Dashboards and reports, national: counts by period, answered from the index alone on PostgreSQL.
            models.Index(
                fields=["received_on"],
                include=["unit", "kind", "field", "status", "signers"],
                name="case_received_cover",
            ),
            models.Index(
                fields=["answered_on"],
                include=["unit", "kind", "resolve_due"],
                name="case_answered_cover",
                condition=Q(answered_on__isnull=False),
            ),
            # The same for one province or commune: the unit first.
            models.Index(
                fields=["unit", "received_on"],
                include=["kind", "field", "status", "signers"],
                name="case_unit_received_cover",
            ),
            models.Index(
                fields=["unit", "answered_on"],
                include=["kind", "resolve_due"],
                name="case_unit_answered_cover",
                condition=Q(answered_on__isnull=False),
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        # NFC without bidi controls, keeping the writer's line breaks; control characters pasted from word
        # processors become spaces.
        self.content = xml_safe(clean(self.content)).strip()
        self.content_folded = fold(self.content)
        super().save(*args, **kwargs)

    def _rating_of(self, source):
        return next((r for r in self.ratings.all() if r.source == source), None)  # prefetched on lists

    @property
    def citizen_rating(self):
        """The citizen's own rating (status page), or None."""
        return self._rating_of(RatingSource.CITIZEN)

    @property
    def staff_rating(self):
        """The rating an officer wrote down for the citizen, or None."""
        return self._rating_of(RatingSource.STAFF)


class CaseEvent(models.Model):
    """One step of a case. Append-only: events are never changed or removed."""

    case = models.ForeignKey(Case, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="events")
    event = models.CharField(_("sự kiện"), max_length=24, choices=Event.choices)
    day = models.DateField(_("ngày"))
    at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "case__unit__path"
    scope_view_also = (("case__place__path", ~Q(case__kind=CaseKind.DENUNCIATION)),)

    class Meta:
        verbose_name = _("sự kiện của vụ việc")
        verbose_name_plural = _("sự kiện của vụ việc")
        ordering = ["day", "at", "pk"]

    def __str__(self):
        return f"{self.case} – {self.event} – {self.day:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Sự kiện của vụ việc không được sửa; hãy ghi thêm một sự kiện mới."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Sự kiện của vụ việc không được xóa."))


class CaseLink(models.Model):
    """Two cases about the same matter: the same petitioner, a group petition, or a second round.

    A link is kept once for a pair, whichever way it was made (``first`` has the smaller id except
    for a second round, where ``first`` is the first-round case).
    """

    first = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="links_out")
    second = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="links_in")
    reason = models.CharField(_("lý do liên kết"), max_length=20, choices=LinkReason.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("liên kết vụ việc")
        verbose_name_plural = _("liên kết vụ việc")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_link_per_pair"),
            models.CheckConstraint(condition=~Q(first=models.F("second")), name="link_two_cases"),
        ]

    def __str__(self):
        return f"{self.first} ↔ {self.second}"


class DenouncerIdentity(models.Model):
    """A denouncer's identity, encrypted (``cases/identity.py``) and kept apart from the case."""

    case = models.OneToOneField(Case, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="denouncer")
    number = models.PositiveIntegerField(_("số hiệu người tố cáo"), unique=True)
    sealed = models.BinaryField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("danh tính người tố cáo (mã hóa)")
        verbose_name_plural = _("danh tính người tố cáo (mã hóa)")

    def __str__(self):
        return self.pseudonym

    @property
    def pseudonym(self):
        return _("Người tố cáo #%(n)d") % {"n": self.number}


class DenouncerDocument(models.Model):
    """A scan that may identify the denouncer (the handwritten letter, an ID card), sealed like the identity."""

    identity = models.ForeignKey(DenouncerIdentity, on_delete=models.PROTECT, related_name="documents")
    sealed = models.BinaryField(editable=False)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu của người tố cáo (mã hóa)")
        verbose_name_plural = _("tài liệu của người tố cáo (mã hóa)")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.identity} – {self.pk}"


class IdentityGrant(models.Model):
    """Who may open a denouncer's identity: the resolver, and the intake officer they designate."""

    class Role(models.TextChoices):
        RECEIVER = "tiep_nhan", _("Người tiếp nhận")
        RESOLVER = "giai_quyet", _("Người giải quyết")
        DESIGNATED = "duoc_giao", _("Cán bộ được người giải quyết giao")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="identity_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Set when an administrator resets the holder's password or second factor: the grant stays theirs but
    # opens nothing until they enrol a new second factor themselves.
    suspended_at = models.DateTimeField(_("tạm dừng lúc"), null=True, blank=True)
    suspended_reason = models.CharField(_("lý do tạm dừng"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("quyền xem danh tính người tố cáo")
        verbose_name_plural = _("quyền xem danh tính người tố cáo")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"], condition=Q(revoked_at__isnull=True), name="one_live_identity_grant"
            )
        ]

    def __str__(self):
        return f"{self.case} – {self.get_role_display()}"


class IdentityReveal(models.Model):
    """Every attempt to open a denouncer's identity or one of their scans, allowed or refused (the register)."""

    class Kind(models.TextChoices):
        IDENTITY = "danh_tinh", _("Danh tính")
        DOCUMENT = "tai_lieu", _("Tài liệu")

    class Refusal(models.TextChoices):
        NO_GRANT = "khong_co_quyen", _("không được giao quyền xem")
        SUSPENDED = "tam_dung", _("quyền xem đang tạm dừng (mật khẩu hoặc xác thực đã bị đặt lại)")
        NO_SECOND_FACTOR = "chua_xac_thuc", _("chưa bật xác thực hai bước")
        WRONG_CODE = "sai_ma", _("mã xác thực không đúng hoặc đã dùng")
        NO_READING = "chua_mo_danh_tinh", _("chưa mở danh tính có mã xác thực ngay trước đó")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="identity_reveals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(_("nội dung mở"), max_length=10, choices=Kind.choices, default=Kind.IDENTITY)
    document = models.ForeignKey(DenouncerDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("lý do"), max_length=255)
    allowed = models.BooleanField(_("được phép"))
    refusal = models.CharField(_("lý do từ chối"), max_length=20, choices=Refusal.choices, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "case__unit__path"

    class Meta:
        verbose_name = _("lần mở danh tính người tố cáo")
        verbose_name_plural = _("lần mở danh tính người tố cáo")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.case} – {self.at:%d/%m/%Y %H:%M}"


class CaseNotice(models.Model):
    """A deadline notice already sent for a case's due date, so the daily sweep sends it once."""

    class Kind(models.TextChoices):
        DUE_SOON = "sap_den_han", _("Sắp đến hạn")
        OVERDUE = "qua_han", _("Quá hạn, báo cấp trên")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "kind", "due_on"], name="one_notice_per_due_date")]

    def __str__(self):
        return f"{self.case} – {self.get_kind_display()} – {self.due_on:%d/%m/%Y}"


class RoutingRule(models.Model):
    """Where cases of a field about places under ``unit`` go, when not to the place's own commune.

    Set by a unit for its subtree (a province may send every "Tham nhũng – tiêu cực" case to its
    own desk); the nearest unit above the place with a rule for the field wins, and a rule without
    a field applies to every field.
    """

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("áp dụng cho nơi xảy ra thuộc"), on_delete=models.PROTECT, related_name="+"
    )
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("Để trống: mọi lĩnh vực."),
    )  # fmt: skip
    target = models.ForeignKey(
        "units.Unit", verbose_name=_("chuyển đến đơn vị"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("quy tắc chuyển vụ việc")
        verbose_name_plural = _("quy tắc chuyển vụ việc")
        constraints = [
            models.UniqueConstraint(fields=["unit", "field"], name="one_route_per_unit_field"),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(field__isnull=True), name="one_default_route_per_unit"
            ),
        ]

    def __str__(self):
        return f"{self.unit} · {self.field or _('mọi lĩnh vực')} → {self.target}"


class CaseRating(models.Model):
    """How the case was handled, rated by the citizen; it belongs to the handling unit and cadre.

    Either the citizen rated it on the status page (``source`` citizen), or an officer other than the
    case's handler and whoever answered it wrote down a rating the citizen gave in person, on the phone…
    (``source`` staff, with ``recorded_by``, ``taken_at`` and ``given_on``). A case has at most one of
    each: a rating recorded by staff never takes the citizen's own chance to rate. The scorecards count
    only the citizens' own ratings; those recorded by staff are shown apart, with their number.
    """

    case = models.ForeignKey(Case, verbose_name=_("vụ việc"), on_delete=models.PROTECT, related_name="ratings")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị xử lý"), on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ xử lý"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    timeliness = models.PositiveSmallIntegerField(_("đúng hạn"))
    attitude = models.PositiveSmallIntegerField(_("thái độ"))
    result = models.PositiveSmallIntegerField(_("kết quả"))
    comment = models.TextField(_("ý kiến thêm"), blank=True)
    source = models.CharField(
        _("nguồn đánh giá"), max_length=12, choices=RatingSource.choices, default=RatingSource.CITIZEN,
        db_default=RatingSource.CITIZEN,
    )  # fmt: skip
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cán bộ ghi lại"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    taken_at = models.CharField(
        _("người dân đánh giá"), max_length=12, choices=RatingPlace.choices, blank=True, default="", db_default="",
    )  # fmt: skip
    given_on = models.DateField(_("ngày người dân đánh giá"), null=True, blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"
    scope_view_also = (("case__place__path", ~Q(case__kind=CaseKind.DENUNCIATION)),)  # read with its case

    class Meta:
        verbose_name = _("đánh giá của người dân")
        verbose_name_plural = _("đánh giá của người dân")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    timeliness__gte=1, timeliness__lte=5, attitude__gte=1, attitude__lte=5, result__gte=1, result__lte=5
                ),
                name="rating_one_to_five",
            ),  # fmt: skip
            models.CheckConstraint(
                condition=Q(source=RatingSource.CITIZEN, recorded_by__isnull=True, taken_at="")
                | Q(source=RatingSource.STAFF) & ~Q(taken_at=""),
                name="rating_source_consistent",
            ),
            models.UniqueConstraint(fields=["case", "source"], name="one_rating_per_case_and_source"),
        ]
        indexes = [
            # Satisfaction by period, nationally and under one unit, from the index alone on PostgreSQL.
            models.Index(
                fields=["created_at"], include=["unit", "timeliness", "attitude", "result"], name="rating_created_cover"
            ),
            models.Index(
                fields=["unit", "created_at"],
                include=["timeliness", "attitude", "result"],
                name="rating_unit_created_cover",
            ),
        ]

    def __str__(self):
        return f"{self.case} – {self.timeliness}/{self.attitude}/{self.result}"


class CaseAttachment(models.Model):
    """An image or PDF sent with a case; checked by its first bytes, served only through a scoped view."""

    case = models.ForeignKey(Case, verbose_name=_("vụ việc"), on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        CaseEvent, verbose_name=_("kèm theo bước"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="attachments",
    )  # fmt: skip
    file = models.FileField(_("tệp"), upload_to="cases/%Y/%m/")
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=40)
    size = models.PositiveIntegerField(_("dung lượng"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "case__unit__path"
    scope_view_also = (("case__place__path", ~Q(case__kind=CaseKind.DENUNCIATION)),)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["pk"]

    def __str__(self):
        return self.name
