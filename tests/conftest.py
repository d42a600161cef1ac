import gc
import os
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import translation
from hypothesis import settings as hypothesis_settings

# Property-based tests draw the same examples on every run and on every machine, so a failure
# is reproducible and a pass is not luck; the database of past failures is not used, so
# parallel workers share no state.
hypothesis_settings.register_profile(
    "tests", derandomize=True, database=None, deadline=None, max_examples=25
)
hypothesis_settings.load_profile("tests")

# The suite makes many short-lived objects (requests, rendered templates, model instances, the
# live servers' pages). With Python's default thresholds a cyclic collection runs every 700
# allocations; measured on the dialogue and security tests, collecting a seventieth as often
# cut the test processes' CPU time by 10 to 20 %. The cycles are still collected, only later.
gc.set_threshold(50_000, 20, 20)


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English, whatever the previous one activated."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: kept pages and parts of pages belong to the data
    of the test that rendered them (and a database rolled back can hand out the same keys)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def on_postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture(scope="session")
def _seed(django_db_setup, django_db_blocker):
    """The toolkit, the checklists and the demo dialogue, built once per test process."""
    from tests.seed import seed_build

    with django_db_blocker.unblock():
        return seed_build()


@pytest.fixture
def toolkit(_seed, db):
    """The real toolkit text and the default checklists, as ``load_toolkit`` and
    ``load_checklists`` leave them (loaded once per process, inserted again per test)."""
    _seed.restore_toolkit()


@pytest.fixture
def demo(_seed, db):
    """The toolkit and one organisation's dialogue with a person in each role and something on
    every page (see ``tests.seed.Demo``)."""
    return _seed.restore_demo()


def pytest_addoption(parser):
    """`make screenshots` passes --screenshots; the normal suite skips screenshot generation."""
    parser.addoption(
        "--screenshots",
        action="store_true",
        default=False,
        help="Write full-page screenshots of the main pages into var/screenshots/.",
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Browser tests first: they are the longest, so parallel workers start them early and
    finish together, rather than one worker running the last long test alone."""
    items.sort(key=lambda item: "browser" not in Path(item.fspath).parent.parts)
    _keep_xdist_groups_together(config, items)


def _keep_xdist_groups_together(config, items):
    """`--dist loadgroup` sends the tests of one `xdist_group` to one worker by reading the
    group from the end of their ids. pytest-xdist 3.8 writes it where pytest 8 kept the id;
    pytest 9 keeps it elsewhere, so the group is written there too."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import NodeId

    for item in items:
        groups = sorted(
            str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
            for mark in item.iter_markers("xdist_group")
        )
        if groups and "@" not in item.nodeid and hasattr(item, "_id"):
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(groups)}")


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, config):
    """Under `make test`, the wall time of the whole run: lint, checks and the suite."""
    started = os.environ.get("MAKE_TEST_STARTED")
    if not started or hasattr(config, "workerinput"):
        return
    workers = getattr(config.option, "numprocesses", None) or 1
    terminalreporter.write_sep(
        "=", f"make test took {time.time() - float(started):.0f} s of wall time ({workers} workers)"
    )


@pytest.fixture(autouse=True, scope="session")
def _books_in_a_scratch_directory(tmp_path_factory):
    """Downloadable books built by the tests go to a directory of the session."""
    from django.conf import settings

    settings.TOOLKIT_BOOKS_DIR = tmp_path_factory.mktemp("books")
