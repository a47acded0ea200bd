import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from danvan.core.numbers import decimal, group
from danvan.core.progress import ProgressBar
from danvan.units.choices import UnitKind
from danvan.units.models import Unit
from danvan.units.services import units_load_official


class Command(BaseCommand):
    help = "Nạp 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu (từ 01/7/2025) với mã chính thức; chạy lại an toàn."

    def handle(self, *args, **options):
        started = time.monotonic()
        result = units_load_official(progress=ProgressBar("Đơn vị", stream=self.stdout))
        provinces = Unit.objects.filter(kind=UnitKind.PROVINCE).count()
        communes = Unit.objects.filter(kind=UnitKind.COMMUNE).count()
        self.stdout.write(str(result))
        self.stdout.write(
            self.style.SUCCESS(
                _("Có %(provinces)s tỉnh, thành phố và %(communes)s xã, phường, đặc khu (%(seconds)s giây).")
                % {
                    "provinces": group(provinces),
                    "communes": group(communes),
                    "seconds": decimal(time.monotonic() - started),
                }
            )
        )
