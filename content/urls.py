from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("", views.home, name="home"),
    path("toolkit/", views.toolkit_index, name="toolkit"),
    path("toolkit/resources/", views.resources, name="resources"),
]
