"""Meetings of a dialogue: agenda, who was invited and came, minutes, decisions, calendars."""

from functools import cached_property

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from ..calendar import calendar_ics
from ..forms.meeting_invitations import AttendanceForm
from ..forms.meetings import MeetingForm
from ..models import Meeting
from ..rules import can
from ..selectors.meeting_invitations import feedback_summary, reply_summary, sector_turnout
from ..selectors.meetings import (
    calendar_feed_dialogue,
    calendar_meetings,
    meeting_full,
    meeting_of,
    meeting_people,
    meetings_list,
)
from ..selectors.outreach import undelivered_messages
from ..selectors.stakeholders import by_sector
from ..services.meetings import (
    dialogue_calendar_token_regenerate,
    meeting_attendance_record,
    meeting_create,
    meeting_delete,
    meeting_update,
)
from .versioning import VersionedUpdateView
from .workspace import INVALID_FORM_STATUS, DialogueMixin


def _ics_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class MeetingListView(DialogueMixin, TemplateView):
    template_name = "dialogues/meeting_list.html"

    @cached_property
    def meetings(self):
        """Upcoming and past meetings, read by the template only when the cache has no copy."""
        meetings = list(meetings_list(self.dialogue))
        now = timezone.now()
        return {
            "upcoming": sorted(
                (m for m in meetings if m.ends_at >= now), key=lambda m: m.starts_at
            ),
            "past": [m for m in meetings if m.ends_at < now],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            # A meeting moves from "upcoming" to "past" when it ends: the cached lists are
            # keyed on the five minutes they were rendered in.
            moment=int(timezone.now().timestamp() // 300),
            can_view_feed=can(user, "dialogues.view_calendar_feed", self.dialogue),
            can_revoke_feed=can(user, "dialogues.revoke_calendar_feed", self.dialogue),
        )
        if context["can_view_feed"]:
            context["feed_url"] = self.request.build_absolute_uri(
                reverse(
                    "dialogues:calendar-feed",
                    kwargs={"dialogue_pk": self.dialogue.pk, "token": self.dialogue.calendar_token},
                )
            )
        return context


class MeetingFormMixin(DialogueMixin):
    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/meeting_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context.update(
            formset=form.agenda,
            invited_groups=form.stakeholder_groups("invited"),
            attended_groups=form.stakeholder_groups("attended"),
        )
        return context


class MeetingCreateView(MeetingFormMixin, TemplateView):
    def get_form(self, data=None):
        return MeetingForm(data, instance=Meeting(dialogue=self.dialogue), dialogue=self.dialogue)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form), status=INVALID_FORM_STATUS
            )
        data = form.cleaned_data
        meeting = meeting_create(
            dialogue=self.dialogue,
            user=request.user,
            fields={
                "title": data["title"],
                "starts_at": form.instance.starts_at,
                "timezone": data["timezone"],
                "duration_minutes": data["duration_minutes"],
                "place": data["place"],
                "online_url": data["online_url"],
                "minutes": data["minutes"],
                "decisions": data["decisions"],
            },
            invited=data["invited"],
            attended=data["attended"],
            agenda=form.agenda_rows(),
        )
        messages.success(request, _("Meeting saved."))
        return redirect(meeting)


class MeetingObjectMixin:
    def get_meeting(self):
        meeting = meeting_full(self.dialogue, self.kwargs["pk"])
        if meeting is None:
            raise Http404
        return meeting


class MeetingUpdateView(MeetingObjectMixin, MeetingFormMixin, VersionedUpdateView):
    form_class = MeetingForm
    service = staticmethod(meeting_update)
    object_name = "meeting"
    conflict_message = gettext_lazy(
        "Someone else saved this meeting while you were editing. Both versions are "
        "shown below; the form still holds yours. Review it and save again."
    )
    success_message = gettext_lazy("Meeting saved.")

    def get_object(self):
        return self.get_meeting()

    def get_form_kwargs(self):
        return {"dialogue": self.dialogue}

    def service_kwargs(self, form):
        return {
            "invited": form.cleaned_data["invited"],
            "attended": form.cleaned_data["attended"],
            "agenda": form.agenda_rows(),
        }


class MeetingDetailView(MeetingObjectMixin, DialogueMixin, TemplateView):
    """The meeting page. What it shows of the meeting, its people, replies and commitments is
    kept under the revisions of those parts (see the template); the anonymous feedback (its
    answers move no revision, so that none can be dated), the undelivered emails and a
    submitted attendance form are read on every visit."""

    template_name = "dialogues/meeting_detail.html"

    @cached_property
    def meeting(self):
        meeting = meeting_of(self.dialogue, self.kwargs["pk"])
        if meeting is None:
            raise Http404
        return meeting

    @cached_property
    def record(self):
        """The meeting with its agenda, people, replies and commitments, read by the template
        only when the cache has no copy."""
        meeting = self.get_meeting()
        return {
            "meeting": meeting,
            "invited_by_sector": by_sector(meeting.invited.all()),
            "attended_by_sector": by_sector(meeting.attended.all()),
            "replies": reply_summary(meeting),
            "turnout": sector_turnout(meeting),
        }

    @cached_property
    def attendance(self):
        """The attendance form as the stored attendance fills it, for the kept copy."""
        form = AttendanceForm(meeting=self.meeting)
        return {"form": form, "groups": form.stakeholder_groups("present")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.meeting
        context.update(
            meeting=meeting,
            # Once the meeting has begun, a sector invited with nobody present is pointed out.
            begun=meeting.starts_at <= timezone.now(),
            feedback=feedback_summary(meeting),
        )
        if context["can_edit"]:
            form = kwargs.get("attendance_form")  # a submission with errors
            if form is not None:
                context.update(
                    attendance_form=form, attendance_groups=form.stakeholder_groups("present")
                )
            context.update(
                undelivered=undelivered_messages(meeting=meeting),
                people=meeting_people(meeting),
            )
        return context


class MeetingAttendanceView(MeetingDetailView):
    """The attendance form of the meeting page (POST only)."""

    permission_required = "dialogues.edit_workspace"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        meeting = self.meeting
        form = AttendanceForm(request.POST, meeting=meeting)
        if not form.is_valid():
            context = self.get_context_data(attendance_form=form)
            return self.render_to_response(context, status=INVALID_FORM_STATUS)
        meeting_attendance_record(
            meeting=meeting, present=form.cleaned_data["present"], user=request.user
        )
        messages.success(request, _("Attendance saved."))
        return redirect(meeting.get_absolute_url() + "#attendance-heading")


class MeetingDeleteView(MeetingObjectMixin, DialogueMixin, TemplateView):
    permission_required = "dialogues.edit_workspace"
    template_name = "dialogues/meeting_confirm_delete.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(meeting=self.get_meeting()))

    def post(self, request, *args, **kwargs):
        meeting_delete(meeting=self.get_meeting(), user=request.user)
        messages.success(request, _("Meeting deleted."))
        return redirect("dialogues:meeting-list", dialogue_pk=self.dialogue.pk)


class MeetingIcsView(MeetingObjectMixin, DialogueMixin, TemplateView):
    """One meeting as an .ics file to add to a calendar."""

    def get(self, request, *args, **kwargs):
        meeting = self.get_meeting()
        content = calendar_ics(
            [meeting],
            name=self.dialogue.title,
            host=request.get_host(),
            absolute_url=request.build_absolute_uri,
        )
        return _ics_response(content, f"meeting-{meeting.pk}.ics")


@require_GET
def calendar_feed(request, dialogue_pk, token):
    """The dialogue's meetings for calendar apps: no login, the secret address is the key."""
    dialogue = calendar_feed_dialogue(dialogue_pk, token)
    if dialogue is None:
        raise Http404
    content = calendar_ics(
        calendar_meetings(dialogue),
        name=dialogue.title,
        host=request.get_host(),
        absolute_url=request.build_absolute_uri,
    )
    response = _ics_response(content, f"dialogue-{dialogue.pk}.ics")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


class CalendarTokenRegenerateView(DialogueMixin, TemplateView):
    """A new feed address: whoever has the old one stops receiving the meetings."""

    permission_required = "dialogues.revoke_calendar_feed"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        dialogue_calendar_token_regenerate(dialogue=self.dialogue, user=request.user)
        messages.success(
            request,
            _("The calendar feed has a new address. The old address no longer works."),
        )
        return redirect("dialogues:meeting-list", dialogue_pk=self.dialogue.pk)
