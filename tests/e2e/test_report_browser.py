"""The report in a real browser: Debian's Chromium driven by selenium through the system chromedriver
(nothing downloaded), on the report of the sample ``corpus/`` plus a document carrying script.

Checks: the index lists every entity of the records, a person's page lists their mentions, the network
draws nodes, the timeline shows dates, no page requests anything but file:// URLs or logs a console error,
and the hostile document's script, event handler and javascript: link run nothing. A screenshot of each
page is saved in the test's temporary folder.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from extractors.output.jsonl import read_jsonl
from flows.cli import main
from tests.browser import CHROMEDRIVER, CHROMIUM, start_chromium
from tests.conftest import CORPUS

pytestmark = [
    pytest.mark.usefixtures("prefect_server"),
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver): "
        "run scripts/install.sh",
    ),
]

HOSTILE = (
    "Memo from Mallory Quinn to the Harbour Board of Kestrel Bay.\n"
    "<script>window.__pwned=1</script>\n"
    '<img src=x onerror="window.__pwned=1">\n'
    '<a href="javascript:window.__pwned=1">click here</a> and <a href=javascript:alert(1)>this</a>\n'
    "</pre></main><script>window.__pwned=2</script><style>body{display:none}</style>\n"
    "Owen Castellano met Mallory Quinn in Halifax on 3 March 2021.\n"
)

MESSAGE = """From: Helen Brandt <helen.brandt@kestrelbay.example>
To: Priya Raman <priya.raman@heda.example>
Subject: Harbour terms
Date: Tue, 9 Mar 2021 10:15:00 +0000
Message-ID: <terms-1@kestrelbay.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Priya, the terms for Skovlund Maritime Group are attached.

--b1
Content-Type: text/plain; charset=utf-8
Content-Disposition: attachment; filename="terms.txt"

Skovlund Maritime Group pays Kestrel Bay 2 million a year from 2022.
--b1--
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns("*.py", "*.json", "README.md"))
    (corpus / "hostile <b onmouseover=alert(1)>memo.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "harbour.eml").write_text(MESSAGE, encoding="utf-8")
    out = root / "out"
    assert main(["run", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert main(["report", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    profile = tempfile.mkdtemp(prefix="leaksift-chromium-")
    browser, service = start_chromium(
        profile,
        extra=("--disable-default-apps", "--window-size=1280,1000"),
        capabilities={"goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"}},
    )
    try:
        yield browser
    finally:
        browser.quit()
        service.stop()
        shutil.rmtree(profile, ignore_errors=True)
    assert service.process is None or service.process.poll() is not None, "chromedriver still running"


def open_page(driver, url: str, shot: Path):
    """Open ``url``, wait for the page's script, save a screenshot; the console and network logs of the
    load as (console errors, requested URLs)."""
    import json

    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(url)
    driver.execute_script("return document.readyState")
    driver.save_screenshot(str(shot))
    errors = [entry for entry in driver.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    urls: list[str] = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            params = message["params"]
            url = params["request"]["url"]
            # the report page's own requests, and any request at all that would leave the machine
            # (the browser's own chrome:// pages, e.g. its start page, load chrome:// resources)
            if params.get("documentURL", "").startswith("file://") or not url.startswith(("chrome:", "about:")):
                urls.append(url)
    urls += driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    urls.append(driver.execute_script("return location.href"))
    return errors, urls


def assert_clean(errors: list, urls: list[str]) -> None:
    assert errors == [], f"console errors: {errors}"
    outside = [u for u in urls if not u.startswith("file://") and not u.startswith("data:")]
    assert outside == [], f"network requests: {outside}"


def test_report_pages_in_chromium(report, driver, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    site = (report / "report").resolve()
    entities = read_jsonl(report / "entities.jsonl")
    mentions = read_jsonl(report / "mentions.jsonl")

    # the index: every entity of the records, a page of rows at a time
    errors, urls = open_page(driver, site.joinpath("index.html").as_uri(), tmp_path / "index.png")
    assert_clean(errors, urls)
    count = driver.find_element(By.ID, "count").text
    assert count.startswith(f"{len(entities)} of {len(entities)} entities"), count
    assert driver.execute_script("return LEAKSIFT.entities.length") == len(entities)
    # filter by type: the rows left are the records' people
    people = [x for x in entities if x["type"] == "PERSON"]
    Select(driver.find_element(By.ID, "type")).select_by_value("PERSON")
    assert driver.find_element(By.ID, "count").text.startswith(f"{len(people)} of {len(entities)}")
    # the most mentioned person first (the index sorts by mentions)
    top = max(people, key=lambda x: (x["mention_count"], -ord(x["name"][0])))
    first = driver.find_element(By.CSS_SELECTOR, "#entities tbody tr td a")
    assert int(driver.find_element(By.CSS_SELECTOR, "#entities tbody tr td.num").text) == top["mention_count"]

    # a person's page: their mentions, each linking to its document
    name = first.text
    first.click()
    driver.save_screenshot(str(tmp_path / "entity.png"))
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith(name)
    person = next(x for x in people if x["name"] == name)
    items = driver.find_elements(By.CSS_SELECTOR, "#mentions li")
    assert len(items) == person["mention_count"] == sum(m["entity_id"] == person["id"] for m in mentions)
    assert items[0].find_element(By.CSS_SELECTOR, "mark").text
    errors, urls = open_page(driver, driver.current_url, tmp_path / "entity.png")
    assert_clean(errors, urls)

    # its first mention opens the document at the mark
    items = driver.find_elements(By.CSS_SELECTOR, "#mentions li")
    items[0].find_element(By.CSS_SELECTOR, ".where a").click()
    assert "/d/" in driver.current_url and "#m-" in driver.current_url
    target = driver.find_element(By.CSS_SELECTOR, ".mark:target")
    assert target.text
    driver.save_screenshot(str(tmp_path / "document.png"))

    # the network draws nodes
    errors, urls = open_page(driver, site.joinpath("network.html").as_uri(), tmp_path / "network.png")
    assert_clean(errors, urls)
    nodes = driver.find_elements(By.CSS_SELECTOR, "#network svg .node circle")
    assert len(nodes) >= 5
    assert driver.execute_script("return document.querySelector('#network svg .node circle').getBBox().width") > 0
    assert "nodes" in driver.find_element(By.ID, "netcount").text

    # the timeline shows dates, each mention linking to its document
    errors, urls = open_page(driver, site.joinpath("timeline.html").as_uri(), tmp_path / "timeline.png")
    assert_clean(errors, urls)
    dates = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "#timeline time")]
    expected = {x["attributes"]["iso"] for x in entities if x["type"] == "DATE"}
    assert dates and set(dates) == expected
    assert dates == sorted(dates)
    assert driver.find_elements(By.CSS_SELECTOR, "#timeline li .where a[href*='#m-']")

    # the e-mail: who wrote to whom in the network, its date on the timeline, headers and parts on its page
    driver.get(site.joinpath("network.html").as_uri())
    mail_edges = driver.execute_script("return LEAKSIFT.network.edges.filter(e => e[2] === 'mail').length")
    assert mail_edges == 1
    assert "2021-03-09" in dates
    message = next(d for d in read_jsonl(report / "documents.jsonl") if d.get("email"))
    driver.get((site / "d" / f"{message['id']}.html").as_uri())
    page = driver.find_element(By.TAG_NAME, "main").text
    assert "helen.brandt@kestrelbay.example" in page and "Harbour terms" in page
    part = next(d for d in read_jsonl(report / "documents.jsonl") if d.get("parent_id") == message["id"])
    driver.save_screenshot(str(tmp_path / "message.png"))
    driver.find_element(By.CSS_SELECTOR, f"a[href$='{part['id']}.html']").click()
    assert "harbour.eml/terms.txt" in driver.find_element(By.TAG_NAME, "main").text  # the part's path
    assert driver.find_element(By.CSS_SELECTOR, f"a[href$='{message['id']}.html']")  # its parent

    # the documents list
    errors, urls = open_page(driver, site.joinpath("documents.html").as_uri(), tmp_path / "documents.png")
    assert_clean(errors, urls)


def test_hostile_document_runs_nothing(report, driver, tmp_path):
    from selenium.webdriver.common.by import By

    site = (report / "report").resolve()
    doc = next(d for d in read_jsonl(report / "documents.jsonl") if d["path"].startswith("hostile"))
    errors, urls = open_page(driver, (site / "d" / f"{doc['id']}.html").as_uri(), tmp_path / "hostile.png")
    assert_clean(errors, urls)
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    # the text shows as text: the markup is visible, no element came from it
    text = driver.find_element(By.CSS_SELECTOR, "pre.text").text
    assert "<script>window.__pwned=1</script>" in text
    assert 'onerror="window.__pwned=1"' in text
    assert driver.find_elements(By.CSS_SELECTOR, "main img, main script, main style, pre a[href^='javascript']") == []
    assert driver.find_element(By.CSS_SELECTOR, "dd.path").text == "hostile <b onmouseover=alert(1)>memo.txt"
    # a click on what looks like a link does nothing either
    driver.find_element(By.CSS_SELECTOR, "pre.text").click()
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    # every page carries the policy
    for page in site.rglob("*.html"):
        assert "Content-Security-Policy" in page.read_text("utf-8")[:1000], page
    # the index and an entity page from the hostile text are clean too
    errors, urls = open_page(driver, (site / "index.html").as_uri(), tmp_path / "index-hostile.png")
    assert_clean(errors, urls)
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
