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


class Channel(models.TextChoices):
    WEB = "truc_tuyen", _("Cổng trực tuyến")
    RECEPTION = "tiep_dan", _("Tiếp công dân")
    DIALOGUE = "doi_thoai", _("Đối thoại")
    HOTLINE = "duong_day_nong", _("Đường dây nóng")
    FIELD_VISIT = "co_so", _("Cán bộ ghi nhận ở cơ sở")
    LETTER = "thu", _("Thư, đơn gửi qua bưu điện")


# The fields (lĩnh vực) shipped with the product; kept as rows of ``Field`` so a deployment can add its own.
FIELDS = [
    ("dat_dai", "Đất đai"),
    ("moi_truong", "Môi trường"),
    ("giao_thong_xay_dung", "Giao thông – xây dựng"),
    ("an_sinh_xa_hoi", "An sinh xã hội"),
    ("y_te", "Y tế"),
    ("giao_duc", "Giáo dục"),
    ("an_ninh_trat_tu", "An ninh trật tự"),
    ("chinh_sach_che_do", "Chính sách – chế độ"),
    ("hanh_chinh_thai_do", "Hành chính – thái độ cán bộ"),
    ("tham_nhung_tieu_cuc", "Tham nhũng – tiêu cực"),
    ("khac", "Khác"),
]


class Status(models.TextChoices):
    RECEIVED = "tiep_nhan", _("Đã tiếp nhận")
    ACCEPTED = "thu_ly", _("Đã thụ lý")
    DECLINED = "khong_thu_ly", _("Không thụ lý")
    IN_PROGRESS = "dang_giai_quyet", _("Đang xác minh, giải quyết")
    SUSPENDED = "tam_dinh_chi", _("Tạm đình chỉ")
    ANSWERED = "da_tra_loi", _("Đã trả lời, đã có quyết định")
    CLOSED = "ket_thuc", _("Đã kết thúc")
    WITHDRAWN = "rut_don", _("Đã rút đơn")
    FORWARDED = "chuyen_don", _("Đã chuyển cơ quan có thẩm quyền")
    MERGED = "da_gop", _("Đã gộp vào vụ việc khác")


class Event(models.TextChoices):
    RECEIVE = "tiep_nhan", _("tiếp nhận")
    ACCEPT = "thu_ly", _("thụ lý")
    DECLINE = "khong_thu_ly", _("không thụ lý")
    START = "bat_dau_giai_quyet", _("bắt đầu xác minh, giải quyết")
    SUSPEND = "tam_dinh_chi", _("tạm đình chỉ")
    RESUME = "tiep_tuc", _("tiếp tục giải quyết")
    EXTEND = "gia_han", _("gia hạn")
    ANSWER = "tra_loi", _("trả lời, ra quyết định")
    CLOSE = "ket_thuc", _("kết thúc")
    WITHDRAW = "rut_don", _("rút đơn")
    FORWARD = "chuyen_don", _("chuyển đơn")
    REASSIGN = "chuyen_don_vi_xu_ly", _("chuyển đơn vị xử lý")
    MERGE = "gop_vao", _("gộp vào vụ việc khác")
    ASSIGN = "giao_xu_ly", _("giao cán bộ xử lý")
    CLASSIFY = "danh_gia_muc_do", _("đánh giá mức độ phức tạp")
    NOTE = "ghi_chu", _("ghi chú")


class LinkReason(models.TextChoices):
    SAME_PETITIONER = "cung_nguoi_gui", _("Cùng người gửi")
    GROUP = "don_dong_nguoi", _("Đơn đông người, cùng nội dung")
    SAME_MATTER = "cung_su_viec", _("Cùng một sự việc")
    SECOND_ROUND = "khieu_nai_lan_2", _("Khiếu nại lần 2 của vụ việc này")


class RatingSource(models.TextChoices):
    """Who entered a rating: the citizen on the status page, or an officer who wrote down what the citizen said."""

    CITIZEN = "nguoi_dan", _("Người dân tự đánh giá")
    STAFF = "can_bo_ghi", _("Cán bộ ghi lại")


class RatingPlace(models.TextChoices):
    """Where or how a citizen gave the rating an officer records."""

    MEETING = "buoi_gap", _("tại buổi gặp")
    PHONE = "dien_thoai", _("qua điện thoại")
    RECEPTION = "tiep_dan", _("tại buổi tiếp công dân")
    DIALOGUE = "doi_thoai", _("tại buổi đối thoại")
    VISIT = "den_nha", _("khi đến nhà người dân")
    LETTER = "van_ban", _("qua thư, văn bản")
