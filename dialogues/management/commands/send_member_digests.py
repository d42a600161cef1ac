"""manage.py send_member_digests: the daily summary for members who chose it, for a cron job."""

from django.core.management.base import BaseCommand

from dialogues.services.notifications import digests_send


class Command(BaseCommand):
    help = (
        "Email each member who chose a daily summary of a dialogue what others changed in it "
        "over the last day, in their language. Safe to run more than once a day."
    )

    def handle(self, *args, **options):
        sent = digests_send()
        self.stdout.write(f"Queued {sent} daily summary email(s).")
