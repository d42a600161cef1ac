"""Who may do what, declared once. Views and querysets both follow these rules.

Roles in a dialogue, from least to most: viewer, facilitator, owner. Organisation admins are
owners of their organisation's dialogues; other organisation members are viewers unless given
more. Site staff get no implicit access to workspaces: stakeholder lists can endanger people.
"""

import itertools

import rules
from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save
from django.utils.functional import LazyObject, empty

from .models import DialogueMembership, OrganisationMembership, OrganisationRole, Role

_membership_writes = itertools.count(1)
_memberships_written = 0


def _membership_written(**kwargs):
    """Any membership row saved or deleted moves this number, and every role memo taken under
    an older one is dropped: roles never outlive a membership change, and writers need not know."""
    global _memberships_written
    _memberships_written = next(_membership_writes)  # next() on a count is atomic


for _model in (DialogueMembership, OrganisationMembership):
    post_save.connect(_membership_written, sender=_model, dispatch_uid=f"rules-{_model.__name__}")
    post_delete.connect(_membership_written, sender=_model, dispatch_uid=f"rules-{_model.__name__}")


def _memo(user, name):
    """A per-request dict kept on the user object itself, also when given `request.user`
    (a lazy proxy with a dict of its own), forgotten after any membership write."""
    if isinstance(user, LazyObject) and user._wrapped is not empty:
        user = user._wrapped
    memo = user.__dict__.get(name)
    if memo is None or memo["written"] != _memberships_written:
        memo = user.__dict__[name] = {"written": _memberships_written, "roles": {}}
    return memo["roles"]


def organisation_role(user, organisation):
    if not user.is_authenticated or not user.is_active or organisation is None:
        return None
    cache = _memo(user, "_organisation_roles")
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            OrganisationMembership.objects.filter(organisation=organisation, user=user)
            .values_list("role", flat=True)
            .first()
        )
    return cache[organisation.pk]


def can(user, permission, obj=None):
    """Whether the rule ``permission`` allows ``user`` to act on ``obj``: asked of the rules
    alone. ``user.has_perm`` would answer yes to any active superuser before a rule is asked;
    workspace rights come from membership and role only, for every kind of account."""
    return rules.has_perm(permission, user, obj)


def dialogue_role(user, dialogue):
    """The user's effective role in the dialogue, or None (also in a deleted dialogue)."""
    if dialogue is not None and dialogue.deleted_at is not None:
        return None
    return _stored_role(user, dialogue)


def _effective_role(explicit, organisation_role):
    """The higher of the dialogue role given and the one the organisation role gives."""
    derived = {
        OrganisationRole.ADMIN: Role.OWNER,
        OrganisationRole.MEMBER: Role.VIEWER,
        None: None,
    }[organisation_role]
    return max(explicit, derived, key=Role.rank)


def _stored_role(user, dialogue):
    """The role the memberships give, whether or not the dialogue is deleted. An account
    switched off (inactive) keeps its memberships but gets no role from them."""
    if not user.is_authenticated or not user.is_active or dialogue is None:
        return None
    cache = _memo(user, "_dialogue_roles")
    if dialogue.pk not in cache:
        explicit = (
            DialogueMembership.objects.filter(dialogue=dialogue, user=user)
            .values_list("role", flat=True)
            .first()
        )
        cache[dialogue.pk] = _effective_role(
            explicit, organisation_role(user, dialogue.organisation)
        )
    return cache[dialogue.pk]


def with_roles(dialogues, user):
    """``dialogues``, each with the user's roles read in the same query (its membership's and
    its organisation's), which ``roles_read`` then keeps for the rules to use."""
    if not user.is_authenticated:
        return dialogues
    return dialogues.annotate(
        reader_member_role=Subquery(
            DialogueMembership.objects.filter(dialogue=OuterRef("pk"), user=user).values("role")[:1]
        ),
        reader_organisation_role=Subquery(
            OrganisationMembership.objects.filter(
                organisation=OuterRef("organisation"), user=user
            ).values("role")[:1]
        ),
    )


def roles_read(user, dialogue):
    """Keep, for the rest of the request, the roles ``with_roles`` read with ``dialogue``: the
    rules then ask no query for them. Forgotten, as every role kept, after a membership write."""
    if not hasattr(dialogue, "reader_member_role"):
        return
    if not user.is_authenticated or not user.is_active:
        return
    organisation_roles = _memo(user, "_organisation_roles")
    organisation_roles.setdefault(dialogue.organisation_id, dialogue.reader_organisation_role)
    _memo(user, "_dialogue_roles").setdefault(
        dialogue.pk,
        _effective_role(dialogue.reader_member_role, organisation_roles[dialogue.organisation_id]),
    )


@rules.predicate
def is_org_member(user, organisation):
    return organisation_role(user, organisation) is not None


@rules.predicate
def is_org_admin(user, organisation):
    return organisation_role(user, organisation) == OrganisationRole.ADMIN


@rules.predicate
def is_viewer(user, dialogue):
    return Role.rank(dialogue_role(user, dialogue)) >= Role.rank(Role.VIEWER)


@rules.predicate
def is_facilitator(user, dialogue):
    return Role.rank(dialogue_role(user, dialogue)) >= Role.rank(Role.FACILITATOR)


@rules.predicate
def is_owner(user, dialogue):
    return dialogue_role(user, dialogue) == Role.OWNER


@rules.predicate
def is_archived(user, dialogue):
    return dialogue is not None and dialogue.archived_at is not None


@rules.predicate
def owned_before_deletion(user, dialogue):
    return (
        dialogue is not None
        and dialogue.deleted_at is not None
        and _stored_role(user, dialogue) == Role.OWNER
    )


@rules.predicate
def contacts_shared_with_viewers(user, dialogue):
    return dialogue is not None and dialogue.show_contacts_to_viewers


rules.add_perm("dialogues.view_organisation", is_org_member)
rules.add_perm("dialogues.manage_organisation", is_org_admin)
rules.add_perm("dialogues.add_dialogue", is_org_member)

rules.add_perm("dialogues.view_dialogue", is_viewer)
# Facilitators edit everything in the workspace; an archived dialogue is read-only.
rules.add_perm("dialogues.change_dialogue", is_facilitator & ~is_archived)
rules.add_perm("dialogues.edit_workspace", is_facilitator & ~is_archived)
# Commitments are followed up by those who edit the workspace; whoever stops being one of them
# (removed, or left as a viewer) no longer follows any, also in an archived dialogue.
rules.add_perm("dialogues.follow_up_commitments", is_facilitator)
# Owners manage members, invitations, archive, deletion, export and sharing settings.
rules.add_perm("dialogues.manage_dialogue", is_owner & ~is_archived)
rules.add_perm("dialogues.archive_dialogue", is_owner)
rules.add_perm("dialogues.delete_dialogue", is_owner)
# A deleted dialogue has no members any more (no role opens it); its owners may restore it.
rules.add_perm("dialogues.restore_dialogue", owned_before_deletion)
rules.add_perm(
    "dialogues.view_contacts", is_facilitator | (is_viewer & contacts_shared_with_viewers)
)
# The secret calendar feed URL works without login: shown to facilitators, revoked by owners
# (also in an archived dialogue, where revoking access must stay possible).
rules.add_perm("dialogues.view_calendar_feed", is_facilitator)
rules.add_perm("dialogues.revoke_calendar_feed", is_owner)
# Exporting the register is reading it in another form: every member may, and contact columns
# follow view_contacts. Each export is recorded in the activity feed.
rules.add_perm("dialogues.export_stakeholders", is_viewer)
# The whole dialogue as a file (personal data included) and erasing one person's data are the
# owners' duty, also in an archived dialogue: a request to erase must be honoured anyway.
rules.add_perm("dialogues.export_dialogue", is_owner)
rules.add_perm("dialogues.erase_stakeholder", is_owner)
# Documents written from the workspace (terms of reference, invitations, minutes…): every
# member may, as with exports, and contact details in them follow view_contacts.
rules.add_perm("dialogues.download_documents", is_viewer)
# Links sent to stakeholders: facilitators send them and may close them, also in an archived
# dialogue, where closing access must stay possible.
rules.add_perm("dialogues.manage_stakeholder_links", is_facilitator)
# A readiness self-check is saved into the Ready stage by those who edit the workspace.
rules.add_perm("dialogues.save_readiness", is_facilitator & ~is_archived)
