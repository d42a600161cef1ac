"""Organisations, and invitations and roles of organisations and workspaces."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Organisation, OrganisationRole, Role, timezone_names


class OrganisationForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        initial="UTC",
        help_text=_("Used as the default time zone of new meetings."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "country",
            "city",
            "timezone",
            "description",
            "website",
            "require_two_factor",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(name, name) for name in timezone_names()]

    def clean_timezone(self):
        return self.cleaned_data.get("timezone") or "UTC"


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles.choices
        self.fields["role"].initial = roles.values[0]


def dialogue_invitation_form(*args, **kwargs):
    return InvitationForm(*args, roles=Role, **kwargs)


def organisation_invitation_form(*args, **kwargs):
    return InvitationForm(*args, roles=OrganisationRole, **kwargs)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles.choices
