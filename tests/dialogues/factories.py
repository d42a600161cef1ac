from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from dialogues import models

PASSWORD = "a-long-Passphrase-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Coastal Women's Network {n}")
    country = "Senegal"
    city = "Dakar"


class OrganisationMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.OrganisationMembership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role = models.OrganisationRole.MEMBER


class DialogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Dialogue

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Fisheries dialogue {n}")
    challenge = "Fish stocks are collapsing and no sector can reverse it alone."


class DialogueMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DialogueMembership

    dialogue = factory.SubFactory(DialogueFactory)
    user = factory.SubFactory(UserFactory)
    role = models.Role.VIEWER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Invitation

    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    dialogue = factory.SubFactory(DialogueFactory)
    role = models.Role.FACILITATOR
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Stakeholder

    dialogue = factory.SubFactory(DialogueFactory)
    name = factory.Sequence(lambda n: f"Stakeholder {n}")
    organisation = "Ministry of Fisheries"
    sector = models.Sector.GOVERNMENT
    influence = 4
    interest = 3


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ChecklistItem

    dialogue = factory.SubFactory(DialogueFactory)
    stage = models.Stage.READY
    title = factory.Sequence(lambda n: f"Checklist step {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    dialogue = factory.SubFactory(DialogueFactory)
    title = factory.Sequence(lambda n: f"Round table {n}")
    starts_at = factory.LazyFunction(timezone.now)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Commitment

    dialogue = factory.SubFactory(DialogueFactory)
    description = factory.Sequence(lambda n: f"Publish the landing data every month ({n})")


class LabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Label

    dialogue = factory.SubFactory(DialogueFactory)
    kind = models.Label.Kind.TAG
    name = factory.Sequence(lambda n: f"coastal zone {n}")


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Interaction

    stakeholder = factory.SubFactory(StakeholderFactory)
    kind = models.Interaction.Kind.CALL
    note = factory.Sequence(lambda n: f"Called about the first round table ({n})")


class ChecklistTemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ChecklistTemplateItem

    stage = models.Stage.READY
    order = factory.Sequence(lambda n: n * 10)
    key = factory.Sequence(lambda n: f"template-{n}")
    title_en = factory.Sequence(lambda n: f"Map the actors ({n})")
    title_fr = factory.Sequence(lambda n: f"Cartographier les acteurs ({n})")
    title_es = factory.Sequence(lambda n: f"Mapear a los actores ({n})")
    title_ar = factory.Sequence(lambda n: f"رسم خريطة الفاعلين ({n})")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n * 10)
    title = factory.Sequence(lambda n: f"Agenda point {n}")
    duration_minutes = 30


class CommitmentUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CommitmentUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    status = models.CommitmentStatus.IN_PROGRESS
    note = "Half of the landing sites report."


class StageTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StageTransition

    dialogue = factory.SubFactory(DialogueFactory)
    from_stage = models.Stage.READY
    to_stage = models.Stage.GET_SET
