from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from .services import calendar_feeds, person_names

        calendar_feeds.connect()
        person_names.connect()
