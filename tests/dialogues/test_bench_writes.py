"""The mixed run of `make bench` (benchmarks/workspace.py) writes what the README says it
writes: every write a real change, every other stakeholder edit a move on the grid. Measuring
reads among writes that change nothing would measure kept pages."""

import time

import pytest

from benchmarks import workspace
from dialogues.models import Dialogue, Sector

from . import factories

ROUNDS = 4  # each writer's turns


class Browser:
    """The bench's client interface over Django's test client."""

    def __init__(self, client):
        self.client = client

    def request(self, method, path, data=None):
        started = time.perf_counter()
        response = self.client.get(path) if method == "GET" else self.client.post(path, data)
        return response.status_code, response.content, (time.perf_counter() - started) * 1000


def _revisions(dialogue):
    return Dialogue.objects.values(
        "stakeholders_revision",
        "stakeholder_map_revision",
        "checklists_revision",
        "commitments_revision",
    ).get(pk=dialogue.pk)


@pytest.mark.django_db
def test_each_write_of_the_mixed_run_changes_what_it_is_said_to_change(world, login):
    dialogue = world.dialogue
    stakeholders = [
        factories.StakeholderFactory(dialogue=dialogue, influence=2, interest=3).pk
        for _n in range(3)
    ]
    items = [factories.ChecklistItemFactory(dialogue=dialogue).pk for _n in range(5)]
    commitments = [factories.CommitmentFactory(dialogue=dialogue).pk for _n in range(2)]
    browser = Browser(login(world.users["owner"]))
    writers = workspace._writers(
        browser,
        dialogue,
        stakeholders=stakeholders,
        items=items,
        commitments=commitments,
        sector=Sector.GOVERNMENT,
    )
    moved = {writer.__name__: [] for writer in writers}
    for n in range(ROUNDS * len(writers)):  # as `load.mixed_run` takes them: in turns
        writer = writers[n % len(writers)]
        before = _revisions(dialogue)
        path, data = writer(browser, n)
        status, _body, _ms = browser.request("POST", path, data)
        assert status == 302, (writer.__name__, status)
        after = _revisions(dialogue)
        moved[writer.__name__].append({part for part in after if after[part] != before[part]})

    assert all("stakeholders_revision" in parts for parts in moved["stakeholder_add"])
    assert all("stakeholder_map_revision" in parts for parts in moved["stakeholder_add"])
    edits = moved["stakeholder_edit"]
    assert all("stakeholders_revision" in parts for parts in edits)
    assert ["stakeholder_map_revision" in parts for parts in edits] == [False, True] * (ROUNDS // 2)
    assert all("checklists_revision" in parts for parts in moved["checklist_tick"])
    assert all("commitments_revision" in parts for parts in moved["commitment_progress"])
