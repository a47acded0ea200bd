from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmulationConfig(AppConfig):
    name = "danvan.emulation"
    label = "emulation"
    verbose_name = _("Phong trào thi đua “Dân vận khéo”")

    def ready(self):
        from . import rules  # noqa: F401  (register permissions)
