from django.urls import path

from . import views

app_name = "dialogues"

urlpatterns = [
    path("", views.home, name="home"),
]
