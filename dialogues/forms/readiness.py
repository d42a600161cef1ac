"""The readiness self-check as a plain form: one yes / partly / no question per field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..readiness import QUESTIONS, SECTIONS, Answer


class ReadinessForm(forms.Form):
    """Every question of ``dialogues.readiness``, grouped by section for the template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in QUESTIONS.items():
            self.fields[key] = forms.ChoiceField(
                label=question.text,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer to this question.")},
            )

    def sections(self):
        """[(section, [bound field, ...]), ...] in the questionnaire's order."""
        return [(s, [self[q.key] for q in s.questions]) for s in SECTIONS]

    def hidden_answers(self):
        """The cleaned answers as hidden inputs, to carry them into the save form."""
        return [(key, self.cleaned_data[key]) for key in QUESTIONS]


class ReadinessSaveForm(ReadinessForm):
    """The answers again (hidden), and the dialogue to save them into."""

    dialogue = forms.TypedChoiceField(label=_("Dialogue"), coerce=int)

    def __init__(self, *args, dialogues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dialogue"].choices = [(d.pk, d.title) for d in dialogues]
        self.dialogues = {d.pk: d for d in dialogues}
        self.order_fields(["dialogue"])

    def answers(self):
        return {key: self.cleaned_data[key] for key in QUESTIONS}

    def chosen_dialogue(self):
        return self.dialogues[self.cleaned_data["dialogue"]]
