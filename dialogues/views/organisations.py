"""Organisations, workspace members and invitations."""

from allauth.decorators import rate_limit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from ..adapter import INVITATION_SESSION_KEY
from ..forms.organisations import (
    OrganisationForm,
    RoleForm,
    dialogue_invitation_form,
    organisation_invitation_form,
)
from ..models import (
    DialogueMembership,
    OrganisationMembership,
    OrganisationRole,
    Role,
)
from ..rules import can
from ..selectors.dialogues import dialogue_memberships, dialogue_organisation_admins
from ..selectors.organisations import (
    invitation_by_token,
    organisation_dialogues,
    organisation_memberships,
    pending_invitations,
    user_emails,
)
from ..services import organisations as organisation_services
from ..services.dialogues import dialogue_member_remove, dialogue_member_set_role
from .workspace import (
    INVALID_FORM_STATUS,
    DialogueMixin,
    form_status,
    fragment_context,
    organisation_view,
)


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        organisation = organisation_services.organisation_create(
            user=request.user,
            **{k: v for k, v in form.cleaned_data.items() if k != "require_two_factor"},
        )
        messages.success(request, _("Organisation created. You are its administrator."))
        return redirect(organisation)
    return render(
        request, "dialogues/organisation_form.html", {"form": form}, status=form_status(form)
    )


# Dialogues listed on an organisation's page at a time, latest changed first.
ORGANISATION_PAGE_SIZE = 50


@organisation_view("dialogues.view_organisation")
def organisation_detail(request, organisation):
    is_admin = can(request.user, "dialogues.manage_organisation", organisation)
    page = Paginator(
        organisation_dialogues(organisation, request.user), ORGANISATION_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "dialogues/organisation_detail.html",
        {
            "organisation": organisation,
            "is_admin": is_admin,
            "memberships": organisation_memberships(organisation),
            "invitations": pending_invitations(organisation=organisation) if is_admin else [],
            "page": page,
            "invite_form": organisation_invitation_form(),
            "roles": OrganisationRole.choices,
            **fragment_context(),
        },
    )


@organisation_view("dialogues.manage_organisation")
def organisation_update(request, organisation):
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, instance=organisation
    )
    if form.is_bound and form.is_valid():
        organisation_services.organisation_update(
            organisation=organisation, fields=form.cleaned_data
        )
        messages.success(request, _("Changes saved."))
        return redirect(organisation)
    return render(
        request,
        "dialogues/organisation_form.html",
        {"form": form, "organisation": organisation},
        status=form_status(form),
    )


@organisation_view("dialogues.manage_organisation")
@require_POST
def organisation_invite(request, organisation):
    form = organisation_invitation_form(request.POST)
    if form.is_valid():
        try:
            organisation_services.invitation_create(
                inviter=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                language=get_language(),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Invitation sent."))
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    return redirect(organisation)


@organisation_view("dialogues.manage_organisation")
@require_POST
def organisation_member_update(request, organisation, member_pk):
    membership = get_object_or_404(OrganisationMembership, organisation=organisation, pk=member_pk)
    try:
        if request.POST.get("action") == "remove":
            organisation_services.organisation_member_remove(
                membership=membership, user=request.user
            )
            messages.success(request, _("Member removed."))
        else:
            form = RoleForm(request.POST, roles=OrganisationRole)
            if form.is_valid():
                organisation_services.organisation_member_set_role(
                    membership=membership, role=form.cleaned_data["role"], user=request.user
                )
                messages.success(request, _("Role changed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(organisation)


class MembersView(DialogueMixin, TemplateView):
    """Workspace members, their roles, and the pending invitations."""

    template_name = "dialogues/members.html"
    post_permission_required = "dialogues.manage_dialogue"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            memberships=dialogue_memberships(self.dialogue),
            organisation_admins=dialogue_organisation_admins(self.dialogue),
            invitations=pending_invitations(dialogue=self.dialogue)
            if context["can_manage"]
            else [],
            roles=Role.choices,
            invite_form=kwargs.get("invite_form") or dialogue_invitation_form(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = dialogue_invitation_form(request.POST)
        if form.is_valid():
            try:
                organisation_services.invitation_create(
                    inviter=request.user,
                    dialogue=self.dialogue,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    language=get_language(),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field, message)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("dialogues:members", dialogue_pk=self.dialogue.pk)
        return self.render_to_response(
            self.get_context_data(invite_form=form), status=INVALID_FORM_STATUS
        )


class MemberUpdateView(DialogueMixin, TemplateView):
    permission_required = "dialogues.manage_dialogue"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        membership = get_object_or_404(
            DialogueMembership, dialogue=self.dialogue, pk=kwargs["member_pk"]
        )
        try:
            if request.POST.get("action") == "remove":
                dialogue_member_remove(membership=membership, user=request.user)
                messages.success(request, _("Member removed."))
            else:
                form = RoleForm(request.POST, roles=Role)
                if form.is_valid():
                    dialogue_member_set_role(
                        membership=membership, role=form.cleaned_data["role"], user=request.user
                    )
                    messages.success(request, _("Role changed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("dialogues:members", dialogue_pk=self.dialogue.pk)


class InvitationUpdateView(DialogueMixin, TemplateView):
    """Resend or revoke a pending invitation."""

    permission_required = "dialogues.manage_dialogue"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        invitation = get_object_or_404(
            pending_invitations(dialogue=self.dialogue), pk=kwargs["invitation_pk"]
        )
        if request.POST.get("action") == "revoke":
            organisation_services.invitation_revoke(invitation=invitation, user=request.user)
            messages.success(request, _("Invitation revoked."))
        else:
            organisation_services.invitation_resend(invitation=invitation)
            messages.success(request, _("Invitation sent again."))
        return redirect("dialogues:members", dialogue_pk=self.dialogue.pk)


# Every visit counts, GET included: tokens must not be guessable by trying many of them.
@rate_limit(action="invitation_accept", limit_get=True)
def invitation_accept(request, token):
    """The link in the invitation email: sign up or log in, then accept."""
    invitation = invitation_by_token(token)
    context = {"invitation": invitation}
    if invitation is None or not invitation.is_pending:
        return render(request, "dialogues/invitation_invalid.html", context, status=410)
    if not request.user.is_authenticated:
        # Following the emailed link proves the address, so sign-up needs no second email.
        from allauth.account.adapter import get_adapter

        get_adapter(request).stash_verified_email(request, invitation.email)
        request.session[INVITATION_SESSION_KEY] = token
        context.update(
            signup_url=f"{reverse('account_signup')}?next={request.path}",
            login_url=f"{reverse('account_login')}?next={request.path}",
        )
        return render(request, "dialogues/invitation_accept.html", context)
    if invitation.email.lower() not in user_emails(request.user):
        return render(request, "dialogues/invitation_wrong_user.html", context, status=403)
    if request.method == "POST":
        organisation_services.invitation_accept(invitation=invitation, user=request.user)
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(
            request, _("Welcome! You have joined %(name)s.") % {"name": invitation.target}
        )
        return redirect(invitation.target)
    return render(request, "dialogues/invitation_accept.html", context)
