"""Reads of meeting invitations: who may be invited, and the replies of a meeting."""

from django.utils.translation import gettext as _

from ..models import MeetingReply


def not_invitable(stakeholders):
    """[(stakeholder, reason), ...] for those who cannot be emailed, in the order given."""
    reasons = []
    for stakeholder in stakeholders:
        if stakeholder.can_be_emailed:
            continue
        if stakeholder.erased_at:
            continue
        if not stakeholder.email:
            reason = _("no email address recorded")
        else:
            reason = _("no consent to be contacted recorded")
        reasons.append((stakeholder, reason))
    return reasons


def reply_summary(meeting):
    """The replies of a meeting (prefetched as ``meeting.replies``), with counts per answer, per
    access need and of the invited who have not answered. No query of its own when prefetched."""
    replies = list(meeting.replies.all())
    answered = {reply.stakeholder_id for reply in replies}
    counts = [
        (answer, sum(reply.answer == answer.value for reply in replies))
        for answer in MeetingReply.Answer
    ]
    needs = [
        (MeetingReply._meta.get_field(name).verbose_name, sum(getattr(r, name) for r in replies))
        for name in MeetingReply.NEEDS
    ]
    return {
        "replies": replies,
        "counts": counts,
        "needs": [(label, count) for label, count in needs if count],
        "waiting": sum(1 for person in meeting.invited.all() if person.pk not in answered),
    }
