from django.urls import path

from .views import (
    checklists,
    commitment_holders,
    commitments,
    dialogues,
    documents,
    interactions,
    meeting_invitations,
    meetings,
    notifications,
    organisations,
    outreach,
    portability,
    readiness,
    stakeholder_spreadsheets,
    stakeholders,
)

app_name = "dialogues"

urlpatterns = [
    path("", dialogues.home, name="home"),
    path("my-work/", dialogues.my_work, name="my-work"),
    path(
        "notifications/",
        notifications.notification_settings_view,
        name="notification-settings",
    ),
    path(
        "notifications/<int:pk>/",
        notifications.NotificationSettingsUpdateView.as_view(),
        name="notification-settings-update",
    ),
    path(
        "notifications/change/<str:token>/",
        notifications.notification_change,
        name="notification-change",
    ),
    path("deleted/", dialogues.deleted_list, name="deleted-list"),
    path("organisations/new/", organisations.organisation_create, name="organisation-create"),
    path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation-detail"),
    path(
        "organisations/<int:pk>/edit/",
        organisations.organisation_update,
        name="organisation-update",
    ),
    path(
        "organisations/<int:pk>/invite/",
        organisations.organisation_invite,
        name="organisation-invite",
    ),
    path(
        "organisations/<int:pk>/members/<int:member_pk>/",
        organisations.organisation_member_update,
        name="organisation-member-update",
    ),
    path(
        "organisations/<int:organisation_pk>/new-dialogue/",
        dialogues.dialogue_create,
        name="dialogue-create",
    ),
    path("invitations/<slug:token>/", organisations.invitation_accept, name="invitation-accept"),
    path("<int:dialogue_pk>/", dialogues.DialogueDetailView.as_view(), name="dialogue-detail"),
    path("<int:dialogue_pk>/edit/", dialogues.DialogueUpdateView.as_view(), name="dialogue-update"),
    path(
        "<int:dialogue_pk>/archive/",
        dialogues.DialogueArchiveView.as_view(),
        name="dialogue-archive",
    ),
    path(
        "<int:dialogue_pk>/delete/", dialogues.DialogueDeleteView.as_view(), name="dialogue-delete"
    ),
    path(
        "<int:dialogue_pk>/restore/",
        dialogues.DialogueRestoreView.as_view(),
        name="dialogue-restore",
    ),
    path("<int:dialogue_pk>/activity/", dialogues.ActivityView.as_view(), name="activity"),
    path("<int:dialogue_pk>/members/", organisations.MembersView.as_view(), name="members"),
    path(
        "<int:dialogue_pk>/members/<int:member_pk>/",
        organisations.MemberUpdateView.as_view(),
        name="member-update",
    ),
    path(
        "<int:dialogue_pk>/invitations/<int:invitation_pk>/",
        organisations.InvitationUpdateView.as_view(),
        name="invitation-update",
    ),
    # Stakeholder register
    path(
        "<int:dialogue_pk>/stakeholders/",
        stakeholders.StakeholderListView.as_view(),
        name="stakeholder-list",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/grid/",
        stakeholders.StakeholderGridView.as_view(),
        name="stakeholder-grid",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/new/",
        stakeholders.StakeholderCreateView.as_view(),
        name="stakeholder-create",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/export/",
        stakeholder_spreadsheets.StakeholderExportView.as_view(),
        name="stakeholder-export",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/import/",
        stakeholder_spreadsheets.StakeholderImportView.as_view(),
        name="stakeholder-import",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/import/columns/",
        stakeholder_spreadsheets.StakeholderImportMapView.as_view(),
        name="stakeholder-import-map",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/import/preview/",
        stakeholder_spreadsheets.StakeholderImportPreviewView.as_view(),
        name="stakeholder-import-preview",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/<int:pk>/",
        stakeholders.StakeholderDetailView.as_view(),
        name="stakeholder-detail",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/<int:pk>/edit/",
        stakeholders.StakeholderUpdateView.as_view(),
        name="stakeholder-update",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/<int:pk>/delete/",
        stakeholders.StakeholderDeleteView.as_view(),
        name="stakeholder-delete",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/<int:pk>/log/new/",
        interactions.InteractionCreateView.as_view(),
        name="interaction-create",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/<int:pk>/log/<int:interaction_pk>/edit/",
        interactions.InteractionUpdateView.as_view(),
        name="interaction-update",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/<int:pk>/log/<int:interaction_pk>/delete/",
        interactions.InteractionDeleteView.as_view(),
        name="interaction-delete",
    ),
    path(
        "<int:dialogue_pk>/settings/",
        dialogues.DialogueSettingsView.as_view(),
        name="dialogue-settings",
    ),
]

# Stages and checklists, meetings and calendars, commitments, the printable plan.
urlpatterns += [
    path("<int:dialogue_pk>/checklist/", checklists.ChecklistView.as_view(), name="checklist"),
    path(
        "<int:dialogue_pk>/checklist/stage/", dialogues.StageMoveView.as_view(), name="stage-move"
    ),
    path(
        "<int:dialogue_pk>/checklist/<int:pk>/edit/",
        checklists.ChecklistItemUpdateView.as_view(),
        name="checklist-item-update",
    ),
    path(
        "<int:dialogue_pk>/checklist/<int:pk>/done/",
        checklists.ChecklistItemDoneView.as_view(),
        name="checklist-item-done",
    ),
    path(
        "<int:dialogue_pk>/checklist/<int:pk>/move/",
        checklists.ChecklistItemMoveView.as_view(),
        name="checklist-item-move",
    ),
    path(
        "<int:dialogue_pk>/checklist/<int:pk>/delete/",
        checklists.ChecklistItemDeleteView.as_view(),
        name="checklist-item-delete",
    ),
    path("<int:dialogue_pk>/meetings/", meetings.MeetingListView.as_view(), name="meeting-list"),
    path(
        "<int:dialogue_pk>/meetings/new/",
        meetings.MeetingCreateView.as_view(),
        name="meeting-create",
    ),
    path(
        "<int:dialogue_pk>/meetings/<int:pk>/",
        meetings.MeetingDetailView.as_view(),
        name="meeting-detail",
    ),
    path(
        "<int:dialogue_pk>/meetings/<int:pk>/edit/",
        meetings.MeetingUpdateView.as_view(),
        name="meeting-update",
    ),
    path(
        "<int:dialogue_pk>/meetings/<int:pk>/delete/",
        meetings.MeetingDeleteView.as_view(),
        name="meeting-delete",
    ),
    path(
        "<int:dialogue_pk>/meetings/<int:pk>/meeting.ics",
        meetings.MeetingIcsView.as_view(),
        name="meeting-ics",
    ),
    path(
        "<int:dialogue_pk>/calendar/<str:token>.ics",
        meetings.calendar_feed,
        name="calendar-feed",
    ),
    path(
        "<int:dialogue_pk>/calendar/new-address/",
        meetings.CalendarTokenRegenerateView.as_view(),
        name="calendar-regenerate",
    ),
    path(
        "<int:dialogue_pk>/commitments/",
        commitments.CommitmentListView.as_view(),
        name="commitment-list",
    ),
    path(
        "<int:dialogue_pk>/commitments/new/",
        commitments.CommitmentCreateView.as_view(),
        name="commitment-create",
    ),
    path(
        "<int:dialogue_pk>/commitments/export.csv",
        commitments.CommitmentExportView.as_view(file_format="csv"),
        name="commitment-export-csv",
    ),
    path(
        "<int:dialogue_pk>/commitments/export.xlsx",
        commitments.CommitmentExportView.as_view(file_format="xlsx"),
        name="commitment-export-xlsx",
    ),
    path(
        "<int:dialogue_pk>/commitments/<int:pk>/",
        commitments.CommitmentDetailView.as_view(),
        name="commitment-detail",
    ),
    path(
        "<int:dialogue_pk>/commitments/<int:pk>/edit/",
        commitments.CommitmentUpdateView.as_view(),
        name="commitment-update",
    ),
    path(
        "<int:dialogue_pk>/commitments/<int:pk>/delete/",
        commitments.CommitmentDeleteView.as_view(),
        name="commitment-delete",
    ),
    path("<int:dialogue_pk>/plan/", dialogues.PlanPrintView.as_view(), name="plan-print"),
    path(
        "<int:dialogue_pk>/documents/", documents.DocumentListView.as_view(), name="document-list"
    ),
    path(
        "<int:dialogue_pk>/readiness/",
        readiness.ReadinessHistoryView.as_view(),
        name="readiness",
    ),
    path("readiness/save/", readiness.readiness_save, name="readiness-save"),
    path(
        "<int:dialogue_pk>/documents/<slug:kind>/",
        documents.DocumentDownloadView.as_view(),
        name="document-download",
    ),
]

# Personal data: the whole dialogue as a file, importing one, erasing one stakeholder.
urlpatterns += [
    path(
        "<int:dialogue_pk>/export.json",
        portability.DialogueExportJsonView.as_view(),
        name="dialogue-export-json",
    ),
    path(
        "organisations/<int:organisation_pk>/import/",
        portability.dialogue_import_json,
        name="dialogue-import-json",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/<int:pk>/erase/",
        portability.StakeholderEraseView.as_view(),
        name="stakeholder-erase",
    ),
]

# Links sent to stakeholders: their pages need no account; the team revokes them.
urlpatterns += [
    path("link/<str:token>/", outreach.stakeholder_link, name="stakeholder-link"),
    path(
        "<int:dialogue_pk>/meetings/<int:pk>/attendance/",
        meetings.MeetingAttendanceView.as_view(),
        name="meeting-attendance",
    ),
    path(
        "<int:dialogue_pk>/commitments/<int:pk>/ask-holder/",
        commitment_holders.CommitmentConfirmationRequestView.as_view(),
        name="commitment-ask-holder",
    ),
    path(
        "<int:dialogue_pk>/meetings/<int:pk>/feedback/",
        meeting_invitations.MeetingFeedbackRequestView.as_view(),
        name="meeting-feedback-request",
    ),
    path(
        "<int:dialogue_pk>/meetings/<int:pk>/invite/",
        meeting_invitations.MeetingInviteView.as_view(),
        name="meeting-invite",
    ),
    path(
        "<int:dialogue_pk>/stakeholders/<int:stakeholder_pk>/links/<int:pk>/revoke/",
        outreach.StakeholderLinkRevokeView.as_view(),
        name="stakeholder-link-revoke",
    ),
]
