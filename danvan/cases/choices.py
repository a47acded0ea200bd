from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    FEEDBACK = "phan_anh", _("Phản ánh")
    PETITION = "kien_nghi", _("Kiến nghị")
    COMPLAINT = "khieu_nai", _("Khiếu nại")
    DENUNCIATION = "to_cao", _("Tố cáo")


class Step(models.TextChoices):
    """What a time limit is for."""

    FILE = "nop_don", _("Thời hiệu gửi đơn")
    ACCEPT = "thu_ly", _("Thụ lý hoặc trả lời việc thụ lý")
    NOTIFY = "thong_bao", _("Thông báo cho người gửi")
    RESOLVE = "giai_quyet", _("Giải quyết")


class DayType(models.TextChoices):
    CALENDAR = "ngay", _("Ngày")
    WORKING = "ngay_lam_viec", _("Ngày làm việc")


class Complexity(models.IntegerChoices):
    NORMAL = 0, _("Bình thường")
    COMPLEX = 1, _("Phức tạp")
    VERY_COMPLEX = 2, _("Đặc biệt phức tạp")
