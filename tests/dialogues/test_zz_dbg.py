import pytest
from django.urls import reverse
from tests.dialogues import factories
from tests.dialogues.test_meetings import meeting_data, agenda_data, url

@pytest.mark.django_db
def test_dbg(world, login):
    world.organisation.timezone = "America/La_Paz"
    world.organisation.save()
    c = login(world.users["facilitator"])
    html = c.get(url("meeting-create", world.dialogue)).content.decode()
    i = html.find("La_Paz"); print(html[i-200:i+100])
    s = factories.StakeholderFactory(dialogue=world.dialogue)
    r = c.post(url("meeting-create", world.dialogue), meeting_data(invited=[s.pk]))
    print(r.status_code)
    h = r.content.decode()
    import re
    print(re.findall(r'(invalid-feedback[^<]*<[^<]*|errorlist.*?</ul>|alert-danger.*?</div>)', h, re.S)[:10])
