"""The "Dân vận khéo" emulation movement: models and exemplars registered by units (and by a village team for its
village), the province's rubric in versions, councils whose members score independently, the decision that
recognises or refuses, commendations, the follow-ups that show whether a model lasts, and replication."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.core.scoping import ScopedQuerySet
from danvan.core.text import fold

from .choices import (
    DEFAULT_FOLLOW_UP_MONTHS,
    DEFAULT_SPREAD_LIMIT,
    AwardForm,
    Field,
    ForceRole,
    Kind,
    Level,
    Outcome,
    Recipient,
    Stage,
    Step,
    Vitality,
)

MONEY_DIGITS = 15  # whole đồng, up to 10^15 − 1
AMOUNT = {"max_digits": 14, "decimal_places": 2}  # an indicator's value (m², households, km…)


def _user_fk(**extra):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", **extra
    )


class Setting(models.Model):
    """What a province sets for the movement: how often a recognised model is followed up, and how far apart two
    evaluators' scores may be before the council is asked to discuss them."""

    province = models.OneToOneField(
        "units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="emulation_setting"
    )
    follow_up_months = models.PositiveSmallIntegerField(_("chu kỳ phúc tra (tháng)"), default=DEFAULT_FOLLOW_UP_MONTHS)
    spread_limit = models.PositiveSmallIntegerField(
        _("độ lệch điểm cần trao đổi (điểm)"), default=DEFAULT_SPREAD_LIMIT,
        help_text=_("Khi điểm cao nhất và thấp nhất của các thành viên chênh nhau quá mức này (thang 100)."),
    )  # fmt: skip
    updated_by = _user_fk()
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "province__path"

    class Meta:
        verbose_name = _("thiết lập phong trào của tỉnh")
        verbose_name_plural = _("thiết lập phong trào của tỉnh")

    def __str__(self):
        return str(self.province)


class Rubric(models.Model):
    """A province's scoring table, in versions. A version is a draft until published; a published version is
    never changed (a new version is made from it), and a model is scored on the version in force the day its
    evaluation opened."""

    province = models.ForeignKey("units.Unit", verbose_name=_("tỉnh"), on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    name = models.CharField(_("tên bảng tiêu chí"), max_length=255)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    published_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "province__path"

    class Meta:
        verbose_name = _("bảng tiêu chí chấm điểm")
        verbose_name_plural = _("bảng tiêu chí chấm điểm")
        ordering = ["province", "-version"]
        constraints = [models.UniqueConstraint(fields=["province", "version"], name="one_rubric_version")]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def is_published(self):
        return self.published_at is not None


class Criterion(models.Model):
    """One line of a rubric: what is judged, its weight, the top of its scale and the guidance for evaluators."""

    rubric = models.ForeignKey(
        Rubric, verbose_name=_("bảng tiêu chí"), on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tiêu chí"), max_length=255)
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    weight = models.PositiveSmallIntegerField(_("trọng số"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("điểm tối đa"), default=10)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "rubric__province__path"

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["rubric", "order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale_max__gte=1), name="criterion_scale_positive"),
        ]

    def __str__(self):
        return self.name


class Practice(models.Model):
    """A registered model (a collective's) or exemplar (a person's), with the fields of the registration form
    used in practice. ``unit`` is the registering unit: a commune or a province, an agency, or a village whose
    team registers on its behalf."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị đăng ký"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm đăng ký"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    period_to = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.MODEL)
    field = models.CharField(_("lĩnh vực"), max_length=32, choices=Field.choices)
    name = models.CharField(_("tên mô hình, điển hình"), max_length=255)
    holder = models.CharField(
        _("tập thể, cá nhân điển hình"), max_length=255, blank=True,
        help_text=_("Với điển hình: tên tập thể hoặc cá nhân. Tên cá nhân chỉ công khai khi người đó đồng ý."),
    )  # fmt: skip
    holder_public = models.BooleanField(_("đồng ý công khai tên"), default=False)
    situation = models.TextField(_("thực trạng và lý do"))
    goals = models.TextField(_("mục tiêu và tiêu chí đánh giá"))
    content = models.TextField(_("nội dung và cách làm"))
    area = models.CharField(_("địa bàn"), max_length=255)
    target_group = models.CharField(_("đối tượng"), max_length=255)
    money = models.DecimalField(_("kinh phí (đồng)"), max_digits=MONEY_DIGITS, decimal_places=0, default=0)
    person_days = models.PositiveIntegerField(_("ngày công"), default=0)
    contributions = models.TextField(_("đóng góp của xã hội, cơ sở vật chất"), blank=True)
    start_on = models.DateField(_("ngày bắt đầu"))
    evaluation_on = models.DateField(_("ngày đánh giá dự kiến"))
    people_reached = models.PositiveIntegerField(_("số người được hưởng lợi, tham gia"), default=0)
    sustainability = models.TextField(_("tính bền vững"), blank=True)
    replicability = models.TextField(_("khả năng nhân rộng"), blank=True)
    origin = models.ForeignKey(
        "self", verbose_name=_("nhân rộng từ"), null=True, blank=True, on_delete=models.PROTECT, related_name="replicas"
    )
    stage = models.CharField(_("bước"), max_length=16, choices=Stage.choices, default=Stage.REGISTERED)
    # Set by the decision and the follow-ups (``services``), read by the figures and the at-risk list.
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    recognised_level = models.CharField(_("cấp công nhận"), max_length=12, choices=Level.choices, blank=True)
    vitality = models.CharField(_("tình trạng"), max_length=12, choices=Vitality.choices, blank=True)
    next_follow_up_on = models.DateField(_("hạn phúc tra"), null=True, blank=True)
    showcase = models.BooleanField(
        _("giới thiệu công khai"), default=True,
        help_text=_("Mô hình được công nhận hiện trên trang giới thiệu công khai, trừ khi đơn vị bỏ chọn."),
    )  # fmt: skip
    search = models.TextField(editable=False, blank=True)  # folded name, content, holder and area (no diacritics)
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("mô hình, điển hình")
        verbose_name_plural = _("mô hình, điển hình")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "number"], name="one_practice_number"),
            models.CheckConstraint(
                condition=Q(period_to__isnull=True) | Q(period_to__gte=models.F("year")), name="practice_period_order"
            ),
            models.CheckConstraint(condition=Q(money__gte=0), name="practice_money_not_negative"),
        ]
        indexes = [
            models.Index(fields=["unit", "year"], name="practice_unit_year"),
            models.Index(fields=["stage", "next_follow_up_on"], name="practice_follow_up"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search = fold(" ".join([self.name, self.holder, self.content, self.area, self.target_group]))
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search"}
        super().save(*args, **kwargs)

    @property
    def code(self):
        """``DVK-<year>-<unit id>-<number>``: unique, and never a localised number."""
        return f"DVK-{self.year}-{self.unit_id}-{self.number:03d}"

    @property
    def is_recognised(self):
        return self.stage in (Stage.RECOGNISED, Stage.FOLLOWED_UP)


class Force(models.Model):
    """A force the model brings in: who leads, who coordinates, who takes part, and the role of each."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="forces")
    role = models.CharField(_("vai trò"), max_length=10, choices=ForceRole.choices)
    name = models.CharField(_("lực lượng"), max_length=255)
    duty = models.CharField(_("nhiệm vụ"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(default=1)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "practice__unit__path"

    class Meta:
        verbose_name = _("lực lượng tham gia")
        verbose_name_plural = _("lực lượng tham gia")
        ordering = ["practice", "order", "pk"]

    def __str__(self):
        return self.name


class Milestone(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField(_("mốc thời gian"))
    title = models.CharField(_("công việc"), max_length=255)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "practice__unit__path"

    class Meta:
        verbose_name = _("mốc thực hiện")
        verbose_name_plural = _("mốc thực hiện")
        ordering = ["practice", "date", "pk"]

    def __str__(self):
        return self.title


class Indicator(models.Model):
    """A verifiable output: what is measured, in which unit, where it started and where it should get to."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("chỉ tiêu"), max_length=255)
    measure = models.CharField(_("đơn vị tính"), max_length=40)
    baseline = models.DecimalField(_("giá trị ban đầu"), **AMOUNT)
    target = models.DecimalField(_("mục tiêu"), **AMOUNT)
    higher_is_better = models.BooleanField(_("càng cao càng tốt"), default=True)
    order = models.PositiveSmallIntegerField(default=1)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "practice__unit__path"

    class Meta:
        verbose_name = _("chỉ tiêu kiểm chứng")
        verbose_name_plural = _("chỉ tiêu kiểm chứng")
        ordering = ["practice", "order", "pk"]

    def __str__(self):
        return f"{self.name} ({self.measure})"


class FollowUp(models.Model):
    """A follow-up of a recognised model: when it was due, when it was done, what was found."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="follow_ups")
    due_on = models.DateField(_("hạn phúc tra"), null=True, blank=True)
    done_on = models.DateField(_("ngày phúc tra"))
    vitality = models.CharField(_("tình trạng"), max_length=12, choices=Vitality.choices)
    note = models.TextField(_("nhận xét"), blank=True)
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "practice__unit__path"

    class Meta:
        verbose_name = _("lần phúc tra")
        verbose_name_plural = _("lần phúc tra")
        ordering = ["practice", "done_on", "pk"]

    def __str__(self):
        return f"{self.practice} – {self.done_on:%d/%m/%Y}"


class Measurement(models.Model):
    """A value of an indicator on a day: while the model is monitored, or at a follow-up."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("ngày đo"))
    value = models.DecimalField(_("giá trị"), **AMOUNT)
    follow_up = models.ForeignKey(
        FollowUp, null=True, blank=True, on_delete=models.CASCADE, related_name="measurements"
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "indicator__practice__unit__path"

    class Meta:
        verbose_name = _("kết quả đo chỉ tiêu")
        verbose_name_plural = _("kết quả đo chỉ tiêu")
        ordering = ["indicator", "measured_on", "pk"]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


class StepRecord(models.Model):
    """The log of a registration's steps through the procedure (who, when, from which stage to which)."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("bước"), max_length=16, choices=Step.choices)
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    date = models.DateField(_("ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    actor = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "practice__unit__path"

    class Meta:
        verbose_name = _("bước thực hiện")
        verbose_name_plural = _("bước thực hiện")
        ordering = ["practice", "created_at", "pk"]

    def __str__(self):
        return f"{self.practice}: {self.get_step_display()}"


class Evaluation(models.Model):
    """A council's evaluation of a model, at the registering unit's level or above, on the rubric in force the day
    it opened. Closed, it keeps the combined score, the spread of the members' scores and whether the spread was
    flagged for discussion."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="evaluations")
    council = models.ForeignKey(
        "units.Unit", verbose_name=_("hội đồng cấp"), on_delete=models.PROTECT, related_name="+"
    )
    rubric = models.ForeignKey(Rubric, verbose_name=_("bảng tiêu chí"), on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(_("ngày mở chấm"))
    closed_on = models.DateField(_("ngày kết thúc chấm"), null=True, blank=True)
    score = models.DecimalField(_("điểm tổng hợp"), max_digits=5, decimal_places=2, null=True, blank=True)
    spread = models.DecimalField(_("độ lệch"), max_digits=5, decimal_places=2, null=True, blank=True)
    flagged = models.BooleanField(_("cần trao đổi"), default=False)
    # The province's limit when the evaluation closed: the flag and the disputed criteria stay as the council saw them.
    spread_limit = models.PositiveSmallIntegerField(_("độ lệch cho phép khi kết thúc"), null=True, blank=True)
    note = models.TextField(_("ý kiến hội đồng"), blank=True)
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "practice__unit__path"

    class Meta:
        verbose_name = _("đợt chấm điểm")
        verbose_name_plural = _("đợt chấm điểm")
        ordering = ["practice", "-opened_on", "-pk"]

    def __str__(self):
        return f"{self.practice} – {self.opened_on:%d/%m/%Y}"


class Scoresheet(models.Model):
    """One council member's scores, hidden from the other members until they have sent their own."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="sheets")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    comment = models.TextField(_("nhận xét"), blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "evaluation__practice__unit__path"

    class Meta:
        verbose_name = _("phiếu chấm")
        verbose_name_plural = _("phiếu chấm")
        ordering = ["evaluation", "pk"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "evaluator"], name="one_sheet_per_evaluator")]

    def __str__(self):
        return f"{self.evaluation} – {self.evaluator}"


class Mark(models.Model):
    sheet = models.ForeignKey(Scoresheet, on_delete=models.CASCADE, related_name="marks")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "sheet__evaluation__practice__unit__path"

    class Meta:
        ordering = ["sheet", "criterion__order", "pk"]
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="one_mark_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class Decision(models.Model):
    """The decision that recognises a model (level, number, date, signer) or refuses it, with the reason."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="decisions")
    evaluation = models.ForeignKey(Evaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("kết quả"), max_length=16, choices=Outcome.choices)
    level = models.CharField(_("cấp công nhận"), max_length=12, choices=Level.choices, blank=True)
    number = models.CharField(_("số quyết định"), max_length=40, blank=True)
    date = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "practice__unit__path"

    class Meta:
        verbose_name = _("quyết định công nhận")
        verbose_name_plural = _("quyết định công nhận")
        ordering = ["practice", "-date", "-pk"]

    def __str__(self):
        return f"{self.get_outcome_display()} {self.number}".strip()


class Evidence(models.Model):
    """A photo or a document about a model: at registration, while monitored, at a follow-up. Only those the unit
    chose to publish appear on the public showcase."""

    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="evidence")
    follow_up = models.ForeignKey(FollowUp, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="emulation/evidence/%Y/")
    name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    note = models.CharField(_("mô tả"), max_length=255, blank=True)
    is_public = models.BooleanField(_("công khai trên trang giới thiệu"), default=False)
    uploaded_by = _user_fk()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "practice__unit__path"

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class Conference(models.Model):
    """A commendation conference (hội nghị biểu dương, khen thưởng) and the decision its list is the annex of."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị khen thưởng"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên hội nghị"), max_length=255)
    held_on = models.DateField(_("ngày tổ chức"))
    decision_number = models.CharField(_("số quyết định"), max_length=40)
    decision_on = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=255)
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("hội nghị khen thưởng")
        verbose_name_plural = _("hội nghị khen thưởng")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.name


class Award(models.Model):
    """An award to a collective or a person, for the models it earned."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị khen thưởng"), on_delete=models.PROTECT, related_name="+"
    )
    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    recipient_kind = models.CharField(_("đối tượng"), max_length=10, choices=Recipient.choices)
    recipient = models.CharField(_("tên tập thể, cá nhân"), max_length=255)
    recipient_detail = models.CharField(_("chức vụ, đơn vị công tác"), max_length=255, blank=True)
    form = models.CharField(_("hình thức"), max_length=12, choices=AwardForm.choices)
    level = models.CharField(_("cấp khen"), max_length=12, choices=Level.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=40)
    decision_on = models.DateField(_("ngày quyết định"))
    achievement = models.TextField(_("thành tích"), blank=True)
    practices = models.ManyToManyField(
        Practice, verbose_name=_("mô hình, điển hình"), blank=True, related_name="awards"
    )
    created_by = _user_fk()
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[practices])
    objects = ScopedQuerySet.as_manager()
    scope_path_field = "unit__path"

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-decision_on", "recipient_kind", "pk"]

    def __str__(self):
        return f"{self.get_form_display()}: {self.recipient}"


class Notice(models.Model):
    """What the daily sweep already announced, so each is announced once: a follow-up overdue (for its due date),
    a model found at risk (for the follow-up that found it)."""

    class Kind(models.TextChoices):
        OVERDUE = "qua_han_phuc_tra", _("Mô hình quá hạn phúc tra")
        AT_RISK = "nguy_co", _("Mô hình có nguy cơ không duy trì")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "practice", "due_on"], name="emulation_notice_once")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.practice_id}"
