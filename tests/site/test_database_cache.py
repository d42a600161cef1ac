"""The database cache of production without Redis (toolkit_site.cache.DatabaseCache): values
come back as they were stored, larger ones take less room, a store is one statement, and the
table is still culled."""

import base64
import pickle

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from toolkit_site.cache import Compressed, DatabaseCache

TABLE = "test_cache_entries"


@pytest.fixture
def cache(transactional_db):
    call_command("createcachetable", TABLE, verbosity=0)
    yield DatabaseCache(TABLE, {"OPTIONS": {"MAX_ENTRIES": 50}})
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {TABLE}")


def stored_text(key):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {TABLE} WHERE cache_key LIKE %s", [f"%:{key}"])  # noqa: S608
        return cursor.fetchone()[0]


def entries():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # noqa: S608
        return cursor.fetchone()[0]


MARKUP = "".join(f'<tr><td><a href="/en/s/{n}/">Person {n}</a></td></tr>\n' for n in range(3000))


def test_values_come_back_as_they_were_stored(cache):
    values = {"page": MARKUP, "counter": 3, "version": "2026-12-05", "nothing": None}
    for key, value in values.items():
        cache.set(key, value, 300)
    assert cache.get_many(list(values)) == values
    assert cache.get("page") == MARKUP
    cache.incr("counter")
    assert cache.get("counter") == 4
    assert cache.add("page", "other") is False  # add() and touch() stay Django's
    assert cache.add("new", MARKUP) is True
    assert cache.get("new") == MARKUP
    assert cache.touch("new", 600) is True
    cache.delete("page")
    assert cache.get("page", "gone") == "gone"


def test_a_larger_value_is_stored_compressed_and_a_small_one_as_django_stores_it(cache):
    cache.set("page", MARKUP)
    cache.set("counter", 3)
    stored = pickle.loads(base64.b64decode(stored_text("page")))  # noqa: S301
    assert isinstance(stored, Compressed)
    assert len(stored_text("page")) < len(MARKUP) / 5
    assert pickle.loads(base64.b64decode(stored_text("counter"))) == 3  # noqa: S301


def test_a_store_replaces_what_the_key_held(on_postgres, cache):
    cache.set("page", "first")
    cache.set("page", MARKUP)
    assert cache.get("page") == MARKUP
    assert entries() == 1


def test_a_store_is_one_statement(on_postgres, cache):
    with CaptureQueriesContext(connection) as stores:
        cache.set("one", MARKUP)
        for n in range(40):
            cache.set(f"key-{n}", n)
    assert [query["sql"].split()[0] for query in stores.captured_queries] == ["WITH"] * 41


def test_the_table_is_counted_and_culled_past_max_entries(on_postgres, cache):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (cache_key, value, expires) "  # noqa: S608
            "SELECT ':1:old-' || n, 'gAVLAS4=', now() + interval '1 day' "
            "FROM generate_series(1, 80) AS n"
        )
        # PostgreSQL's statistics, which a store reads, take in the 80 rows.
        cursor.execute("SELECT pg_stat_force_next_flush()")
    with CaptureQueriesContext(connection) as store:
        cache.set("new", "value")
    assert entries() == 81 - 81 // 3  # culled as Django culls: a third of the entries
    assert [q["sql"].split()[0] for q in store.captured_queries][:2] == ["WITH", "SELECT"]


def test_a_failed_store_inside_a_transaction_leaves_the_transaction_usable(on_postgres, cache):
    missing = DatabaseCache("no_such_cache_table", {})
    with transaction.atomic():
        assert missing.set("page", MARKUP) is None  # set() returns nothing, as Django's
        cache.set("after", "still works")
    assert cache.get("after") == "still works"
