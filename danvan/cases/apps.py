from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "danvan.cases"
    label = "cases"
    verbose_name = _("Phản ánh, kiến nghị, khiếu nại, tố cáo")

    def ready(self):
        from danvan.core.panels import UNIT_PAGE

        from . import views

        UNIT_PAGE.register(views.unit_panel)
