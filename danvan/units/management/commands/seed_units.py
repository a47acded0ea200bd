"""Demo units: the villages and residential groups of Gia Lai's communes, and its remote communes
(run by ``seed_demo``; safe to run again: villages already there are not added twice)."""

import random

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from danvan.units import services as unit_services
from danvan.units.choices import UnitKind
from danvan.units.models import Unit

PROVINCE_CODE = "52"  # Gia Lai (merged with Bình Định on 1 July 2025)

# Village names in the style of the Central Highlands (Jrai, Bahnar) and the coast.
PLEI_NAMES = [
    "Plei Ơi",
    "Plei Kép",
    "Plei Pông",
    "Plei Ring",
    "Plei Thơ Ga",
    "Plei Bông",
    "Plei Tơ Nghĩa",
    "Plei Klăh",
    "Plei Chuet",
    "Plei Ia Nueng",
    "Plei Breng",
    "Plei Lốc",
    "Plei Đôn",
    "Plei Groi",
]
BON_NAMES = ["Kon Sơ Lăl", "Kon Chrăh", "Đăk Tơ Ver", "Kon Brông", "Tơ Drăh", "Đê Kjiêng", "Kon Jốp"]


class Command(BaseCommand):
    help = "Tạo đơn vị mẫu: thôn, làng, tổ dân phố của các xã, phường tỉnh Gia Lai và các xã vùng sâu, vùng xa."

    def handle(self, *args, **options):
        if not Unit.objects.filter(kind=UnitKind.COMMUNE).exists():
            call_command("load_units", stdout=self.stdout)
        with transaction.atomic():
            province = Unit.objects.get(code=PROVINCE_CODE)
            added = self._villages(province)
            self._remote(province)
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu mẫu: {province.name}, thêm {added} thôn, tổ dân phố."))

    def _villages(self, province):
        rng = random.Random(52)
        added = 0
        communes = Unit.objects.filter(kind=UnitKind.COMMUNE, path__startswith=province.path).order_by("code")
        for commune in communes:
            rng_c = random.Random(f"{commune.code}-{rng.random()}")
            count = rng_c.randint(6, 14)
            if commune.division_type == "phường":
                items = [{"name": f"Tổ dân phố {n}", "division_type": "tổ dân phố"} for n in range(1, count + 1)]
            else:
                highland = int(commune.code) >= 23500
                items = [{"name": f"Thôn {n}", "division_type": "thôn"} for n in range(1, count // 2 + 1)]
                pool = (
                    PLEI_NAMES + BON_NAMES
                    if highland
                    else ["An Thành", "Vĩnh Phú", "Tân Hòa", "Phú Lộc", "Mỹ Thạnh", "Xuân Sơn", "Hòa Bình", "Đông Lâm"]
                )
                for name in rng_c.sample(pool, k=min(count - len(items), len(pool))):
                    kind = "làng" if highland else "thôn"
                    items.append(
                        {
                            "name": f"{'Làng' if highland else 'Thôn'} {name}",
                            "division_type": kind,
                            "is_remote": highland and rng_c.random() < 0.4,
                        }
                    )
            added += len(unit_services.villages_add_many(commune=commune, items=items, reason="Dữ liệu mẫu"))
        return added

    def _remote(self, province):
        remote = Unit.objects.filter(
            kind=UnitKind.COMMUNE,
            path__startswith=province.path,
            name__in=[
                "Xã Ia Pnôn",
                "Xã Ia Nan",
                "Xã Ia Dom",
                "Xã Ia Chia",
                "Xã Ia O",
                "Xã Krong",
                "Xã SRó",
                "Xã Vĩnh Sơn",
                "Xã An Toàn",
                "Xã Canh Liên",
                "Xã Ia Púch",
                "Xã Ia Mơ",
            ],
        )
        unit_services.units_set_remote(units=list(remote), is_remote=True, reason="Dữ liệu mẫu")
