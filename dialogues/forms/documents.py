"""Choosing a document to download: its language, and the meeting or stakeholders it is for."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..documents import KINDS
from ..models import Meeting
from ..selectors.stakeholders import stakeholders_in_sector_order
from .stakeholders import GroupedStakeholdersMixin, stakeholder_field


class DocumentForm(GroupedStakeholdersMixin, forms.Form):
    """One form per document kind on the page, each with its own prefix (the kind)."""

    language = forms.ChoiceField(label=_("Language of the document"), choices=settings.LANGUAGES)
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none())
    stakeholders = stakeholder_field(_("Stakeholders to invite"), required=True)

    def __init__(self, *args, dialogue, kind, **kwargs):
        kwargs.setdefault("prefix", kind)
        super().__init__(*args, **kwargs)
        self.kind = KINDS[kind]
        self.fields["language"].initial = get_language()
        needs = self.kind.needs
        if "meeting" in needs:
            field = self.fields["meeting"]
            field.queryset = Meeting.objects.filter(dialogue=dialogue)
            field.empty_label = "—"
            # An invitation may go out before any meeting is planned.
            field.required = "stakeholders" not in needs
        else:
            del self.fields["meeting"]
        if "stakeholders" in needs:
            self.fields["stakeholders"].queryset = stakeholders_in_sector_order().filter(
                dialogue=dialogue, erased_at__isnull=True
            )
            self.fields["stakeholders"].error_messages["required"] = _(
                "Choose at least one stakeholder to invite."
            )
            self.fields["stakeholders"].help_text = _(
                "Each letter is written in the stakeholder's preferred language when the "
                "register records one, otherwise in the language chosen above."
            )
        else:
            del self.fields["stakeholders"]

    def invitee_groups(self):
        """The stakeholder checkboxes grouped by sector, for the template."""
        return self.stakeholder_groups("stakeholders") if "stakeholders" in self.fields else []
