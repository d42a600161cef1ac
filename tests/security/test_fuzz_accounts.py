"""Property-based: whatever is typed into the account forms (sign-in, sign-up, password reset,
email addresses, password change, authenticator setup), the answer is a page with the form's
message or a redirect, never a server error."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.dialogues.factories import PASSWORD, UserFactory
from tests.fuzzing import FUZZ, draw_submission, forms_on, rolled_back

ANONYMOUS = ("account_login", "account_signup", "account_reset_password")
SIGNED_IN = ("account_email", "account_change_password", "mfa_activate_totp")


def _fuzz(client, url):
    forms = [form for form in forms_on(client, url) if form["fields"]]
    assert forms, f"no form on {url}"

    @FUZZ
    @given(data=st.data())
    def submit_anything(data):
        with rolled_back():
            form = data.draw(st.sampled_from(forms), label="form")
            response = client.post(form["action"], draw_submission(data, form))
            assert response.status_code < 500, response.status_code

    submit_anything()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ANONYMOUS)
def test_any_input_to_an_account_form_gives_an_answer(client, name):
    UserFactory(email="known@example.org")
    _fuzz(client, reverse(name))


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGNED_IN)
def test_any_input_to_a_signed_in_account_form_gives_an_answer(client, name):
    user = UserFactory(email="me@example.org")
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    url = reverse(name)
    response = client.get(url)
    if response.status_code == 302:  # asks for the password again first
        client.post(response["Location"], {"password": PASSWORD})
    _fuzz(client, url)
