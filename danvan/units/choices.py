from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    NATION = "toan_quoc", _("Toàn quốc")
    PROVINCE = "tinh", _("Cấp tỉnh")
    COMMUNE = "xa", _("Cấp xã")
    VILLAGE = "thon", _("Thôn, tổ dân phố")


# Kind expected at each depth of the tree (treebeard depth starts at 1).
KIND_BY_DEPTH = {1: UnitKind.NATION, 2: UnitKind.PROVINCE, 3: UnitKind.COMMUNE, 4: UnitKind.VILLAGE}

# Names a residential community goes by (Law 10/2022/QH15, Art. 2: thôn, làng,
# ấp, bản, buôn…; tổ dân phố, khu phố…). Kept as data for the import and forms.
VILLAGE_TYPES = [
    "thôn",
    "làng",
    "ấp",
    "bản",
    "buôn",
    "bon",
    "phum",
    "sóc",
    "xóm",
    "plei",
    "khóm",
    "tổ dân phố",
    "khu phố",
    "khu dân cư",
    "khối phố",
    "tiểu khu",
]
