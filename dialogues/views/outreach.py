"""Pages opened by a link sent to a stakeholder (no account, no login), and the team's revoking
of such links."""

from allauth.decorators import rate_limit
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..models import StakeholderLink
from ..selectors.outreach import link_by_token
from ..services import outreach as outreach_services
from . import commitment_holders, meeting_invitations
from .link_pages import link_render
from .workspace import DialogueMixin


def unsubscribe(request, link):
    """GET asks, POST clears the consent to be contacted."""
    stakeholder = link.stakeholder
    done = False
    if request.method == "POST":
        outreach_services.stakeholder_unsubscribe(link=link)
        done = True
    return link_render(
        request,
        "dialogues/link_unsubscribe.html",
        {"link": link, "stakeholder": stakeholder, "done": done},
    )


# What each purpose of link opens.
LINK_PAGES = {
    StakeholderLink.Purpose.UNSUBSCRIBE: unsubscribe,
    StakeholderLink.Purpose.MEETING_REPLY: meeting_invitations.meeting_reply,
    StakeholderLink.Purpose.FEEDBACK: meeting_invitations.meeting_feedback,
    StakeholderLink.Purpose.COMMITMENT: commitment_holders.commitment_page,
}


# The secret token in the address does what a CSRF token would (a forger cannot know it), and
# the holder needs no cookie at all.
@csrf_exempt
@rate_limit(action="stakeholder_link", limit_get=True)
@require_http_methods(["GET", "POST"])
def stakeholder_link(request, token):
    """The one page a stakeholder's link opens; an unknown, expired or revoked link says so,
    and so does one of an archived dialogue (`link_by_token`)."""
    link = link_by_token(token)
    page = LINK_PAGES.get(link.purpose) if link is not None else None
    if page is None or not link.is_active:
        return link_render(request, "dialogues/link_invalid.html", {}, status=404)
    return page(request, link)


class StakeholderLinkRevokeView(DialogueMixin, View):
    """Close one of a stakeholder's links (POST only)."""

    permission_required = "dialogues.manage_stakeholder_links"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        link = get_object_or_404(
            StakeholderLink.objects.select_related("stakeholder"),
            stakeholder__dialogue=self.dialogue,
            stakeholder_id=kwargs["stakeholder_pk"],
            pk=kwargs["pk"],
        )
        outreach_services.stakeholder_link_revoke(link=link, user=request.user)
        messages.success(request, _("The link no longer works."))
        return redirect(link.stakeholder.get_absolute_url() + "#links-heading")
