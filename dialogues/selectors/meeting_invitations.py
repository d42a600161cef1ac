"""Reads of meeting invitations: who may be invited, and the replies of a meeting."""

from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Meeting, MeetingFeedback, MeetingReply, Sector


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


def sector_turnout(meeting, *, now=None):
    """Per sector, from the meeting's prefetched people and replies: invited, replied yes,
    attended, and whether to warn that a sector was invited but nobody from it came (once the
    meeting has begun)."""
    begun = meeting.starts_at <= (now or timezone.now())
    yes = {reply.stakeholder_id for reply in meeting.replies.all() if reply.answer == "yes"}
    attended = {person.pk for person in meeting.attended.all()}
    rows = {}
    for person in meeting.invited.all():
        row = rows.setdefault(person.sector, {"invited": 0, "yes": 0, "attended": 0})
        row["invited"] += 1
        row["yes"] += person.pk in yes
        row["attended"] += person.pk in attended
    return [
        {
            "sector": sector,
            **rows[sector.value],
            "warn": begun and rows[sector.value]["attended"] == 0,
        }
        for sector in Sector
        if sector.value in rows
    ]


def attendance_by_sector(dialogue):
    """Across the dialogue's meetings, per sector: invitations, yes replies, attendances (three
    grouped queries), every sector listed."""
    invited = Meeting.invited.through.objects.filter(meeting__dialogue=dialogue)
    attended = Meeting.attended.through.objects.filter(meeting__dialogue=dialogue)
    yes = MeetingReply.objects.filter(meeting__dialogue=dialogue, answer=MeetingReply.Answer.YES)

    def per_sector(queryset):
        rows = queryset.values("stakeholder__sector").annotate(n=Count("pk")).order_by()
        return {row["stakeholder__sector"]: row["n"] for row in rows}

    counts = {
        "invited": per_sector(invited),
        "yes": per_sector(yes),
        "attended": per_sector(attended),
    }
    return [
        {"sector": sector, **{key: values.get(sector.value, 0) for key, values in counts.items()}}
        for sector in Sector
    ]


def feedback_summary(meeting):
    """The meeting's anonymous feedback in aggregate, or only its count while fewer than
    MeetingFeedback.MIN_ANSWERS answers exist (one query, two once shown)."""
    totals = MeetingFeedback.objects.filter(meeting=meeting).aggregate(
        count=Count("pk"), heard=Avg("heard"), fair=Avg("fair")
    )
    if totals["count"] < MeetingFeedback.MIN_ANSWERS:
        return {"count": totals["count"], "shown": False, "minimum": MeetingFeedback.MIN_ANSWERS}
    changes = (
        MeetingFeedback.objects.filter(meeting=meeting)
        .exclude(change="")
        .order_by("change")
        .values_list("change", flat=True)
    )
    return {
        "count": totals["count"],
        "shown": True,
        "heard": round(totals["heard"], 1),
        "fair": round(totals["fair"], 1),
        "changes": list(changes),
    }
