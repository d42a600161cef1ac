"""The stakeholder register: who is concerned, where they stand, and every contact with them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..links import reverse_ids
from .choices import ChoiceLabels
from .dialogues import Dialogue
from .organisations import TimeStamped


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    GOVERNMENT = "government", _("Government")
    PRIVATE = "private", _("Private sector")
    ACADEMIA = "academia", _("Academia and science")
    PUBLIC = "public", _("General public and communities")
    MEDIA = "media", _("Media")
    DONORS = "donors", _("Donors and international organisations")
    OTHER = "other", _("Other")

    @classmethod
    def core(cls):
        """The five sectors the toolkit's argument names; a dialogue without one gets a warning."""
        return [cls.CIVIL_SOCIETY, cls.GOVERNMENT, cls.PRIVATE, cls.ACADEMIA, cls.PUBLIC]


class Stance(models.TextChoices):
    SUPPORTIVE = "supportive", _("Supportive")
    NEUTRAL = "neutral", _("Neutral")
    OPPOSED = "opposed", _("Opposed")
    UNKNOWN = "unknown", _("Unknown")


class Engagement(models.TextChoices):
    UNAWARE = "unaware", _("Unaware")
    RESISTANT = "resistant", _("Resistant")
    NEUTRAL = "neutral", pgettext_lazy("engagement", "Neutral")
    SUPPORTIVE = "supportive", pgettext_lazy("engagement", "Supportive")
    LEADING = "leading", _("Leading")


class ParticipationLevel(models.TextChoices):
    INFORM = "inform", _("Inform")
    CONSULT = "consult", _("Consult")
    INVOLVE = "involve", _("Involve")
    COLLABORATE = "collaborate", _("Collaborate")
    EMPOWER = "empower", _("Empower")


class StakeholderStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONTACTED = "contacted", _("Contacted")
    CONFIRMED = "confirmed", _("Confirmed")
    PARTICIPATING = "participating", _("Participating")
    DECLINED = "declined", _("Declined")


class Quadrant(models.TextChoices):
    MANAGE_CLOSELY = "manage_closely", _("Manage closely")
    KEEP_SATISFIED = "keep_satisfied", _("Keep satisfied")
    KEEP_INFORMED = "keep_informed", _("Keep informed")
    MONITOR = "monitor", _("Monitor")

    @classmethod
    def of(cls, influence, interest):
        """Scores 1–5; 3 and above counts as high."""
        high_influence, high_interest = influence >= 3, interest >= 3
        if high_influence and high_interest:
            return cls.MANAGE_CLOSELY
        if high_influence:
            return cls.KEEP_SATISFIED
        if high_interest:
            return cls.KEEP_INFORMED
        return cls.MONITOR

    @classmethod
    def filter_for(cls, value):
        high = 3
        return {
            cls.MANAGE_CLOSELY: Q(influence__gte=high, interest__gte=high),
            cls.KEEP_SATISFIED: Q(influence__gte=high, interest__lt=high),
            cls.KEEP_INFORMED: Q(influence__lt=high, interest__gte=high),
            cls.MONITOR: Q(influence__lt=high, interest__lt=high),
        }[value]


class Label(models.Model):
    """A tag or inclusion marker chosen by a dialogue's team."""

    class Kind(models.TextChoices):
        TAG = "tag", _("Tag")
        INCLUSION = "inclusion", _("Inclusion marker")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="labels")
    kind = models.CharField(max_length=10, choices=Kind)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["dialogue", "kind", "name"], name="unique_label"),
        ]

    def __str__(self):
        return self.name


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Stakeholder(ChoiceLabels, TimeStamped):
    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        PERSON = "person", _("Person")

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="stakeholders")
    kind = models.CharField(_("type"), max_length=12, choices=Kind, default=Kind.ORGANISATION)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role_title = models.CharField(_("role or title"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector)
    influence = models.PositiveSmallIntegerField(
        _("influence"), default=3, validators=SCORE_VALIDATORS
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"), default=3, validators=SCORE_VALIDATORS
    )
    stance = models.CharField(_("stance"), max_length=12, choices=Stance, default=Stance.UNKNOWN)
    engagement_current = models.CharField(
        _("current engagement"), max_length=12, choices=Engagement, default=Engagement.UNAWARE
    )
    engagement_desired = models.CharField(
        _("desired engagement"), max_length=12, choices=Engagement, default=Engagement.SUPPORTIVE
    )
    participation_level = models.CharField(
        _("participation level"),
        max_length=12,
        choices=ParticipationLevel,
        default=ParticipationLevel.CONSULT,
    )
    status = models.CharField(
        _("status"), max_length=14, choices=StakeholderStatus, default=StakeholderStatus.IDENTIFIED
    )
    status_changed = models.DateTimeField(default=timezone.now)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_method = models.CharField(
        _("how consent was given"),
        max_length=200,
        blank=True,
        help_text=_("For example: verbally at the meeting of 3 May, by email, signed form."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Emails and pages sent to them use it; empty: the dialogue's first language."),
    )
    notes = models.TextField(_("notes"), max_length=5000, blank=True)
    labels = models.ManyToManyField(Label, blank=True, related_name="stakeholders")
    erased_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    # Field sets, declared once for the form, the spreadsheets, the dialogue file and erasure.
    # Contact details: kept only with consent recorded, shown only to whom the dialogue allows.
    CONTACT_FIELDS = ("email", "phone", "consent_date", "consent_method")
    # Personal data: what erasing a stakeholder clears (the name is replaced).
    PERSONAL_FIELDS = ("name", "organisation", "role_title", *CONTACT_FIELDS, "notes")
    # What a team fills in and edits, in the order the form shows it.
    EDITABLE_FIELDS = (
        "kind",
        "name",
        "organisation",
        "role_title",
        "sector",
        "influence",
        "interest",
        "stance",
        "engagement_current",
        "engagement_desired",
        "participation_level",
        "status",
        *CONTACT_FIELDS,
        "preferred_language",
        "notes",
    )

    class Meta:
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["dialogue", "sector"]),
            models.Index(fields=["dialogue", "name"]),
            # The grid's first names of each influence–interest cell, read in the index's order
            # (selectors.stakeholders.stakeholders_for_grid), with what a mark shows besides.
            models.Index(
                fields=["dialogue", "influence", "interest", "name", "id"],
                include=["organisation", "sector"],
                name="stakeholder_grid_cells",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(influence__gte=1, influence__lte=5), name="influence_1_5"
            ),
            models.CheckConstraint(
                condition=Q(interest__gte=1, interest__lte=5), name="interest_1_5"
            ),
            models.CheckConstraint(condition=Q(sector__in=Sector.values), name="sector_valid"),
            models.CheckConstraint(
                condition=Q(status__in=StakeholderStatus.values), name="stakeholder_status_valid"
            ),
        ]

    def __str__(self):
        return self.name

    # The check constraints above that restate their fields' own choices and validators.
    FIELD_CHECKS = ("influence_1_5", "interest_1_5", "sector_valid", "stakeholder_status_valid")

    def get_constraints(self):
        """What validate_constraints() checks, without FIELD_CHECKS: clean_fields() has applied
        the same rules, and Django would build a query for each (four per save of a form)."""
        return [
            (model, [c for c in constraints if c.name not in self.FIELD_CHECKS])
            for model, constraints in super().get_constraints()
        ]

    def get_absolute_url(self):
        return reverse_ids("dialogues:stakeholder-detail", self.dialogue_id, self.pk)

    @property
    def quadrant(self):
        return Quadrant.of(self.influence, self.interest)

    @property
    def has_contact(self):
        return bool(self.email or self.phone)

    @property
    def can_be_emailed(self):
        """Only someone with an email address and recorded consent is ever emailed."""
        return bool(self.email and self.consent_date and not self.erased_at)

    @property
    def language(self):
        """The language of what they are sent: theirs, else the dialogue's first, else English."""
        if self.preferred_language:
            return self.preferred_language
        codes = {code for code, _name in settings.LANGUAGES}
        spoken = [code for code in self.dialogue.languages or [] if code in codes]
        return spoken[0] if spoken else settings.LANGUAGE_CODE


class Interaction(models.Model):
    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        MEETING = "meeting", _("Meeting")
        EMAIL = "email", _("Email")
        OTHER = "other", _("Other")

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="interactions"
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("type"), max_length=10, choices=Kind, default=Kind.MEETING)
    note = models.TextField(_("note"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} {self.kind}"
