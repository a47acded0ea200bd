from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "danvan.engagement"
    label = "engagement"
    verbose_name = _("Tiếp công dân và đối thoại")

    def ready(self):
        from danvan.cadres import panels as cadre_panels

        from . import panels, rules  # noqa: F401  (register permissions)

        cadre_panels.register(panels.cadre_field_days)
