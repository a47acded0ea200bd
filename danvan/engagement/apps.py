from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "danvan.engagement"
    label = "engagement"
    verbose_name = _("Tiếp công dân và đối thoại")

    def ready(self):
        from danvan.cadres import panels as cadre_panels
        from danvan.cases import panels as case_panels

        from . import jobs, panels, rules  # noqa: F401  (register permissions and job handlers)
        from .views import receptions

        case_panels.register(receptions.case_panel)
        cadre_panels.register(panels.cadre_field_days)
