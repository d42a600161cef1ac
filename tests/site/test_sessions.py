"""The database session store reads sessions as Django's does, with one plain statement."""

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
