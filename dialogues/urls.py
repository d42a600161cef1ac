from django.urls import path

from .views import people, workspace

app_name = "dialogues"

urlpatterns = [
    path("", workspace.home, name="home"),
    path("deleted/", workspace.deleted_list, name="deleted-list"),
    path("organisations/new/", people.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", people.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", people.organisation_update, name="organisation-update"),
    path("organisations/<int:pk>/invite/", people.organisation_invite, name="organisation-invite"),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/",
        people.organisation_member_update,
        name="organisation-member-update",
    ),
    path(
        "organisations/<int:organisation_pk>/new-dialogue/",
        workspace.dialogue_create,
        name="dialogue-create",
    ),
    path("invitations/<str:token>/", people.invitation_accept, name="invitation-accept"),
    path("<int:dialogue_pk>/", workspace.DialogueDetailView.as_view(), name="dialogue-detail"),
    path("<int:dialogue_pk>/edit/", workspace.DialogueUpdateView.as_view(), name="dialogue-update"),
    path(
        "<int:dialogue_pk>/archive/",
        workspace.DialogueArchiveView.as_view(),
        name="dialogue-archive",
    ),
    path(
        "<int:dialogue_pk>/delete/", workspace.DialogueDeleteView.as_view(), name="dialogue-delete"
    ),
    path("<int:dialogue_pk>/restore/", workspace.dialogue_restore, name="dialogue-restore"),
    path("<int:dialogue_pk>/activity/", workspace.ActivityView.as_view(), name="activity"),
    path("<int:dialogue_pk>/members/", people.MembersView.as_view(), name="members"),
    path(
        "<int:dialogue_pk>/members/<int:member_pk>/",
        people.MemberUpdateView.as_view(),
        name="member-update",
    ),
    path(
        "<int:dialogue_pk>/invitations/<int:invitation_pk>/",
        people.InvitationUpdateView.as_view(),
        name="invitation-update",
    ),
]
