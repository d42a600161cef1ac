"""Cache keys hold the code's release: nothing kept before a deployment is served after it."""

import shutil

import pytest
from django.core.cache import cache

from toolkit_site import release as releases


@pytest.fixture
def source_tree(tmp_path):
    root = tmp_path / "one"
    (root / "app" / "templates").mkdir(parents=True)
    (root / "app" / "views.py").write_text("def page(): ...\n")
    (root / "app" / "templates" / "page.html").write_text("<h1>{{ title }}</h1>\n")
    (root / "tests").mkdir()
    (root / "tests" / "test_page.py").write_text("def test(): ...\n")
    return root


@pytest.fixture
def named_release(monkeypatch):
    """Run as the release named ``name`` (RELEASE), then as the process was."""

    def _as(name):
        monkeypatch.setenv("RELEASE", name)
        releases.release.cache_clear()

    yield _as
    monkeypatch.undo()
    releases.release.cache_clear()


def test_the_same_sources_make_the_same_release_and_a_changed_template_a_new_one(
    source_tree, tmp_path
):
    copy = tmp_path / "two"
    shutil.copytree(source_tree, copy)
    assert releases.fingerprint(copy) == releases.fingerprint(source_tree)  # servers share
    (copy / "tests" / "test_page.py").write_text("def test(): assert True\n")
    (copy / "notes.md").write_text("not code\n")
    assert releases.fingerprint(copy) == releases.fingerprint(source_tree)
    (copy / "app" / "templates" / "page.html").write_text("<h2>{{ title }}</h2>\n")
    assert releases.fingerprint(copy) != releases.fingerprint(source_tree)


def test_release_names_the_release(named_release):
    named_release("2026-12-04.1")
    assert releases.release() == "2026-12-04.1"
    assert "2026-12-04.1" in cache.make_key("page")


def test_what_a_release_kept_is_not_read_by_the_next(named_release):
    named_release("before")
    cache.set("template.cache.plan-stakeholders.abc", "<table>old layout</table>", 600)
    assert cache.get("template.cache.plan-stakeholders.abc") == "<table>old layout</table>"
    named_release("after")
    assert cache.get("template.cache.plan-stakeholders.abc") is None
    named_release("before")
    assert cache.get("template.cache.plan-stakeholders.abc") == "<table>old layout</table>"
    cache.delete("template.cache.plan-stakeholders.abc")


def test_without_release_the_running_code_is_hashed(named_release, settings):
    named_release("")
    assert releases.release() == releases.fingerprint(settings.BASE_DIR)
