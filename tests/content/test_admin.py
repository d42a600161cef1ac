"""Content admins: four languages per item, the history of each item, translation status."""

import re

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from content.models import Chapter, ContentRevision, Part, Resource, Tool
from content.selectors import item_revisions

from .factories import ChapterFactory, PartFactory, ResourceFactory, ToolFactory
from .html_helpers import text_of

pytestmark = pytest.mark.django_db
STATUS_URL = "/en/admin/content/part/translation-status/"


def translated_chapter(**overrides):
    """A chapter with text in all four languages, each last changed at the same moment."""
    now = timezone.now().isoformat()
    values = {
        "slug": "convenor",
        "title_en": "The convenor",
        "title_fr": "L'organisateur du dialogue",
        "title_es": "La entidad convocante",
        "title_ar": "الجهة الداعية",
        "summary_en": "Role.",
        "summary_fr": "Rôle.",
        "summary_es": "Rol.",
        "summary_ar": "الدور.",
        "body_en": "English body.",
        "body_fr": "Texte français.",
        "body_es": "Texto español.",
        "body_ar": "نص عربي.",
        "translation_updated": dict.fromkeys(("en", "fr", "es", "ar"), now),
    }
    values.update(overrides)
    return ChapterFactory(**values)


def form_data(item, **changes):
    """What the admin's change form posts for `item`, with some fields changed."""
    data = {}
    for name, value in model_to_dict(item).items():
        if value is None:
            value = ""
        elif isinstance(value, list):
            value = [getattr(related, "pk", related) for related in value]
        elif hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, bool):
            value = "on" if value else ""
        data[name] = value
    data.update(changes)
    return {name: value for name, value in data.items() if value != ""}


def status_rows(client, query=""):
    html = client.get(STATUS_URL + query).content.decode()
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        name = text_of(re.search(r"<th.*?</th>", row, re.S).group(0))
        cells = dict(re.findall(r'data-language="(\w+)">([^<]+)</td>', row))
        if cells:
            rows[name] = cells
    return rows


def test_translation_status_shows_missing_and_stale_languages(staff_client):
    translated_chapter()
    stamps = {"en": "2026-03-02T10:00:00+00:00", "fr": "2026-03-01T10:00:00+00:00"}
    stamps |= {"es": "2026-03-03T10:00:00+00:00", "ar": "2026-03-03T10:00:00+00:00"}
    translated_chapter(slug="stale", title_en="Stale one", translation_updated=stamps)
    ChapterFactory(slug="english-only", title_en="English only")
    rows = status_rows(staff_client)
    assert rows["The convenor"] == {"fr": "translated", "es": "translated", "ar": "translated"}
    assert rows["Stale one"] == {"fr": "stale", "es": "translated", "ar": "translated"}
    assert rows["English only"] == {"fr": "missing", "es": "missing", "ar": "missing"}


def test_translation_status_filters_by_missing_language_and_kind(staff_client):
    translated_chapter()
    ChapterFactory(slug="no-arabic", title_en="No Arabic", title_fr="Pas d'arabe", body_fr="x")
    ToolFactory(title_en="Tool without Arabic")
    ResourceFactory(title="A resource", description_en="About it.")
    missing_ar = status_rows(staff_client, "?missing=ar")
    assert set(missing_ar) >= {"No Arabic", "Tool without Arabic", "A resource"}
    assert "The convenor" not in missing_ar
    only_tools = status_rows(staff_client, "?missing=ar&kind=tool")
    assert list(only_tools) == ["Tool without Arabic"]


def test_translation_status_is_for_staff_only(client, member_client):
    assert client.get(STATUS_URL).status_code == 302
    assert member_client.get(STATUS_URL).status_code == 302


def test_staff_without_toolkit_rights_see_no_status_and_no_revisions(client):
    from .factories import UserFactory

    chapter = translated_chapter()
    client.force_login(UserFactory(is_staff=True))  # staff, but no permission on the toolkit
    assert client.get(STATUS_URL).status_code == 403
    revisions = client.get(f"/en/admin/content/chapter/{chapter.pk}/revisions/")
    assert revisions.status_code == 403
    assert chapter.title_en not in revisions.content.decode()


def test_admin_edit_is_recorded_and_makes_translations_stale(staff_client, staff):
    chapter = translated_chapter()
    url = f"/en/admin/content/chapter/{chapter.pk}/change/"
    response = staff_client.post(url, form_data(chapter, body_en="New English body."))
    assert response.status_code == 302, response.content.decode()[:3000]

    revision = item_revisions(chapter).get()
    assert revision.source == "admin"
    assert revision.user == staff
    assert revision.changes == {"body_en": {"old": "English body.", "new": "New English body."}}
    assert status_rows(staff_client)["The convenor"] == {
        "fr": "stale",
        "es": "stale",
        "ar": "stale",
    }

    chapter.refresh_from_db()
    staff_client.post(url, form_data(chapter, body_fr="Nouveau texte français."))
    assert status_rows(staff_client)["The convenor"]["fr"] == "translated"
    assert item_revisions(chapter).count() == 2


def test_admin_edit_is_found_by_search_at_once(staff_client, on_postgres):
    from content.search import search_toolkit

    chapter = translated_chapter()
    url = f"/en/admin/content/chapter/{chapter.pk}/change/"
    staff_client.post(url, form_data(chapter, body_fr="Une médiatrice ouvre la séance."))
    outcome = search_toolkit("médiatrice", user=None, language="fr")
    assert [result.url for result in outcome.results] == [chapter.get_absolute_url()]
    assert search_toolkit("Texte", user=None, language="fr").results == []


def test_saving_without_changes_records_nothing(staff_client):
    chapter = translated_chapter()
    staff_client.post(f"/en/admin/content/chapter/{chapter.pk}/change/", form_data(chapter))
    assert not ContentRevision.objects.exists()


def test_revision_list_shows_who_changed_what(staff_client, staff):
    chapter = translated_chapter()
    change_url = f"/en/admin/content/chapter/{chapter.pk}/change/"
    staff_client.post(change_url, form_data(chapter, title_es="Quién convoca"))
    revisions_url = f"/en/admin/content/chapter/{chapter.pk}/revisions/"
    assert f'href="{revisions_url}"' in staff_client.get(change_url).content.decode()
    page = text_of(staff_client.get(revisions_url).content.decode())
    assert staff.username in page
    assert "title_es" in page
    assert "La entidad convocante → Quién convoca" in page


def test_inline_chapter_edits_in_a_part_are_recorded(staff_client):
    part = PartFactory(slug="ready", title_en="Ready!")
    chapter = ChapterFactory(part=part, slug="why", title_en="Why", order=1)
    data = form_data(part)
    data.update(
        {
            "chapters-TOTAL_FORMS": "1",
            "chapters-INITIAL_FORMS": "1",
            "chapters-MIN_NUM_FORMS": "0",
            "chapters-MAX_NUM_FORMS": "1000",
            "chapters-0-id": chapter.pk,
            "chapters-0-part": part.pk,
            "chapters-0-order": "1",
            "chapters-0-title_en": "Why",
            "chapters-0-title_fr": "Pourquoi",
            "chapters-0-slug": "why",
            "chapters-0-published": "on",
        }
    )
    response = staff_client.post(f"/en/admin/content/part/{part.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    revision = item_revisions(chapter).get()
    assert revision.changes == {"title_fr": {"old": "", "new": "Pourquoi"}}
    chapter.refresh_from_db()
    assert "fr" in chapter.translation_updated


def test_reordering_in_the_list_is_recorded(staff_client):
    first = ToolFactory(order=1)
    second = ToolFactory(order=2)
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": first.pk,
        "form-0-order": "2",
        "form-0-published": "on",
        "form-1-id": second.pk,
        "form-1-order": "1",
        "form-1-published": "on",
        "_save": "Save",
    }
    response = staff_client.post("/en/admin/content/tool/", data)
    assert response.status_code == 302
    assert list(Tool.objects.order_by("order")) == [second, first]
    revision = item_revisions(first).get()
    assert revision.changes == {"order": {"old": 1, "new": 2}}


@pytest.mark.parametrize("model", [Part, Chapter, Tool, Resource])
def test_admin_pages_open_with_language_tabs_without_outside_scripts(staff_client, model):
    item = {
        Part: PartFactory,
        Chapter: ChapterFactory,
        Tool: ToolFactory,
        Resource: ResourceFactory,
    }[model]()
    name = model._meta.model_name
    changelist = staff_client.get(f"/en/admin/content/{name}/").content.decode()
    assert 'href="/en/admin/content/part/translation-status/"' in changelist
    change = staff_client.get(f"/en/admin/content/{name}/{item.pk}/change/")
    assert change.status_code == 200
    html = change.content.decode()
    # Arabic is typed right to left, the other languages left to right.
    assert re.search(r'<textarea[^>]*lang="ar"[^>]*dir="rtl"', html)
    assert re.search(r'<textarea[^>]*lang="fr"[^>]*dir="ltr"', html)
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert not [src for src in scripts if not src.startswith("/")], "only our own scripts"
    order = ["jquery.min.js", "content/admin/tabs.js", "tabbed_translation_fields.js"]
    positions = [next(i for i, src in enumerate(scripts) if src.endswith(n)) for n in order]
    assert positions == sorted(positions)
    assert "View on site" in html


def test_app_index_links_to_translation_status(staff_client):
    html = staff_client.get("/en/admin/content/").content.decode()
    assert f'href="{STATUS_URL}?missing=ar"' in html


def test_reserved_part_slug_is_refused(staff_client):
    data = {"title_en": "Tools", "slug": "tools", "order": "1", "chapters-TOTAL_FORMS": "0"}
    data |= {"chapters-INITIAL_FORMS": "0", "chapters-MIN_NUM_FORMS": "0"}
    data |= {"chapters-MAX_NUM_FORMS": "1000"}
    response = staff_client.post("/en/admin/content/part/add/", data)
    assert response.status_code == 200
    assert "This address is used by the toolkit itself" in response.content.decode()
    assert not Part.objects.exists()
