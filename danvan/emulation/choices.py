"""Fixed lists of the "Dân vận khéo" emulation module (values stored, labels shown)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    """A model is a way of organising the work that others can copy (a collective's); an exemplar is a person
    whose method is a role model."""

    MODEL = "mo_hinh", _("Mô hình (tập thể)")
    EXEMPLAR = "dien_hinh", _("Điển hình (cá nhân)")


class Field(models.TextChoices):
    """The movement's four fields."""

    ECONOMY = "kinh_te", _("Kinh tế")
    SOCIETY = "van_hoa_xa_hoi", _("Văn hóa – xã hội")
    DEFENCE = "quoc_phong_an_ninh", _("Quốc phòng – an ninh")
    POLITICAL_SYSTEM = "xay_dung_he_thong_chinh_tri", _("Xây dựng hệ thống chính trị")


class Stage(models.TextChoices):
    """Where a registration stands in the procedure (``workflow.TRANSITIONS``)."""

    REGISTERED = "dang_ky", _("Đã đăng ký")
    SHORTLISTED = "so_tuyen", _("Được chọn xây dựng")
    LAUNCHED = "trien_khai", _("Đã ra mắt, triển khai")
    MONITORED = "theo_doi", _("Đang theo dõi")
    EVALUATED = "danh_gia", _("Đã đánh giá")
    RECOGNISED = "cong_nhan", _("Được công nhận")
    REFUSED = "khong_cong_nhan", _("Không công nhận")
    FOLLOWED_UP = "phuc_tra", _("Đã phúc tra")


class Step(models.TextChoices):
    """A step of the procedure, as stored in a registration's log."""

    REGISTER = "dang_ky", pgettext_lazy("emulation step", "Đăng ký")
    SHORTLIST = "chon", pgettext_lazy("emulation step", "Chọn xây dựng")
    LAUNCH = "ra_mat", pgettext_lazy("emulation step", "Ra mắt, triển khai")
    MONITOR = "theo_doi", pgettext_lazy("emulation step", "Ghi kết quả theo dõi")
    EVALUATE = "danh_gia", pgettext_lazy("emulation step", "Kết thúc chấm điểm")
    RECOGNISE = "cong_nhan", pgettext_lazy("emulation step", "Công nhận")
    REFUSE = "khong_cong_nhan", pgettext_lazy("emulation step", "Không công nhận")
    FOLLOW_UP = "phuc_tra", pgettext_lazy("emulation step", "Phúc tra")


class ForceRole(models.TextChoices):
    LEAD = "chu_tri", _("Chủ trì")
    COORDINATING = "phoi_hop", _("Phối hợp")
    PARTICIPATING = "tham_gia", _("Tham gia")


class Vitality(models.TextChoices):
    """What a follow-up found."""

    ACTIVE = "hoat_dong", _("Duy trì hiệu quả")
    WEAKENING = "suy_giam", _("Suy giảm")
    STOPPED = "ngung", _("Ngừng hoạt động")


class Level(models.TextChoices):
    """The level that recognises a model or gives an award (two-level local government from 1 July 2025)."""

    COMMUNE = "xa", _("Cấp xã")
    PROVINCE = "tinh", _("Cấp tỉnh")
    CENTRAL = "trung_uong", _("Cấp Trung ương")


class Outcome(models.TextChoices):
    RECOGNISED = "cong_nhan", _("Công nhận")
    REFUSED = "khong_cong_nhan", _("Không công nhận")


class AwardForm(models.TextChoices):
    CERTIFICATE = "giay_khen", _("Giấy khen")
    MERIT = "bang_khen", _("Bằng khen")
    BANNER = "co_thi_dua", _("Cờ thi đua")
    TITLE = "danh_hieu", _("Danh hiệu thi đua")
    ORDER = "huan_chuong", _("Huân chương")
    OTHER = "khac", _("Hình thức khác")


class Recipient(models.TextChoices):
    COLLECTIVE = "tap_the", _("Tập thể")
    INDIVIDUAL = "ca_nhan", _("Cá nhân")


# Several evaluators score independently; a combined score needs at least this many sheets.
MIN_EVALUATORS = 2
# The follow-up interval (months) and the spread that is flagged for discussion (points of 100), unless the
# province sets its own.
DEFAULT_FOLLOW_UP_MONTHS = 12
DEFAULT_SPREAD_LIMIT = 20
