"""Each member's choice of emails per dialogue: in their account, or from a link in an email."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from accounts.two_factor import session_used_two_factor

from ..forms.notifications import NotificationChoiceForm
from ..models import Dialogue, NotificationChoice
from ..rules import can
from ..selectors.notifications import notification_choice, notification_settings
from ..services.notifications import notification_preference_set, notification_token_read
from .workspace import INVALID_FORM_STATUS, DialogueMixin


@login_required
def notification_settings_view(request):
    """Every dialogue of the user with its choice, each changed on its own."""
    return render(
        request,
        "dialogues/notification_settings.html",
        {
            "dialogues": notification_settings(
                request.user, two_factor=session_used_two_factor(request)
            ),
            "choices": NotificationChoice.choices,
        },
    )


class NotificationSettingsUpdateView(DialogueMixin, View):
    """The member's choice of emails for one dialogue."""

    dialogue_url_kwarg = "pk"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = NotificationChoiceForm(request.POST)
        if form.is_valid():
            notification_preference_set(
                user=request.user, dialogue=self.dialogue, choice=form.cleaned_data["choice"]
            )
            messages.success(request, _("Your choice is saved."))
        else:
            messages.error(request, _("Choose one of the options."))
        return redirect("dialogues:notification-settings")


def notification_change(request, token):
    """The link at the foot of each email: the person it was sent to changes their choice for
    that dialogue in one click, without logging in (the link is signed for them)."""
    ids = notification_token_read(token)
    user = dialogue = None
    if ids is not None:
        user = get_user_model().objects.filter(pk=ids[0], is_active=True).first()
        dialogue = Dialogue.objects.alive().filter(pk=ids[1]).first()
    # The link outlives no membership: whoever may no longer open the dialogue sees nothing.
    if user is None or dialogue is None or not can(user, "dialogues.view_dialogue", dialogue):
        return render(request, "dialogues/notification_change.html", {"invalid": True}, status=404)
    form = NotificationChoiceForm(
        request.POST if request.method == "POST" else None,
        initial={"choice": notification_choice(user, dialogue)},
    )
    if form.is_bound and form.is_valid():
        notification_preference_set(
            user=user, dialogue=dialogue, choice=form.cleaned_data["choice"]
        )
        return render(
            request,
            "dialogues/notification_change.html",
            {"dialogue": dialogue, "saved": NotificationChoice(form.cleaned_data["choice"]).label},
        )
    return render(
        request,
        "dialogues/notification_change.html",
        {"dialogue": dialogue, "form": form},
        status=INVALID_FORM_STATUS if form.is_bound else 200,
    )
