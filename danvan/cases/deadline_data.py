"""The time limits shipped with the product, with their legal basis.

Loaded by migration 0002 and by ``manage.py load_deadline_rules`` (idempotent: a version already
present is left as it is, so limits an administrator has edited are kept). Figures marked
``verified=False`` could not be checked against the original text; administrators should confirm
them. Sources are listed in the project's domain notes.
"""

import datetime

D = datetime.date
COMPLAINT_LAW = "Luật Khiếu nại 2011 (02/2011/QH13)"
DENUNCIATION_LAW = "Luật Tố cáo 2018 (25/2018/QH14), Nghị định 31/2019/NĐ-CP"

RULES = [
    # kind, round, step, day_type, days, complex, remote, remote_complex, ext_days, max_ext, from, basis, verified, note
    ("khieu_nai", 1, "nop_don", "ngay", 90, None, None, None, 0, 0, D(2012, 7, 1),
     f"{COMPLAINT_LAW}, Điều 9", True, "Tính từ ngày nhận được hoặc biết được quyết định, hành vi hành chính."),
    ("khieu_nai", 1, "thu_ly", "ngay", 10, None, None, None, 0, 0, D(2012, 7, 1),
     f"{COMPLAINT_LAW}, Điều 27", True, "Thụ lý và thông báo bằng văn bản; không thụ lý phải nêu lý do."),
    ("khieu_nai", 1, "giai_quyet", "ngay", 30, 45, 45, 60, 0, 0, D(2012, 7, 1),
     f"{COMPLAINT_LAW}, Điều 28", True, "Tính từ ngày thụ lý."),
    ("khieu_nai", 2, "nop_don", "ngay", 30, None, 45, None, 0, 0, D(2012, 7, 1),
     f"{COMPLAINT_LAW}, Điều 33", True, "Tính từ khi hết hạn giải quyết lần đầu hoặc nhận quyết định lần đầu."),
    ("khieu_nai", 2, "thu_ly", "ngay", 10, None, None, None, 0, 0, D(2012, 7, 1),
     f"{COMPLAINT_LAW}, Điều 36", True, ""),
    ("khieu_nai", 2, "giai_quyet", "ngay", 45, 60, 60, 70, 0, 0, D(2012, 7, 1),
     f"{COMPLAINT_LAW}, Điều 37", True, "Tính từ ngày thụ lý."),
    ("to_cao", 1, "thu_ly", "ngay_lam_viec", 7, 10, None, None, 0, 0, D(2019, 1, 1),
     f"{DENUNCIATION_LAW}, Điều 24", False, "Vào sổ, phân loại, xem xét thụ lý; 10 ngày làm việc nếu phải xác minh ở nhiều nơi."),
    ("to_cao", 1, "thong_bao", "ngay_lam_viec", 5, None, None, None, 0, 0, D(2019, 1, 1),
     f"{DENUNCIATION_LAW}, Điều 29", True, "Thông báo cho người tố cáo (và nội dung cho người bị tố cáo) từ ngày ra quyết định thụ lý."),
    ("to_cao", 1, "giai_quyet", "ngay", 30, None, None, None, 30, 2, D(2019, 1, 1),
     f"{DENUNCIATION_LAW}, Điều 30", True,
     "Phức tạp: gia hạn một lần, không quá 30 ngày; đặc biệt phức tạp: gia hạn hai lần, mỗi lần không quá 30 ngày."),
    ("phan_anh", 1, "thu_ly", "ngay_lam_viec", 10, None, None, None, 0, 0, D(2019, 2, 18),
     "Mặc định nội bộ, theo mốc 10 ngày làm việc của Quy định 11-QĐi/TW", False,
     "Chưa có văn bản quy định thời hạn chung cho phản ánh; đơn vị chỉnh theo quy chế của mình."),
    ("phan_anh", 1, "giai_quyet", "ngay", 30, None, None, None, 0, 0, D(2019, 2, 18),
     "Mặc định nội bộ", False, "Chưa có văn bản quy định thời hạn chung; đơn vị chỉnh theo quy chế của mình."),
    ("kien_nghi", 1, "thu_ly", "ngay_lam_viec", 10, None, None, None, 0, 0, D(2019, 2, 18),
     "Mặc định nội bộ, theo mốc 10 ngày làm việc của Quy định 11-QĐi/TW", False,
     "Chưa có văn bản quy định thời hạn chung cho kiến nghị; đơn vị chỉnh theo quy chế của mình."),
    ("kien_nghi", 1, "giai_quyet", "ngay", 30, None, None, None, 0, 0, D(2019, 2, 18),
     "Mặc định nội bộ", False, "Chưa có văn bản quy định thời hạn chung; đơn vị chỉnh theo quy chế của mình."),
]  # fmt: skip

FIELDS = [
    "kind", "round", "step", "day_type", "days", "complex_days", "remote_days", "remote_complex_days",
    "extension_days", "max_extensions", "effective_from", "legal_basis", "verified", "note",
]  # fmt: skip


def load(model):
    """Create the shipped versions that are missing; return how many were created."""
    created = 0
    for values in RULES:
        data = dict(zip(FIELDS, values, strict=True))
        key = {k: data.pop(k) for k in ("kind", "round", "step", "effective_from")}
        _obj, made = model.objects.get_or_create(**key, defaults=data)
        created += made
    return created
