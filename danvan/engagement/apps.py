from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "danvan.engagement"
    label = "engagement"
    verbose_name = _("Tiếp công dân và đối thoại")

    def ready(self):
        from danvan.cases import panels

        from . import jobs, rules  # noqa: F401  (register permissions and job handlers)
        from .views import receptions

        panels.register(receptions.case_panel)
