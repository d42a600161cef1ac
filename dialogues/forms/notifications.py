"""The choice of how often a member hears about one dialogue."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import NotificationChoice


class NotificationChoiceForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Emails about this dialogue"),
        choices=NotificationChoice.choices,
        widget=forms.RadioSelect,
    )
