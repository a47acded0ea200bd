from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "danvan.core"
    label = "core"
    verbose_name = _("Dùng chung")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import pre_save

        from . import messages
        from .text import clean_stored_text

        messages.install()  # Vietnamese defaults for Django's messages, before the project's forms are built

        # Stored text is NFC without bidirectional controls, for every model of the project (their
        # audit copies included), however the row is written; bulk paths clean their input themselves.
        for model in apps.get_models():
            if model.__module__.startswith("danvan."):
                pre_save.connect(clean_stored_text, sender=model, dispatch_uid=f"clean-text-{model._meta.label}")
