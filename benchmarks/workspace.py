"""Workspace measurements for `make bench`: pages seen cold, and reads while others write."""

import gc
import gzip
import statistics
import time

from benchmarks.load import Client, MixedRecord, mixed_run, post_form

COLD_RUNS = 3
MIXED_CLIENTS = 8
WRITE_SHARE = 0.10
# The read-only and the mixed run take turns, in this many rounds each, so that both meet the
# same load from whatever else runs on the machine.
MIXED_ROUNDS = 3
# At least this many seconds in all, half read-only and half with writes: the ratio of a run
# swings with whatever else the machine does, the more so the shorter the run.
MIXED_SECONDS = 30
# What the mixed run reads, on the large dialogue (URL names of dialogues/urls.py).
MIXED_READS = (
    "stakeholder-list",
    "stakeholder-grid",
    "checklist",
    "dialogue-detail",
    "meeting-list",
    "commitment-list",
)


def _tick(dialogue, user, run):
    """A checklist item ticked, or opened again, through the service, as a member's click."""
    from dialogues.models import ChecklistItem
    from dialogues.services.checklists import checklist_item_set_done

    item = ChecklistItem.objects.filter(dialogue=dialogue).order_by("pk").first()
    checklist_item_set_done(item=item, user=user, done=not item.is_done)


# Each edited stakeholder's influence before the first edit, to put it back.
_INFLUENCE = {}


def _edit_stakeholder(dialogue, user, run):
    """A stakeholder moved on the grid (influence edited) through the service, as the edit
    form saves it: the register, the grid, the overview and the plan show it. Each run is a
    real change; run None puts the influence back."""
    from dialogues.models import Label, Stakeholder
    from dialogues.services.stakeholders import stakeholder_update

    stakeholder = Stakeholder.objects.filter(dialogue=dialogue).order_by("pk").first()
    original = _INFLUENCE.setdefault(stakeholder.pk, stakeholder.influence)
    moved = run is not None and run % 2 == 0
    stakeholder.influence = original % 5 + 1 if moved else original
    labels = {kind: [] for kind in Label.Kind.values}
    for label in stakeholder.labels.all():
        labels[label.kind].append(label.name)
    stakeholder_update(
        stakeholder=stakeholder,
        user=user,
        version=stakeholder.version,
        fields=["influence"],
        tag_names=labels[Label.Kind.TAG],
        inclusion_names=labels[Label.Kind.INCLUSION],
    )


LANGUAGES = ("en", "fr", "es", "ar")


def _in_language(path, code):
    """The address ``path`` (under /en/) in the language ``code``."""
    return f"/{code}/" + path.split("/", 2)[2]


# The changes a page is seen cold after: each moves what some pages show and leaves the kept
# parts of others alone, so each page is timed after both and its cold time is the slower.
COLD_CHANGES = {"checklist item ticked": _tick, "stakeholder edited": _edit_stakeholder}


def cold_pages(rows, objects):
    """Each workspace page as first seen after a change to its dialogue: time, queries, size.

    Sets row["cold"] = {"ms" (the slower median of COLD_RUNS after each of COLD_CHANGES, large
    dialogue), "by_change" ({change: ms}), "queries" (small, large: the most after any change),
    "bytes", "gzip_bytes" (what a compressing proxy sends)}.
    """
    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    user = objects["user"]
    client = TestClient(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    dialogues = {"small": objects["small"], "large": objects["big"]}
    # What this process loaded so far (seeding, the other measurements) is set aside from the
    # garbage collector, as a gunicorn worker does after loading (toolkit_site/wsgi.py): its
    # full collections would otherwise land on the requests timed here.
    gc.collect()
    gc.freeze()
    for row in rows:
        if row["group"] != "workspace":
            continue
        cold = {"queries": {}, "by_change": {}}
        for size, dialogue in dialogues.items():
            client.get(row[size])  # the page's other caches as a running site has them
            for change, touch in COLD_CHANGES.items():
                timings = []
                for run in range(COLD_RUNS):
                    touch(dialogue, user, run)
                    with CaptureQueriesContext(connection) as context:
                        started = time.perf_counter()
                        response = client.get(row[size])
                        timings.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise SystemExit(f"{row[size]} answered {response.status_code}")
                    cold["queries"][size] = max(
                        cold["queries"].get(size, 0), len(context.captured_queries)
                    )
                if size == "large":
                    cold["by_change"][change] = round(statistics.median(timings), 1)
            if size == "large":
                cold["bytes"] = len(response.content)
                cold["gzip_bytes"] = len(gzip.compress(response.content, compresslevel=6))
                # The same page in each language: the labels' lengths differ (Arabic letters
                # take two bytes each).
                cold["bytes_by_language"] = {
                    code: len(client.get(_in_language(row[size], code)).content)
                    for code in LANGUAGES
                }
        cold["ms"] = max(cold["by_change"].values())
        row["cold"] = cold
        after = ", ".join(f"{ms} ms after {change}" for change, ms in cold["by_change"].items())
        print(f"  {row['name']} cold: {after}; {cold['queries']['large']} queries")
    measured = sum(row["group"] == "workspace" for row in rows)
    for dialogue in dialogues.values():  # leave the item and the stakeholder as they were
        if COLD_RUNS * measured % 2:
            _tick(dialogue, user, None)
        _edit_stakeholder(dialogue, user, None)


# --- Mixed run ----------------------------------------------------------------------------


def _writers(client, dialogue, *, stakeholders, items, commitments, sector):
    """This client's writes, cycled: add a stakeholder, edit one, tick an item, log progress."""
    from django.urls import reverse

    from dialogues.models import ChecklistItem

    def url(name, **kwargs):
        return reverse(f"dialogues:{name}", kwargs={"dialogue_pk": dialogue.pk, **kwargs})

    def form(path, field):
        status, body, _ms = client.request("GET", path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        return post_form(body.decode(), field)

    done = {
        pk: done_at is not None
        for pk, done_at in ChecklistItem.objects.filter(pk__in=items).values_list("pk", "done_at")
    }
    create_path = url("stakeholder-create")
    create = form(create_path, "name")
    edits = []
    for pk in stakeholders:
        data = form(url("stakeholder-update", pk=pk), "role_title")
        data.pop("version", None)  # no conflict with the other clients' edits
        edits.append((url("stakeholder-update", pk=pk), data))
    influence = {path: int(data["influence"][0]) for path, data in edits}
    progress = [
        (url("commitment-detail", pk=pk), form(url("commitment-detail", pk=pk), "note"))
        for pk in commitments
    ]
    token = create["csrfmiddlewaretoken"]

    def stakeholder_add(_client, n):
        name = f"{MIXED_STAKEHOLDER_PREFIX} {id(client)}-{n}"
        return create_path, {**create, "name": [name], "sector": [sector]}

    def stakeholder_edit(_client, n):
        """A role title edited; every other edit of this client the influence too, which moves
        the stakeholder on the grid. The form posts the influence as it now is, so that an edit
        of the role alone leaves the grid as it was."""
        mine = n // len(writers)  # the writers take turns: this is this one's own count
        path, data = edits[mine % len(edits)]
        if mine % 2:
            influence[path] = influence[path] % 5 + 1
        return path, {
            **data,
            "role_title": [f"Role revised {n}"],
            "influence": [str(influence[path])],
        }

    ticked = {}  # each item's state as this client last set it

    def checklist_tick(_client, n):
        """The next of this client's items ticked, or opened again if it was done: each tick
        is a real change."""
        pk = items[(n // len(writers)) % len(items)]
        ticked[pk] = not ticked.get(pk, done.get(pk, False))
        return url("checklist-item-done", pk=pk), {
            "csrfmiddlewaretoken": token,
            "done": "1" if ticked[pk] else "0",
        }

    def commitment_progress(_client, n):
        path, data = progress[n % len(progress)]
        return path, {**data, "note": [f"{MIXED_NOTE_PREFIX} {n}"]}

    writers = [stakeholder_add, stakeholder_edit, checklist_tick, commitment_progress]
    return writers


MIXED_STAKEHOLDER_PREFIX = "Mixed-run visitor"
MIXED_NOTE_PREFIX = "Mixed-run progress"


def mixed_runs(objects, base, cookie, *, duration):
    """The read-only run, then the run with WRITE_SHARE writes, with the same clients."""
    from django.urls import reverse

    from dialogues.models import ChecklistItem, CommitmentUpdate, Stakeholder

    dialogue = objects["big"]
    reads = [
        reverse(f"dialogues:{name}", kwargs={"dialogue_pk": dialogue.pk}) for name in MIXED_READS
    ]
    stakeholder_pks = list(
        Stakeholder.objects.filter(dialogue=dialogue).order_by("pk").values_list("pk", flat=True)
    )
    item_pks = list(
        ChecklistItem.objects.filter(dialogue=dialogue).order_by("pk").values_list("pk", flat=True)
    )
    commitment_pks = list(dialogue.commitments.order_by("pk").values_list("pk", flat=True))
    clients = [Client(base, cookie) for _n in range(MIXED_CLIENTS)]
    writers = [
        _writers(
            client,
            dialogue,
            stakeholders=stakeholder_pks[10 + 3 * i : 13 + 3 * i],
            items=item_pks[5 * i : 5 * i + 5],
            commitments=commitment_pks[2 * i : 2 * i + 2],
            sector=Stakeholder.objects.filter(dialogue=dialogue).exclude(sector="")[0].sector,
        )
        for i, client in enumerate(clients)
    ]
    edited = stakeholder_pks[10 : 10 + 3 * MIXED_CLIENTS]
    influence = dict(Stakeholder.objects.filter(pk__in=edited).values_list("pk", "influence"))
    for path in reads:  # every worker has the pages once
        clients[0].request("GET", path)
    read_only, mixed = MixedRecord(), MixedRecord()
    for turn in range(MIXED_ROUNDS):
        for record, turn_writers, share in ((read_only, None, 0), (mixed, writers, WRITE_SHARE)):
            mixed_run(
                base,
                clients=clients,
                duration=duration / MIXED_ROUNDS,
                reads=reads,
                writers=turn_writers,
                write_share=share,
                seed=1 + 100 * turn,
                record=record,
            )
    read_only, mixed = read_only.stats(), mixed.stats()
    for client in clients:
        client.close()
    # The run's additions go again, so the next run starts from the same data.
    Stakeholder.objects.filter(
        dialogue=dialogue, name__startswith=MIXED_STAKEHOLDER_PREFIX
    ).delete()
    CommitmentUpdate.objects.filter(note__startswith=MIXED_NOTE_PREFIX).delete()
    for pk, score in influence.items():
        Stakeholder.objects.filter(pk=pk).update(influence=score)
    return {
        "clients": MIXED_CLIENTS,
        "write_share": WRITE_SHARE,
        "rounds": MIXED_ROUNDS,
        "reads": list(MIXED_READS),
        "writes": [
            "stakeholder add",
            "stakeholder edit (role title; every other one the influence too)",
            "checklist tick",
            "commitment progress",
        ],
        "read_only": read_only["read"],
        "mixed_read": mixed["read"],
        "mixed_write": mixed["write"],
        "mixed_write_kinds": mixed["write_kinds"],
        # Each page read, by its URL name: read-only, then among writes.
        "read_pages": {
            name: {
                "read_only": read_only["read_paths"].get(path),
                "mixed": mixed["read_paths"].get(path),
            }
            for name, path in zip(MIXED_READS, reads, strict=True)
        },
        "failures": read_only["failures"] + mixed["failures"],
        "read_p95_ratio": round(mixed["read"]["p95_ms"] / read_only["read"]["p95_ms"], 2)
        if read_only["read"]["p95_ms"]
        else None,
    }
