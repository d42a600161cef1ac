"""Organisations, their dialogues and everything a dialogue's workspace tracks, one module per
domain. Django finds the models here, so every model is imported and re-exported."""

from .checklists import ChecklistItem, ChecklistTemplateItem
from .commitments import (
    Commitment,
    CommitmentQuerySet,
    CommitmentStatus,
    CommitmentUpdate,
    OverdueDigest,
)
from .dialogues import (
    Activity,
    Dialogue,
    DialogueMembership,
    DialogueQuerySet,
    Role,
    Stage,
    StageTransition,
)
from .meetings import AgendaItem, Meeting
from .notifications import NotificationChoice, NotificationPreference
from .organisations import (
    Invitation,
    InvitationQuerySet,
    Organisation,
    OrganisationMembership,
    OrganisationQuerySet,
    OrganisationRole,
    TimeStamped,
    new_token,
    timezone_names,
    validate_timezone,
)
from .outbox import OutboundMessage
from .outreach import (
    Agreement,
    MeetingFeedback,
    MeetingReply,
    StakeholderLink,
    hash_token,
    new_link_token,
)
from .readiness import ReadinessCheck
from .stakeholders import (
    SCORE_VALIDATORS,
    Engagement,
    Interaction,
    Label,
    ParticipationLevel,
    Quadrant,
    Sector,
    Stakeholder,
    StakeholderStatus,
    Stance,
)

__all__ = [
    "SCORE_VALIDATORS",
    "Activity",
    "AgendaItem",
    "Agreement",
    "ChecklistItem",
    "ChecklistTemplateItem",
    "Commitment",
    "CommitmentQuerySet",
    "CommitmentStatus",
    "CommitmentUpdate",
    "Dialogue",
    "DialogueMembership",
    "DialogueQuerySet",
    "Engagement",
    "Interaction",
    "Invitation",
    "InvitationQuerySet",
    "Label",
    "Meeting",
    "MeetingFeedback",
    "MeetingReply",
    "NotificationChoice",
    "NotificationPreference",
    "Organisation",
    "OutboundMessage",
    "OrganisationMembership",
    "OrganisationQuerySet",
    "OrganisationRole",
    "OverdueDigest",
    "ParticipationLevel",
    "Quadrant",
    "ReadinessCheck",
    "Role",
    "Sector",
    "Stage",
    "StageTransition",
    "Stakeholder",
    "StakeholderLink",
    "StakeholderStatus",
    "Stance",
    "TimeStamped",
    "hash_token",
    "new_link_token",
    "new_token",
    "timezone_names",
    "validate_timezone",
]
