from django.urls import path

from . import documents, offline, readiness, views

app_name = "content"

urlpatterns = [
    path("", views.home, name="home"),
    path("manifest.webmanifest", offline.web_manifest, name="web-manifest"),
    path("toolkit/", views.toolkit_index, name="toolkit"),
    path("toolkit/about/", views.about, name="about"),
    path("toolkit/offline/", offline.offline, name="offline"),
    path("toolkit/offline.json", offline.offline_pack, name="offline-pack"),
    path("toolkit/search/", views.search, name="search"),
    path("toolkit/references/", views.resources, name="resources"),
    path("toolkit/print/", views.toolkit_print, name="toolkit-print"),
    path("toolkit/download/", views.download, name="download"),
    path("toolkit/download/dialogue-toolkit.<str:kind>", views.download_book, name="book"),
    path("toolkit/self-check/", readiness.self_check, name="self-check"),
    path("toolkit/templates/", documents.template_list, name="template-list"),
    path(
        "toolkit/templates/<slug:kind>.<slug:language>.docx",
        documents.template_download,
        name="template-download",
    ),
    path("toolkit/tools/", views.tool_list, name="tool-list"),
    path("toolkit/tools/<slug:slug>/", views.tool_detail, name="tool"),
    path("toolkit/<slug:part>/", views.part_detail, name="part"),
    path("toolkit/<slug:part>/print/", views.part_print, name="part-print"),
    path("toolkit/<slug:part>/<slug:slug>/", views.chapter_detail, name="chapter"),
]
