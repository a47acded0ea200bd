"""Citizen reception and dialogue: the reception register (Form 03 of Circular 04/2021/TT-TTCP), leaders'
reception duties and schedules, dialogues with their questions and answers, and the commitments made to
citizens anywhere (a dialogue, a reception, a cadre's field day), tracked until kept."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.cadres.choices import Title
from danvan.cases.choices import CaseKind
from danvan.core.scoping import ScopedQuerySet
from danvan.core.text import fold, normalize
from danvan.units.choices import UnitKind

from .choices import (
    DELEGATION_MIN_PEOPLE,
    ChairRole,
    CommitmentStatus,
    Handling,
    Level,
    Pattern,
    Period,
    ReceptionKind,
    SessionStatus,
    Source,
)


class DutyRule(models.Model):
    """A leader's legal duty to receive citizens, as dated data: a post at a level of unit, so many days a week
    or a month, whether the day may be delegated to a deputy. A rule is never edited in place: a new
    version starts on its effective date (Law 136/2025/QH15 refuses delegation from 1 July 2026)."""

    title = models.CharField(_("chức danh"), max_length=24, choices=Title.choices)
    unit_kind = models.CharField(_("cấp đơn vị"), max_length=10, choices=UnitKind.choices)
    days = models.PositiveSmallIntegerField(_("số ngày tối thiểu"))
    period = models.CharField(_("mỗi"), max_length=8, choices=Period.choices)
    delegation_allowed = models.BooleanField(_("được ủy quyền cho cấp phó"), default=False)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    effective_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quy định về lịch tiếp công dân")
        verbose_name_plural = _("quy định về lịch tiếp công dân")
        ordering = ["unit_kind", "title", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["title", "unit_kind", "effective_from"], name="one_duty_version_a_day"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="duty_ends_after_start",
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_title_display()} ({self.get_unit_kind_display()}): ≥ {self.days} / {self.get_period_display()}"
        )


class Schedule(models.Model):
    """A leader's standing reception schedule at a unit: which days (a day of the month or a weekday), the hours
    and the place. A day that falls on a day off moves to the next working day."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("người tiếp"), on_delete=models.PROTECT, related_name="reception_schedules"
    )
    title = models.CharField(_("chức danh"), max_length=24, choices=Title.choices)
    pattern = models.CharField(_("cách định ngày"), max_length=20, choices=Pattern.choices)
    days = models.CharField(
        _("ngày"),
        max_length=40,
        help_text=_("Ngày trong tháng (ví dụ: 15 hoặc 5, 20) hoặc thứ trong tuần (2 = thứ Hai … 6 = thứ Sáu)."),
    )
    starts_at = models.TimeField(_("từ giờ"))
    ends_at = models.TimeField(_("đến giờ"))
    place = models.CharField(_("địa điểm"), max_length=255)
    valid_from = models.DateField(_("áp dụng từ ngày"))
    valid_to = models.DateField(_("áp dụng đến ngày"), null=True, blank=True)
    is_published = models.BooleanField(_("công bố công khai"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("lịch tiếp công dân")
        verbose_name_plural = _("lịch tiếp công dân")
        ordering = ["unit", "title", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="schedule_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="schedule_hours_order"),
        ]

    def __str__(self):
        return f"{self.leader} – {self.get_title_display()}"

    def day_numbers(self):
        return [int(part) for part in self.days.replace(";", ",").split(",") if part.strip().isdigit()]


class Session(models.Model):
    """One reception day of a leader: held in person, delegated to a deputy (refused from 1 July 2026) or not
    held. The receptions recorded that day link to it; a day with nobody coming is still a day held."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    schedule = models.ForeignKey(
        Schedule, verbose_name=_("theo lịch"), null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    leader = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("người có trách nhiệm tiếp"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("chức danh"), max_length=24, choices=Title.choices)
    date = models.DateField(_("ngày"))
    status = models.CharField(_("kết quả"), max_length=12, choices=SessionStatus.choices)
    deputy = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("cấp phó tiếp thay"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    is_scheduled = models.BooleanField(_("theo lịch định kỳ"), default=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("buổi tiếp công dân của lãnh đạo")
        verbose_name_plural = _("buổi tiếp công dân của lãnh đạo")
        ordering = ["-date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "title", "unit", "date"], name="one_session_per_leader_day")
        ]
        indexes = [models.Index(fields=["unit", "date"], name="session_unit_date")]

    def __str__(self):
        return f"{self.leader} – {self.date:%d/%m/%Y}"


class Reception(models.Model):
    """One entry of the reception register (sổ tiếp công dân): a citizen or a delegation received.

    For a denunciation the citizen's name, ID number, phone and address are never kept here: they go to the
    sealed identity store of the case (``cases``), and the register shows the denouncer's pseudonym. Repeat
    visits are found by keyed fingerprints of the ID number and the phone (``id_key``, ``phone_key``), which a
    denunciation's entry keeps too, so its visits are counted without its identity being stored.
    """

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("nơi tiếp"), on_delete=models.PROTECT, related_name="receptions"
    )
    number = models.PositiveIntegerField(_("số thứ tự"), editable=False)
    received_at = models.DateTimeField(_("thời gian tiếp"))
    location = models.CharField(_("địa điểm"), max_length=255)
    kind = models.CharField(_("hình thức tiếp"), max_length=20, choices=ReceptionKind.choices)
    is_online = models.BooleanField(_("tiếp trực tuyến"), default=False)
    official = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("người tiếp"), on_delete=models.PROTECT, related_name="receptions"
    )
    session = models.ForeignKey(
        Session, verbose_name=_("buổi tiếp của lãnh đạo"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="receptions",
    )  # fmt: skip
    citizen_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    citizen_name_folded = models.CharField(max_length=150, blank=True, editable=False)
    id_number = models.CharField(_("số CCCD, hộ chiếu"), max_length=20, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    id_key = models.CharField(max_length=64, blank=True, editable=False)
    phone_key = models.CharField(max_length=64, blank=True, editable=False)
    people = models.PositiveIntegerField(_("số người"), default=1)
    representatives = models.TextField(
        _("người đại diện"), blank=True, help_text=_("Đoàn đông người: mỗi người một dòng.")
    )
    case_kind = models.CharField(_("loại đơn"), max_length=12, choices=CaseKind.choices)
    field = models.ForeignKey(
        "cases.Field", verbose_name=_("lĩnh vực"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        "units.Unit", verbose_name=_("nơi xảy ra sự việc"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField(_("nội dung vụ việc"))
    handled_before = models.CharField(_("cơ quan đã giải quyết"), max_length=255, blank=True)
    handling = models.CharField(_("hướng xử lý"), max_length=12, choices=Handling.choices)
    forwarded_to = models.CharField(_("chuyển đến cơ quan"), max_length=255, blank=True)
    follow_up = models.TextField(_("theo dõi kết quả giải quyết"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("vụ việc"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="receptions",
    )  # fmt: skip
    previous = models.ForeignKey(
        "self", verbose_name=_("lần tiếp trước về cùng vụ việc"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="repeats",
    )  # fmt: skip
    is_repeat = models.BooleanField(_("vụ việc cũ"), default=False)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["citizen_name_folded", "id_key", "phone_key"])
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("sổ tiếp công dân")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(people__gte=1), name="reception_people_positive"),
        ]
        indexes = [
            models.Index(fields=["unit", "received_at"], name="reception_unit_time"),
            models.Index(fields=["id_key"], name="reception_id_key", condition=~Q(id_key="")),
            models.Index(fields=["phone_key"], name="reception_phone_key", condition=~Q(phone_key="")),
        ]

    def __str__(self):
        return f"{self.number} – {self.received_at:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.citizen_name = normalize(self.citizen_name)
        self.citizen_name_folded = fold(self.citizen_name)
        super().save(*args, **kwargs)

    @property
    def is_delegation(self):
        return self.people >= DELEGATION_MIN_PEOPLE


class Dialogue(models.Model):
    """A dialogue between the head of a Party committee or of a government and the people."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("cấp"), max_length=6, choices=Level.choices, editable=False)
    date = models.DateField(_("ngày"))
    chair = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("người chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    chair_role = models.CharField(_("chủ trì với tư cách"), max_length=10, choices=ChairRole.choices)
    topic = models.CharField(_("chủ đề"), max_length=255)
    location = models.CharField(_("địa điểm"), max_length=255)
    participants = models.JSONField(_("thành phần tham dự"), default=dict, blank=True)
    summary = models.TextField(_("kết luận của người chủ trì"), blank=True)
    is_published = models.BooleanField(_("công bố công khai"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("buổi đối thoại")
        verbose_name_plural = _("buổi đối thoại")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["unit", "date"], name="dialogue_unit_date")]

    def __str__(self):
        return self.topic

    @property
    def participant_total(self):
        return sum(int(n) for n in (self.participants or {}).values())


class Question(models.Model):
    """A question or opinion raised at a dialogue, and the answer given there."""

    dialogue = models.ForeignKey(
        Dialogue, verbose_name=_("buổi đối thoại"), on_delete=models.PROTECT, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    asker = models.CharField(_("người nêu"), max_length=150, blank=True)
    asker_public = models.BooleanField(
        _("người nêu đồng ý công khai tên"), default=False,
        help_text=_("Chỉ khi người dân đồng ý, tên mới hiện trên trang công khai."),
    )  # fmt: skip
    village = models.ForeignKey(
        "units.Unit", verbose_name=_("thôn, tổ dân phố"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    content = models.TextField(_("nội dung"))
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.CharField(_("người trả lời"), max_length=150, blank=True)
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("vụ việc"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "dialogue__unit__path"

    class Meta:
        verbose_name = _("ý kiến tại đối thoại")
        verbose_name_plural = _("ý kiến tại đối thoại")
        ordering = ["dialogue", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["dialogue", "order"], name="one_question_per_order")]

    def __str__(self):
        return f"{self.order}. {self.content[:60]}"


class Commitment(models.Model):
    """A promise made to citizens, and its tracking until kept: who owns it, by when, how far it got and the
    evidence. A commitment may have sub-commitments; its progress is then their weighted roll-up."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị chịu trách nhiệm"), on_delete=models.PROTECT, related_name="commitments"
    )
    owner = models.ForeignKey(
        "cadres.Cadre", verbose_name=_("cán bộ chịu trách nhiệm"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="commitments",
    )  # fmt: skip
    content = models.TextField(_("nội dung cam kết"))
    due_on = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=CommitmentStatus.choices, default=CommitmentStatus.OPEN
    )
    reason = models.TextField(_("lý do không thực hiện được"), blank=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    weight = models.PositiveSmallIntegerField(
        _("trọng số"), default=1, help_text=_("Phần của cam kết con trong tiến độ của cam kết lớn.")
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("thuộc cam kết"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )  # fmt: skip
    source = models.CharField(_("nơi hứa"), max_length=10, choices=Source.choices)
    question = models.ForeignKey(
        Question, verbose_name=_("ý kiến tại đối thoại"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="commitments",
    )  # fmt: skip
    reception = models.ForeignKey(
        Reception, verbose_name=_("lượt tiếp công dân"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="commitments",
    )  # fmt: skip
    field_day = models.ForeignKey(
        "cadres.FieldDay", verbose_name=_("ngày công tác cơ sở"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    made_on = models.DateField(_("ngày hứa"))
    kept_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("cam kết")
        verbose_name_plural = _("cam kết")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="commitment_progress_percent"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="commitment_weight_positive"),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="commitment_not_own_parent"),
        ]
        indexes = [
            models.Index(fields=["unit", "status", "due_on"], name="commitment_unit_status_due"),
            models.Index(
                fields=["due_on"], name="commitment_open_due", condition=Q(status__in=["mo", "dang_thuc_hien"])
            ),
        ]

    def __str__(self):
        return self.content[:80]

    @property
    def is_open(self):
        return self.status in (CommitmentStatus.OPEN, CommitmentStatus.IN_PROGRESS)

    @property
    def kept_in_time(self):
        return self.status == CommitmentStatus.KEPT and self.kept_on is not None and self.kept_on <= self.due_on


class Evidence(models.Model):
    """A file showing how far a commitment got (a photo of the road, the decision, the minutes)."""

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("cam kết"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("tệp"), upload_to="engagement/evidence/%Y/")
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    note = models.CharField(_("mô tả"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "commitment__unit__path"

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class Notice(models.Model):
    """What the daily sweep already announced, so each is announced once: a commitment coming due or overdue
    (for its due date), a leader behind their reception duty (for a month)."""

    class Kind(models.TextChoices):
        DUE_SOON = "sap_den_han", _("Cam kết sắp đến hạn")
        OVERDUE = "qua_han", _("Cam kết quá hạn")
        BEHIND = "chua_du_lich_tiep", _("Lãnh đạo chưa tiếp công dân đủ số ngày")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    commitment = models.ForeignKey(Commitment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey("cadres.Cadre", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "commitment", "due_on"], name="one_commitment_notice"),
            models.UniqueConstraint(fields=["kind", "leader", "due_on"], name="one_leader_notice"),
        ]

    def __str__(self):
        return f"{self.kind} – {self.due_on:%d/%m/%Y}"
