"""Inviting stakeholders to a meeting, and the reply page their personal link opens."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from ..forms.meeting_invitations import MeetingFeedbackForm, MeetingInviteForm, MeetingReplyForm
from ..models import MeetingFeedback, MeetingReply
from ..selectors.meeting_invitations import not_invitable
from ..selectors.meetings import meeting_public
from ..selectors.stakeholders import stakeholders_in_sector_order
from ..services.meeting_feedback import meeting_feedback_record, meeting_feedback_request
from ..services.meeting_invitations import meeting_invitations_send, meeting_reply_record
from .link_pages import link_render
from .workspace import INVALID_FORM_STATUS, DialogueMixin


class MeetingInviteView(DialogueMixin, TemplateView):
    """Choose stakeholders who consented, and email them the invitation."""

    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/meeting_invite.html"

    def get_meeting(self):
        meeting = meeting_public(self.dialogue, self.kwargs["pk"])
        if meeting is None:
            raise Http404
        return meeting

    def render_form(self, form, status=200):
        meeting = self.get_meeting()
        everyone = stakeholders_in_sector_order().filter(dialogue=self.dialogue)
        context = self.get_context_data(
            meeting=meeting,
            form=form,
            groups=form.stakeholder_groups("stakeholders"),
            not_invitable=not_invitable(everyone),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render_form(MeetingInviteForm(dialogue=self.dialogue))

    def post(self, request, *args, **kwargs):
        form = MeetingInviteForm(request.POST, dialogue=self.dialogue)
        if not form.is_valid():
            return self.render_form(form, status=INVALID_FORM_STATUS)
        meeting = self.get_meeting()
        count = meeting_invitations_send(
            meeting=meeting, stakeholders=list(form.cleaned_data["stakeholders"]), user=request.user
        )
        messages.success(
            request,
            ngettext(
                "Invitation sent to %(count)d stakeholder.",
                "Invitations sent to %(count)d stakeholders.",
                count,
            )
            % {"count": count},
        )
        return redirect(meeting.get_absolute_url() + "#replies-heading")


def meeting_reply(request, link):
    """The meeting's public details and the reply form; nothing about other invitees. Someone
    taken off the invited list meanwhile sees nothing of it."""
    meeting = meeting_public(link.stakeholder.dialogue, link.meeting_id, invitee=link.stakeholder)
    if meeting is None:
        return link_render(request, "dialogues/link_invalid.html", {}, status=404)
    reply = MeetingReply.objects.filter(meeting=meeting, stakeholder=link.stakeholder).first()
    saved = False
    if request.method == "POST":
        form = MeetingReplyForm(request.POST, instance=reply)
        if form.is_valid():
            data = form.cleaned_data
            reply = meeting_reply_record(
                link=link,
                answer=data["answer"],
                note=data["note"],
                needs=[name for name in MeetingReply.NEEDS if data[name]],
            )
            form = MeetingReplyForm(instance=reply)
            saved = True
    else:
        form = MeetingReplyForm(instance=reply)
    status = INVALID_FORM_STATUS if form.is_bound and form.errors else 200
    return link_render(
        request,
        "dialogues/link_meeting_reply.html",
        {
            "meeting": meeting,
            "form": form,
            "reply": reply,
            "saved": saved,
            "stakeholder": link.stakeholder,
        },
        status=status,
    )


def meeting_feedback(request, link):
    """The short anonymous form after a meeting; an answer closes the link."""
    meeting = meeting_public(link.stakeholder.dialogue, link.meeting_id)
    if meeting is None:
        raise Http404
    form = MeetingFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if meeting_feedback_record(link=link, **form.cleaned_data) is None:
            return link_render(request, "dialogues/link_invalid.html", {}, status=404)
        return link_render(
            request, "dialogues/link_meeting_feedback.html", {"meeting": meeting, "saved": True}
        )
    return link_render(
        request,
        "dialogues/link_meeting_feedback.html",
        {"meeting": meeting, "form": form, "minimum": MeetingFeedback.MIN_ANSWERS},
        status=INVALID_FORM_STATUS if form.is_bound and form.errors else 200,
    )


class MeetingFeedbackRequestView(DialogueMixin, View):
    """Email the attendees a link to the feedback form (POST only)."""

    permission_required = "dialogues.edit_workspace"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        meeting = meeting_public(self.dialogue, kwargs["pk"])
        if meeting is None:
            raise Http404
        asked, not_asked = meeting_feedback_request(meeting=meeting, user=request.user)
        messages.success(
            request,
            ngettext(
                "Feedback asked of %(count)d attendee.",
                "Feedback asked of %(count)d attendees.",
                asked,
            )
            % {"count": asked},
        )
        if not_asked:
            messages.warning(
                request,
                ngettext(
                    "%(count)d attendee has no email address or no consent and was not asked.",
                    "%(count)d attendees have no email address or no consent and were not asked.",
                    not_asked,
                )
                % {"count": not_asked},
            )
        return redirect(meeting.get_absolute_url() + "#feedback-heading")
