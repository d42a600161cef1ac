"""Checklist items of a dialogue's stages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.names import name_and_email

from ..models import ChecklistItem
from .versioning import VersionedModelForm
from .widgets import DateInput


class ChecklistItemAddForm(forms.ModelForm):
    """A new item of one stage; it is assigned and annotated on its edit page."""

    class Meta:
        model = ChecklistItem
        fields = ["stage", "title", "due_date"]
        labels = {"title": _("New item")}
        widgets = {"stage": forms.HiddenInput, "due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True


class ChecklistItemForm(VersionedModelForm):
    """Edit one item. A default item keeps an empty title, so each member reads it in their
    own language, until the team rewrites it."""

    class Meta:
        model = ChecklistItem
        fields = ["title", "assignee", "due_date", "note", "chapter", "tool"]
        widgets = {"due_date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": _("A short note for the team.")}

    def __init__(self, *args, people, chapters, tools, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance
        self.fields["assignee"].queryset = people
        self.fields["assignee"].label_from_instance = name_and_email
        self.fields["chapter"].queryset = chapters
        self.fields["tool"].queryset = tools
        for name in ("assignee", "chapter", "tool"):
            self.fields[name].empty_label = "—"
        self.fields["chapter"].help_text = _("The toolkit chapter that explains how to do this.")
        if item.template_id:
            self.initial["title"] = self.initial.get("title") or item.display_title
            self.fields["title"].help_text = _(
                "Leave it as it is, or empty, to keep the default text: each member then reads "
                "it in their own language."
            )
        else:
            self.fields["title"].required = True

    def changed_fields(self):
        """The fields to save; the default text, left unchanged or emptied, stays translatable."""
        item = self.instance
        if item.template_id and item.title in ("", item.template.title):
            item.title = ""
        return [name for name in self.changed_data if name != "version"]
