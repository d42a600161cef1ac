from django.shortcuts import render


def home(request):
    return render(request, "content/home.html")


def toolkit_index(request):
    return render(request, "content/toolkit_index.html")


def resources(request):
    return render(request, "content/resources.html")
