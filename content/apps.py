from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Toolkit")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from . import kept, selectors
        from .models import Chapter, Page, Part, Resource, Tool

        for model in (Part, Chapter, Tool, Resource, Page):
            for signal in (post_save, post_delete):
                signal.connect(
                    selectors.forget_version, sender=model, dispatch_uid=f"{model}{signal}"
                )
        user_logged_in.connect(kept.remember_editor, dispatch_uid="content.remember_editor")
