"""What a first visit costs on a slow network: each main page type under 150 KB, all from the
site itself.

What is measured: every response the browser receives while loading the page with an empty
cache (a fresh context), until the ``load`` event. live_server does not compress, so each
text response body (HTML, CSS, JavaScript, SVG, JSON) is gzipped here at level 6, as the
production server (WhiteNoise's pre-compressed files, a gzip-capable proxy) would send it;
other bodies (images, fonts) count as they are. The response headers count as the browser
reports them, uncompressed. Brotli would be smaller still, so gzip is the cautious figure.
"""

import gzip

import pytest

from .pages import PAGES

LIMIT = 150 * 1024
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


def _transferred(response):
    body = response.body()
    content_type = response.headers.get("content-type", "")
    if content_type.startswith(TEXT_TYPES):
        body = gzip.compress(body, compresslevel=6)
    headers = response.request.sizes()["responseHeadersSize"]
    return len(body) + max(headers, 0)


def _main_pages():
    return [page for page in PAGES if page.main]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_main_pages_weigh_under_150_kb_and_stay_on_the_site(
    new_context, live_server, demo, language
):
    report, problems = [], []
    for page_type in _main_pages():
        who = getattr(demo, page_type.who) if page_type.who else None
        context, _guard = new_context(user=who, language=language, axe=False)
        page = context.new_page()
        responses = []
        page.on("response", lambda response, bucket=responses: bucket.append(response))
        page.goto(page_type.path(demo, language), wait_until="load")
        foreign = [r.url for r in responses if not r.url.startswith(live_server.url + "/")]
        total = sum(_transferred(response) for response in responses)
        report.append(f"{page_type.key}: {total / 1024:.1f} KB in {len(responses)} responses")
        if total > LIMIT:
            detail = ", ".join(
                f"{r.url.removeprefix(live_server.url)} {_transferred(r) / 1024:.1f} KB"
                for r in responses
            )
            problems.append(f"{page_type.key} weighs {total / 1024:.1f} KB: {detail}")
        if foreign:
            problems.append(f"{page_type.key} asked other origins: {foreign}")
        context.close()
    print("\n".join(report))
    assert not problems, "\n".join(problems)
