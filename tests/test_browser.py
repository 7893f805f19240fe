"""The dashboard end to end in headless Chromium (Debian's chromium and chromedriver):
served by uvicorn over a store built from the sample corpus, clicked from the map and the
timeline through to a document, and fed a hostile article that must stay inert.
Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")

HOSTILE_ARTICLE = (
    '<script>window.__pwned = "title"</script><img src=x onerror="window.__pwned=1"> Invented alarm\n\n'
    'KHOROG, 4 June 2025 — Gunmen <script>window.__pwned = "body"</script> attacked a Tajik border post near '
    'Khorog on Wednesday, the border service said. <img src=x onerror="window.__pwned=2">\n'
    'Readers were told to <a href="javascript:window.__pwned=3">click here</a> or visit javascript:alert(1).\n'
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("Debian's chromium and chromedriver are not installed")
    import uvicorn

    from tests.web_records import hostile_record
    from tocsin.ingest import ingest
    from tocsin.pipeline import Pipeline
    from tocsin.store import Store
    from tocsin.stories import incremental
    from tocsin.web import create_app

    folder = tmp_path_factory.mktemp("browser")
    article = folder / "hostile-article.txt"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    db = str(folder / "dashboard.db")
    with Store.open(db) as store:
        report = ingest([str(ROOT / "samples"), str(article)], store, Pipeline())
        assert len(report.stored) >= 10, report.failed
        incremental.save(store, hostile_record())
    port = _free_port()
    app = create_app(db)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)
    app.state.store.close()


@pytest.fixture(scope="module")
def browser(server, tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1440,1000", "--hide-scrollbars"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    profile = tmp_path_factory.mktemp("chromium-profile")
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def visit(driver, url: str) -> None:
    driver.get("about:blank")  # a fresh page load each time, never a mere change of fragment
    driver.get(url)
    wait_ready(driver)


def wait_ready(driver, timeout: float = 20) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.body.dataset.ready") == "yes")


def wait_for(driver, css: str, timeout: float = 20):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def click(driver, element) -> None:
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).move_to_element(element).click().perform()


def open_first_event(driver) -> None:
    card = wait_for(driver, "#selection .event-card")
    click(driver, card)
    wait_ready(driver)
    wait_for(driver, "#doc-text .hl-event")


def test_overview_shows_map_timeline_and_alerts(browser, server):
    visit(browser, server + "/#/overview")
    wait_for(browser, "#map .dot")
    countries = browser.find_elements("css selector", "#map path.country")
    assert len(countries) > 20
    assert browser.find_elements("css selector", "#timeline rect.bar")
    assert browser.find_element("css selector", "#counts").text.split()[1] == "documents"
    browser.set_window_size(1440, 1320)  # tall enough for the timeline, the map and the alerts
    try:
        visit(browser, server + "/#/overview")
        wait_for(browser, "#map .dot")
        browser.save_screenshot(str(SHOTS / "overview.png"))
        dots = browser.find_elements("css selector", "#map circle.dot")
        click(browser, max(dots, key=lambda d: float(d.get_attribute("r"))))
        wait_for(browser, "#selection .event-card")
        browser.execute_script("window.scrollTo(0, 0)")
        browser.save_screenshot(str(SHOTS / "overview-selection.png"))
    finally:
        browser.set_window_size(1440, 1000)


def test_map_leads_to_the_document_behind_an_event(browser, server):
    visit(browser, server + "/#/overview")
    dot = wait_for(browser, "#map circle.dot")
    click(browser, dot)
    open_first_event(browser)
    assert browser.current_url.split("#")[1].startswith("/doc/")
    selected = browser.find_elements("css selector", ".record.event.selected")
    assert len(selected) == 1, "the event clicked on the map is the one selected in the document"
    assert browser.find_elements("css selector", "#doc-text .hl-event.selected")
    assert browser.find_elements("css selector", "#doc-text .hl-actor")
    assert browser.find_element("css selector", ".doc-title").text
    browser.save_screenshot(str(SHOTS / "document-from-map.png"))


def test_timeline_leads_to_the_document_behind_an_event(browser, server):
    visit(browser, server + "/#/overview")
    bars = browser.find_elements("css selector", "#timeline rect.bar")
    tallest = max(bars, key=lambda b: float(b.get_attribute("height")))
    click(browser, tallest)
    wait_for(browser, "#selection .event-card")
    title = browser.find_element("css selector", "#selection-title").text
    assert tallest.get_attribute("data-period") in title
    browser.save_screenshot(str(SHOTS / "timeline-selection.png"))
    open_first_event(browser)
    assert browser.find_elements("css selector", ".record.event.selected")
    browser.save_screenshot(str(SHOTS / "document-from-timeline.png"))


def test_highlights_and_records_point_at_each_other(browser, server):
    visit(browser, server + "/#/overview")
    click(browser, wait_for(browser, "#map circle.dot"))
    open_first_event(browser)
    quote = browser.find_elements("css selector", ".record.quote")
    actor = browser.find_elements("css selector", ".record.actor")
    card = (quote or actor)[0]
    click(browser, card)
    assert "selected" in card.get_attribute("class")
    assert browser.find_elements("css selector", "#doc-text .hl.selected")


@pytest.mark.parametrize(
    ("view", "ready"),
    [("table", "#list-table tbody tr td"), ("network", "#network .node"), ("disagreements", "#disagreements > *"),
     ("threats", "#threats > *")],
)  # fmt: skip
def test_other_views_render(browser, server, view, ready):
    visit(browser, f"{server}/#/{view}")
    wait_for(browser, ready)
    browser.save_screenshot(str(SHOTS / f"{view}.png"))


def test_story_table_and_actor_page(browser, server):
    visit(browser, server + "/#/table")
    click(browser, browser.find_element("css selector", "#table-kind button[data-kind=stories]"))
    link = wait_for(browser, "#list-table a[href^='#/story/']")
    click(browser, link)
    wait_ready(browser)
    wait_for(browser, "#actor .event-card")
    visit(browser, server + "/#/network")
    node = wait_for(browser, "#network a.node")
    click(browser, node)
    wait_ready(browser)
    wait_for(browser, "#actor h2")
    browser.save_screenshot(str(SHOTS / "actor.png"))


def _assert_inert(driver) -> None:
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.execute_script("return document.querySelectorAll('main script, main img, main iframe').length") == 0
    handlers = driver.execute_script(
        "return [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on')))"
        ".length"
    )
    assert handlers == 0
    hrefs = driver.execute_script("return [...document.querySelectorAll('[href]')].map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]


def test_a_hostile_record_renders_inert(browser, server):
    from tests.web_records import hostile_record

    visit(browser, server + "/#/doc/doc-hostile")
    wait_for(browser, "#doc-text .hl-event")
    time.sleep(0.3)  # give any smuggled handler the chance to fire
    assert browser.find_element("css selector", ".doc-title").text == hostile_record().title
    assert "<script>" in browser.find_element("css selector", "#doc-text").text
    assert not browser.find_elements("css selector", ".doc-meta a.source-link")  # its javascript: URL is dropped
    _assert_inert(browser)
    browser.save_screenshot(str(SHOTS / "hostile-document.png"))


def test_a_hostile_article_through_the_pipeline_renders_inert(browser, server):
    import json
    import urllib.request

    with urllib.request.urlopen(server + "/api/documents?q=Invented alarm".replace(" ", "%20")) as response:
        assert response.headers["Content-Type"] == "application/json"
        items = json.load(response)["items"]
    assert items, "the hostile article was stored"
    visit(browser, f"{server}/#/doc/{items[0]['id']}")
    wait_for(browser, "#doc-text")
    for view in ("table", "overview", "threats"):
        visit(browser, f"{server}/#/{view}")
    time.sleep(0.3)
    _assert_inert(browser)


def test_no_view_breaks_the_content_policy_or_logs_errors(browser, server):
    browser.get_log("browser")  # drop what earlier tests logged
    for view in ("overview", "table", "network", "disagreements", "threats", "actor/TJK", "doc/doc-hostile"):
        visit(browser, f"{server}/#/{view}")
    severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
