"""Guessing a password is slowed down without locking the real owner out.

Failed sign-ins count per account *and* client address, and per address; each further tier
holds a guesser back longer. The test settings switch rate limits off; these tests switch the
real limits back on.
"""

import re

import pytest
from allauth.account.adapter import get_adapter
from django.test import override_settings

from accounts.adapter import AccountAdapter
from tests.dialogues.factories import PASSWORD, UserFactory
from toolkit_site.settings.base import ACCOUNT_RATE_LIMITS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_real_limits")]

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.20"
LOCKED = "Too many failed login attempts"


@pytest.fixture
def _real_limits():
    with override_settings(ACCOUNT_RATE_LIMITS=ACCOUNT_RATE_LIMITS):
        yield


@pytest.fixture
def clock(monkeypatch):
    """Time that the test moves forward, as allauth's rate limits read it."""
    now = [1_800_000_000.0]
    monkeypatch.setattr("allauth.core.internal.ratelimit.time.time", lambda: now[0])
    return now


def attempt(client, user, password, address):
    response = client.post(
        "/en/accounts/login/",
        {"login": user.email, "password": password},
        REMOTE_ADDR=address,
    )
    client.logout()
    return response


def refused(response):
    return response.status_code == 429 or LOCKED in response.content.decode()


def test_the_site_uses_the_lockout_policy():
    assert isinstance(get_adapter(), AccountAdapter)


def test_an_attacker_failing_from_one_address_does_not_lock_the_owner_out(client):
    owner = UserFactory()
    for _guess in range(20):
        attempt(client, owner, "guess", ATTACKER)
    response = attempt(client, owner, PASSWORD, OWNER)
    assert response.status_code == 302
    assert response["Location"] == "/en/dialogues/"


def test_the_attacker_is_blocked_even_with_the_right_password(client):
    owner = UserFactory()
    for _guess in range(5):
        assert not refused(attempt(client, owner, "guess", ATTACKER))
    assert refused(attempt(client, owner, "guess", ATTACKER))
    assert refused(attempt(client, owner, PASSWORD, ATTACKER))


def test_the_delay_grows_with_each_round_of_failures(client, clock):
    owner = UserFactory()
    start = clock[0]

    def fail(times):
        for _guess in range(times):
            assert not refused(attempt(client, owner, "guess", ATTACKER))

    def wait_until(minutes):
        clock[0] = start + minutes * 60
        return refused(attempt(client, owner, PASSWORD, ATTACKER))

    fail(5)
    assert wait_until(0)  # five failures: held back five minutes
    assert not wait_until(5)
    fail(5)
    assert wait_until(5)  # ten in the hour: held back until the hour is over
    assert wait_until(30)
    assert not wait_until(60)
    fail(5)
    clock[0] = start + 65 * 60
    fail(5)
    assert wait_until(65)  # twenty in the day: held back a day
    assert wait_until(3 * 60)
    assert wait_until(23 * 60)
    assert not wait_until(24 * 60 + 5)


def test_one_address_guessing_many_accounts_is_stopped(client):
    for _account in range(10):
        attempt(client, UserFactory(), "guess", ATTACKER)
    assert refused(attempt(client, UserFactory(), "guess", ATTACKER))
    # Someone elsewhere signs in as usual.
    assert attempt(client, UserFactory(), PASSWORD, OWNER).status_code == 302


def test_a_password_reset_clears_the_lock_on_the_account(client, mailoutbox):
    owner = UserFactory()
    for _guess in range(5):
        attempt(client, owner, "mistyped", OWNER)
    assert refused(attempt(client, owner, PASSWORD, OWNER))
    for _guess in range(5):
        attempt(client, owner, "guess", ATTACKER)

    # The owner resets the password, from the phone: another address.
    client.post("/en/accounts/password/reset/", {"email": owner.email}, REMOTE_ADDR="192.0.2.9")
    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[-1].body).group(1)
    form = client.get(link, follow=True, REMOTE_ADDR="192.0.2.9").redirect_chain[-1][0]
    new_password = "a-fresh-Passphrase-2027"
    response = client.post(
        form, {"password1": new_password, "password2": new_password}, REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 302

    response = attempt(client, owner, new_password, OWNER)
    assert response.status_code == 302
    assert response["Location"] == "/en/dialogues/"
