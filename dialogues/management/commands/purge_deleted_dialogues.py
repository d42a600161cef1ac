from django.core.management.base import BaseCommand

from dialogues.services.dialogues import dialogues_purge


class Command(BaseCommand):
    help = "Erase for good the dialogues deleted more than DIALOGUE_RESTORE_DAYS ago (daily cron)."

    def handle(self, *args, **options):
        purged = dialogues_purge()
        self.stdout.write(f"Purged {purged} dialogue(s).")
