"""Every email the site sends, queued with its delivery status so a sender can see failures."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundMessage(models.Model):
    """One email waiting in the queue, sent, or given up on after its retries."""

    MAX_ATTEMPTS = 3

    class Kind(models.TextChoices):
        TEAM_INVITATION = "team_invitation", _("Invitation to the team")
        OVERDUE_DIGEST = "overdue_digest", _("Overdue commitments")
        MEETING_INVITATION = "meeting_invitation", _("Meeting invitation")
        FEEDBACK_REQUEST = "feedback_request", _("Feedback request")
        COMMITMENT_CONFIRMATION = "commitment_confirmation", _("Commitment to confirm")
        MEMBER_NOTIFICATION = "member_notification", _("News for a team member")
        MEMBER_DIGEST = "member_digest", _("Daily summary for a team member")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        RETRYING = "retrying", _("Sending again after a failure")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be delivered")

    kind = models.CharField(max_length=30, choices=Kind)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    to_email = models.EmailField()
    subject = models.CharField(max_length=300)
    # The body and attachments are kept only until the message is sent: they may carry a
    # personal link, which must not outlive its delivery in the database.
    body = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    dialogue = models.ForeignKey(
        "Dialogue", on_delete=models.CASCADE, null=True, blank=True, related_name="messages"
    )
    invitation = models.ForeignKey(
        "Invitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    stakeholder = models.ForeignKey(
        "Stakeholder", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    meeting = models.ForeignKey(
        "Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    commitment = models.ForeignKey(
        "Commitment", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["dialogue", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "retrying", "sent", "failed"]),
                name="outbound_message_status_valid",
            )
        ]

    def __str__(self):
        return self.subject

    UNDELIVERED = (Status.RETRYING, Status.FAILED)
