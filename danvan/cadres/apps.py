from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "danvan.cadres"
    label = "cadres"
    verbose_name = _("Cán bộ dân vận")

    def ready(self):
        from . import jobs, rules  # noqa: F401  (register permissions and job handlers)
