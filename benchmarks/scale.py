"""`make scale-check`: two app servers sharing PostgreSQL and Redis behave as one site.

Starts gunicorn twice (production settings, REDIS_URL db 5 unless set) on two ports, then:
1. signs in through the first server's login form and uses that session on the second;
2. edits a tool in the admin of the first and times how long the second takes to show it
   (TOOLKIT_PROCESS_CACHE_SECONDS is the documented bound), then puts the text back;
3. trips the failed sign-in limit through the first and sees the second refuse too;
4. loads a toolkit chapter on one server, then on both at once, with wrk.
Prints each check and writes var/scale-check.json; exits non-zero if a check fails.
"""

import json
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import run  # noqa: E402 (after the path above)
from benchmarks.load import Client, Gunicorn, ensure_wrk, free_port, load_python, load_wrk  # noqa: E402

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"
OUTPUT = ROOT / "var" / "scale-check.json"
LOGIN = "/en/accounts/login/"


def sign_in(client, username, password):
    """POST the login form; the status (302 = signed in)."""
    from benchmarks.load import post_form

    status, body, _ms = client.request("GET", LOGIN)
    data = post_form(body.decode(), "password")
    data.update({"login": [username], "password": [password]})
    data.pop("remember", None)
    return client.request("POST", LOGIN, data)[0]


def make_users():
    """A staff member and a plain member, new each run (a tripped limit lasts minutes)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    suffix = secrets.token_hex(4)
    password = secrets.token_urlsafe(16)
    users = get_user_model().objects
    staff = users.create_superuser(f"scale-staff-{suffix}", f"staff-{suffix}@example.org", password)
    member = users.create_user(f"scale-member-{suffix}", f"member-{suffix}@example.org", password)
    for user in (staff, member):  # sign-in is by verified address
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return staff.email, member.email, password


def check_session(first, second, staff, password):
    one = Client(first, {})
    signed_in = sign_in(one, staff, password) == 302
    other = Client(second, {"sessionid": one.cookies.get("sessionid", "")})
    status = other.request("GET", "/en/admin/")[0]
    return {
        "check": "a session created on one server is valid on the other",
        "ok": signed_in and status == 200,
        "detail": {"signed_in_on_first": signed_in, "admin_on_second": status},
    }, one


def check_toolkit_edit(staff_client, second):
    from django.conf import settings

    from content.models import Tool

    tool = Tool.objects.filter(published=True).order_by("order").first()
    page, change = tool.get_absolute_url(), f"/en/admin/content/tool/{tool.pk}/change/"
    reader = Client(second, {})
    reader.request("GET", page)  # the second server has the page kept
    token = f"scale-check-{secrets.token_hex(4)}"

    def save(summary):
        from benchmarks.load import post_form

        status, body, _ms = staff_client.request("GET", change)
        if status != 200:
            raise SystemExit(f"{change} answered {status}")
        data = post_form(body.decode(), "purpose_en")
        data["purpose_en"] = [summary]
        data["_save"] = ["Save"]
        return staff_client.request("POST", change, data)[0]

    # The admin form tidies text (strips it): the row is put back as it was, not re-saved.
    fields = [f.attname for f in Tool._meta.concrete_fields if f.attname != "id"]
    before = Tool.objects.filter(pk=tool.pk).values(*fields).get()
    saved = save(f"{tool.purpose_en} {token}") == 302
    bound = settings.TOOLKIT_PROCESS_CACHE_SECONDS
    started, seen_after = time.monotonic(), None
    while saved and time.monotonic() - started < bound + 10:
        if token in reader.request("GET", page)[1].decode():
            seen_after = round(time.monotonic() - started, 2)
            break
        time.sleep(0.2)
    from django.utils import timezone

    from content.services import item_search_update

    # A new `updated` moves the toolkit's version on, so no server keeps the edited page.
    Tool.objects.filter(pk=tool.pk).update(**{**before, "updated": timezone.now()})
    item_search_update(item=tool)
    restored = token not in Tool.objects.get(pk=tool.pk).purpose_en
    return {
        "check": f"a toolkit edit through one server shows on the other within {bound} s",
        "ok": saved and restored and seen_after is not None and seen_after <= bound + 1,
        "detail": {"saved": saved, "seen_after_s": seen_after, "documented_s": bound},
    }


def check_rate_limit(first, second, member, password):
    tries = [sign_in(Client(first, {}), member, "wrong-" + password) for _n in range(6)]
    after = sign_in(Client(second, {}), member, password)
    return {
        "check": "failed sign-ins through one server lock the account on the other too",
        "ok": after != 302,
        "detail": {"wrong_tries_on_first": tries, "right_password_on_second": after},
    }


def check_throughput(first, second, duration):
    from content.models import Chapter

    chapter = Chapter.objects.filter(published=True, part__published=True).first()
    path = chapter.get_absolute_url()
    load = load_wrk if ensure_wrk() else load_python
    one = load(first + path, 8, duration, None)
    results = {}

    def run_on(name, base):
        results[name] = load(base + path, 8, duration, None)

    threads = [threading.Thread(target=run_on, args=item) for item in (("a", first), ("b", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pair = round(results["a"]["rps"] + results["b"]["rps"], 1)
    return {
        "check": "throughput of the pair against one server (toolkit chapter, 8 clients each)",
        "ok": True,  # reported, not a pass/fail: both servers share this machine's cores
        "detail": {
            "one_server_rps": one["rps"],
            "pair_rps": pair,
            "ratio": round(pair / one["rps"], 2) if one["rps"] else None,
            "cpus": os.cpu_count(),
        },
    }


def main():
    duration = int(os.environ.get("BENCH_DURATION", 5))
    workers = int(os.environ.get("BENCH_WORKERS", 2))
    os.environ.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    load_average = os.getloadavg()
    run.configure_environment()
    (ROOT / "var").mkdir(exist_ok=True)
    run.ensure_database(os.environ["DATABASE_URL"], reseed=False)
    run.prepare()
    subprocess.run(["redis-cli", "-u", os.environ["REDIS_URL"], "FLUSHDB"], check=False)
    staff, member, password = make_users()
    first_port, second_port = free_port(), free_port()
    first, second = f"http://127.0.0.1:{first_port}", f"http://127.0.0.1:{second_port}"
    with (
        Gunicorn(first_port, workers, log="scale-first.log"),
        Gunicorn(second_port, workers, log="scale-second.log"),
    ):
        session, staff_client = check_session(first, second, staff, password)
        checks = [
            session,
            check_toolkit_edit(staff_client, second),
            check_rate_limit(first, second, member, password),
            check_throughput(first, second, duration),
        ]
    for check in checks:
        print(f"[{'ok' if check['ok'] else 'FAILED'}] {check['check']}  {check['detail']}")
    OUTPUT.write_text(
        json.dumps(
            {
                "date": time.strftime("%Y-%m-%d %H:%M:%S"),
                "load_average_at_start": load_average,
                "load_average_at_end": os.getloadavg(),
                "redis": os.environ["REDIS_URL"],
                "gunicorn_workers_each": workers,
                "checks": checks,
            },
            indent=2,
        )
    )
    print(f"written to {OUTPUT.relative_to(ROOT)}")
    sys.exit(0 if all(check["ok"] for check in checks) else 1)


if __name__ == "__main__":
    main()
