"""The database session store reads sessions as Django's does, with one plain statement that
also stands for the connection's health check."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from toolkit_site.sessions import SessionStore

pytestmark = pytest.mark.django_db


def stored(data):
    session = DjangoStore()
    session.update(data)
    session.save()
    return session.session_key


def test_a_stored_session_reads_back_with_one_query():
    key = stored({"_auth_user_id": "7", "toolkit_editor": False})
    session = SessionStore(key)
    with CaptureQueriesContext(connection) as queries:
        assert session.get("_auth_user_id") == "7"
        assert session["toolkit_editor"] is False
    assert len(queries) == 1
    assert session.session_key == key


def test_an_expired_session_reads_as_empty_and_gets_a_new_key_when_saved():
    key = stored({"_auth_user_id": "7"})
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    session = SessionStore(key)
    assert session.get("_auth_user_id") is None
    session["note"] = "new"
    session.save()
    assert session.session_key != key
    assert Session.objects.filter(
        session_key=key
    ).exists()  # expired rows are left to clearsessions


def test_an_unknown_or_tampered_session_reads_as_empty():
    assert SessionStore("x" * 32).load() == {}
    key = stored({"_auth_user_id": "7"})
    Session.objects.filter(session_key=key).update(session_data="not-signed")
    assert SessionStore(key).load() == {}


def _as_at_the_start_of_a_request():
    """A kept connection as Django leaves it between two requests: a health check owed."""
    connection.ensure_connection()
    connection.health_check_done = False


def test_the_session_read_stands_for_the_connection_health_check(monkeypatch):
    assert connection.health_check_enabled
    key = stored({"_auth_user_id": "7"})
    _as_at_the_start_of_a_request()
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append("SELECT 1") or True)
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(key).get("_auth_user_id") == "7"
        # The rest of the request goes on without a check of its own.
        assert Session.objects.filter(session_key=key).exists()
    assert checks == []
    assert len(queries) == 2


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_dropped_is_replaced_and_the_session_read():
    if connection.vendor != "postgresql":
        pytest.skip("a connection dropped by the database server (PostgreSQL)")
    key = stored({"_auth_user_id": "7"})
    _as_at_the_start_of_a_request()
    dropped = connection.connection.get_backend_pid()
    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [dropped])
    finally:
        other.close()
    assert SessionStore(key).get("_auth_user_id") == "7"
    assert connection.connection.get_backend_pid() != dropped
