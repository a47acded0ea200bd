"""Fixed lists of the citizen-reception and dialogue module (values stored, labels shown)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReceptionKind(models.TextChoices):
    """Who received the citizen: the reception point's staff, or a leader on a scheduled or another day."""

    REGULAR = "thuong_xuyen", _("Tiếp thường xuyên")
    LEADER_SCHEDULED = "lanh_dao_dinh_ky", _("Lãnh đạo tiếp định kỳ")
    LEADER_UNSCHEDULED = "lanh_dao_dot_xuat", _("Lãnh đạo tiếp đột xuất")


class Handling(models.TextChoices):
    """Columns 8–10 of Form 03 (Circular 04/2021/TT-TTCP), under the heading "Hướng xử lý"."""

    ACCEPTED = "thu_ly", _("Thụ lý giải quyết")
    GUIDED = "huong_dan", _("Trả lại đơn và hướng dẫn bằng văn bản")
    FORWARDED = "chuyen_don", _("Chuyển đơn đến cơ quan có thẩm quyền")


class Period(models.TextChoices):
    """The period a leader's reception duty is counted over."""

    WEEK = "tuan", pgettext_lazy("duty period", "tuần")
    MONTH = "thang", pgettext_lazy("duty period", "tháng")


class Pattern(models.TextChoices):
    """How a standing schedule names its days."""

    DAY_OF_MONTH = "ngay_trong_thang", _("Ngày cố định trong tháng")
    WEEKDAY = "thu_trong_tuan", _("Thứ cố định trong tuần")


class SessionStatus(models.TextChoices):
    """What became of a leader's reception day."""

    HELD = "da_tiep", _("Đã tiếp")
    DELEGATED = "uy_quyen", _("Ủy quyền cấp phó tiếp")
    MISSED = "khong_tiep", _("Không tiếp")


class Level(models.TextChoices):
    """The level a dialogue is held at (two-level local government from 1 July 2025)."""

    PROVINCE = "tinh", _("Cấp tỉnh")
    COMMUNE = "xa", _("Cấp xã")


class ChairRole(models.TextChoices):
    PARTY = "bi_thu", _("Người đứng đầu cấp ủy")
    GOVERNMENT = "chu_tich", _("Người đứng đầu chính quyền")


class Group(models.TextChoices):
    """Groups the participants of a dialogue are counted by."""

    FARMERS = "nong_dan", _("Nông dân")
    WORKERS = "cong_nhan", _("Công nhân, người lao động")
    WOMEN = "phu_nu", _("Phụ nữ")
    YOUTH = "thanh_nien", _("Thanh niên")
    VETERANS = "cuu_chien_binh", _("Cựu chiến binh")
    ELDERLY = "nguoi_cao_tuoi", _("Người cao tuổi")
    ETHNIC = "dan_toc_thieu_so", _("Đồng bào dân tộc thiểu số")
    RELIGIOUS = "ton_giao", _("Chức sắc, tín đồ tôn giáo")
    BUSINESS = "doanh_nghiep", _("Doanh nghiệp, hộ kinh doanh")
    OTHER = "khac", _("Thành phần khác")


class CommitmentStatus(models.TextChoices):
    OPEN = "mo", _("Chưa thực hiện")
    IN_PROGRESS = "dang_thuc_hien", _("Đang thực hiện")
    KEPT = "da_thuc_hien", _("Đã thực hiện")
    NOT_KEPT = "khong_thuc_hien", _("Không thực hiện được")


class Source(models.TextChoices):
    """Where a commitment was made."""

    DIALOGUE = "doi_thoai", _("Đối thoại")
    RECEPTION = "tiep_dan", _("Tiếp công dân")
    FIELD_DAY = "co_so", _("Ngày công tác cơ sở")
    OTHER = "khac", _("Khác")


# A delegation of many people (đoàn đông người): five or more people about the same matter
# (Decree 64/2014/NĐ-CP, Art. 6).
DELEGATION_MIN_PEOPLE = 5
