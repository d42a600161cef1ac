"""The readiness self-check of Part 1, open to everyone: a plain form sent with GET, so it
works without an account and without JavaScript, and a result page that says what to read."""

from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from accounts.two_factor import session_used_two_factor
from dialogues.forms.readiness import ReadinessForm
from dialogues.readiness import QUESTIONS, Result, evaluate, to_read
from dialogues.selectors.readiness import dialogues_to_save_into, reading_links

from .views import PUBLIC_MAX_AGE

STATUS_INVALID = 400


@require_safe
def self_check(request):
    submitted = any(key in request.GET for key in QUESTIONS)
    form = ReadinessForm(request.GET if submitted else None)
    context = {"form": form, "Result": Result}
    status = 200
    if submitted and form.is_valid():
        overall, sections = evaluate(form.cleaned_data)
        chapters, tools = reading_links(request.user, *to_read(sections))
        context.update(
            overall=overall,
            overall_label=Result(overall).label,
            sections=sections,
            chapters=chapters,
            tools=tools,
            dialogues=dialogues_to_save_into(
                request.user, two_factor=session_used_two_factor(request)
            ),
        )
    elif submitted:
        status = STATUS_INVALID
    response = render(request, "content/self_check.html", context, status=status)
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response
