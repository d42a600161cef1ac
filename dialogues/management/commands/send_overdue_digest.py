"""manage.py send_overdue_digest: the daily email of overdue commitments, for a cron job."""

from django.core.management.base import BaseCommand

from dialogues.services.commitments import overdue_digest_send


class Command(BaseCommand):
    help = (
        "Email each owner one list of the overdue commitments of all their dialogues, in their "
        "language. Safe to run more than once a day: an owner gets at most one email per day."
    )

    def handle(self, *args, **options):
        sent = overdue_digest_send()
        self.stdout.write(f"Sent {sent} overdue-commitments digest(s).")
