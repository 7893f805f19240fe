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


def _uncovered(driver, elements):
    """The first element a person could click: nothing (the zoom buttons, a label) drawn over its centre."""
    return next((
        e for e in elements
        if driver.execute_script(
            """const r = arguments[0].getBoundingClientRect();
            return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === arguments[0];""", e)
    ), None)  # fmt: skip


def click_steady_dot(driver, css: str = "#map path.dot[data-precision=place]", timeout: float = 20) -> None:
    """Click the first uncovered dot once the map has settled: a dot a person clicks sits
    still, while one caught in a resize or a cluster animation is not where it is drawn."""
    wait_for(driver, css)
    deadline = time.monotonic() + timeout
    while True:
        dot = _uncovered(driver, driver.find_elements("css selector", css))
        before = dot.rect if dot else None
        time.sleep(0.3)
        if dot and dot.rect == before and _uncovered(driver, [dot]):
            break
        assert time.monotonic() < deadline, "the map's dots never came to rest"
    click(driver, dot)


def open_first_event(driver) -> None:
    from selenium.common.exceptions import TimeoutException

    try:
        card = wait_for(driver, "#selection .event-card")
    except TimeoutException:
        driver.save_screenshot(str(SHOTS / "no-selection.png"))
        said = driver.execute_script(
            "return ['selection-title', 'filter-error'].map((id) => document.getElementById(id).textContent)"
        )
        raise AssertionError(f"no event listed after the click; the page said {said!r}") from None
    click(driver, card)
    wait_ready(driver)
    wait_for(driver, "#doc-text .hl-event")


BORDER = "37.6,70.5,8"  # the Tajik–Afghan border around Ishkoshim and Darvoz, at district scale


def test_overview_shows_map_timeline_and_alerts(browser, server):
    visit(browser, server + "/#/overview")
    wait_for(browser, "#map .leaflet-marker-icon, #map path.dot")
    outlines = browser.find_elements("css selector", "#map .leaflet-overlay-pane path")
    assert len(outlines) > 20  # the Natural Earth countries, drawn offline
    assert browser.find_elements("css selector", "#timeline rect.bar")
    assert browser.find_element("css selector", "#counts").text.split()[1] == "documents"
    browser.set_window_size(1440, 1500)  # tall enough for the timeline, the map and the alerts
    try:
        visit(browser, f"{server}/#/overview?map={BORDER}")
        wait_for(browser, "#map path.dot")
        browser.save_screenshot(str(SHOTS / "overview.png"))
        click_steady_dot(browser, "#map path.dot")
        wait_for(browser, "#selection .event-card")
        browser.execute_script("window.scrollTo(0, 0)")
        browser.save_screenshot(str(SHOTS / "overview-selection.png"))
    finally:
        browser.set_window_size(1440, 1000)


BORDER_BOX = (36.4, 67.5, 38.9, 72.5)  # south, west, north, east


def _markers(driver) -> int:
    """Separate things drawn on the map inside the border box: single places and clusters."""
    return driver.execute_script(
        """const [s, w, n, e] = arguments[0], map = window.tocsinMap, box = map.getContainer().getBoundingClientRect();
        return [...document.querySelectorAll('#map path.dot, #map .marker-cluster')].filter((m) => {
          const r = m.getBoundingClientRect();
          const at = map.containerPointToLatLng([r.x + r.width / 2 - box.x, r.y + r.height / 2 - box.y]);
          return at.lat >= s && at.lat <= n && at.lng >= w && at.lng <= e;
        }).length""",
        list(BORDER_BOX),
    )


def test_the_map_zooms_to_the_border_and_separates_its_incidents(browser, server):
    visit(browser, f"{server}/#/overview?map=38,68,4")  # the whole region
    wait_for(browser, "#map .marker-cluster")
    wide = _markers(browser)
    zoom = browser.execute_script("return window.tocsinMap.getZoom()")
    click(browser, browser.find_element("css selector", "#map .leaflet-control-zoom-in"))
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return window.tocsinMap.getZoom()") > zoom)

    # the URL follows the map, so a link shares what the analyst zoomed to
    def zoom_in_url(d) -> bool:
        view = d.current_url.partition("map=")[2].split("&")[0].split(",")
        return len(view) == 3 and float(view[2]) > zoom

    WebDriverWait(browser, 10).until(zoom_in_url)
    visit(browser, f"{server}/#/overview?map={BORDER}")
    wait_for(browser, "#map path.dot")
    near = len(browser.find_elements("css selector", "#map path.dot"))
    assert near >= 3 and _markers(browser) > wide, "zoomed in, the border incidents come apart"
    browser.save_screenshot(str(SHOTS / "map-border.png"))


def test_map_leads_to_the_document_behind_an_event(browser, server):
    visit(browser, f"{server}/#/overview?map={BORDER}")
    click_steady_dot(browser)
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
    visit(browser, f"{server}/#/overview?map={BORDER}")
    click_steady_dot(browser)
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


def _count(driver, name: str) -> int:
    return int(driver.find_element("css selector", f"#counts [data-count={name}] strong").text.replace(",", ""))


def _cells(driver, column: str) -> list[str]:
    return [td.text for td in driver.find_elements("css selector", f"#list-table tbody td.{column}")]


def test_a_shared_link_shows_the_same_filtered_view(browser, server):
    link = f"{server}/#/table?kind=stories&country=Tajikistan&type=ASSAULT&sort=day&dir=asc"
    visit(browser, link)
    wait_for(browser, "#list-table tbody td.type")
    form = {n: browser.find_element("css selector", f"#filters [name={n}]").get_attribute("value")
            for n in ("country", "type")}  # fmt: skip
    assert form == {"country": "Tajikistan", "type": "ASSAULT"}
    types, days = _cells(browser, "type"), _cells(browser, "day")
    assert types and set(types) == {"ASSAULT"} and days == sorted(days)
    assert "filtered" in browser.find_element("css selector", "#counts").text
    stories = _count(browser, "stories")
    assert stories == len(types)  # the header counts follow the filters
    browser.refresh()
    wait_ready(browser)
    wait_for(browser, "#list-table tbody td.type")
    assert _cells(browser, "day") == days and _count(browser, "stories") == stories
    browser.save_screenshot(str(SHOTS / "table-filtered.png"))


def test_facets_filter_and_back_returns(browser, server):
    visit(browser, f"{server}/#/table?kind=events")
    wait_for(browser, "#list-table tbody td.type")
    everything = _count(browser, "events")
    facet = wait_for(browser, "#facets [data-facet=type] a.facet-value")
    value, shown = facet.get_attribute("data-value"), int(facet.find_element("xpath", "..").text.split()[-1])
    click(browser, facet)
    wait_ready(browser)
    wait_for(browser, "#facets [data-facet=type] .facet-active")
    assert f"type={value}" in browser.current_url
    assert browser.find_element("css selector", "#filters [name=type]").get_attribute("value") == value
    assert set(_cells(browser, "type")) == {value} and _count(browser, "events") == shown < everything
    browser.save_screenshot(str(SHOTS / "facets.png"))
    browser.back()
    wait_ready(browser)
    assert "type=" not in browser.current_url and _count(browser, "events") == everything


def test_a_bad_date_is_explained_and_stale_results_cleared(browser, server):
    visit(browser, f"{server}/#/table")
    wait_for(browser, "#list-table tbody td.type")
    field = browser.find_element("css selector", "#filters [name=since]")
    field.clear()
    field.send_keys("2025-13")
    click(browser, browser.find_element("css selector", "#filters button[type=submit]"))
    wait_ready(browser)
    message = browser.find_element("css selector", "#filter-error").text
    assert "YYYY" not in message or "2025-13" in message
    assert "not a day of the calendar" in message and "^" not in message
    assert not browser.find_elements("css selector", "#list-table tbody td")


def test_autocomplete_offers_countries_by_name(browser, server):
    visit(browser, f"{server}/#/table")
    field = browser.find_element("css selector", "#filters [name=country]")
    field.send_keys("Taj")
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(lambda d: d.find_elements("css selector", "#country-list option"))
    option = browser.find_element("css selector", "#country-list option")
    assert option.get_attribute("value") == "TJK" and "Tajikistan" in option.get_attribute("label")


@pytest.mark.parametrize(
    ("view", "table"),
    [("table?kind=events&country=TJK", "events"), ("table?kind=stories", "stories"),
     ("table?kind=documents", "documents"), ("overview", "alerts"), ("network", "network"),
     ("disagreements", "disagreements"), ("threats", "threats")],
)  # fmt: skip
def test_every_view_downloads_as_csv_and_json(browser, server, view, table):
    import csv
    import io
    import json
    import urllib.request

    from tocsin.exports.tables import TABLES

    visit(browser, f"{server}/#/{view}")
    links = {}
    for a in browser.find_elements("css selector", ".view:not([hidden]) .downloads a"):
        if f"/api/{table}." in a.get_attribute("href"):
            links[a.get_attribute("data-format")] = a.get_attribute("href")
    assert set(links) == {"csv", "json"}
    with urllib.request.urlopen(links["csv"]) as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        header = next(csv.reader(io.StringIO(response.read().decode())))
    assert header == list(TABLES[table].columns)  # the documented column set, as every CSV has
    with urllib.request.urlopen(links["json"]) as response:
        assert isinstance(json.load(response), list)


def test_the_api_explorer_works_offline(browser, server):
    visit(browser, server + "/docs")
    wait_for(browser, ".swagger-ui .opblock")
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    assert resources and all(r.startswith(server) for r in resources), "nothing is loaded from another host"
    assert browser.find_elements("css selector", ".swagger-ui .opblock-summary-path[data-path='/api/events']")
    browser.save_screenshot(str(SHOTS / "api-docs.png"))


def test_story_table_and_actor_page(browser, server):
    visit(browser, server + "/#/table?kind=stories")
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
    for view in (
        "overview",
        "table",
        "table?kind=documents",
        "network",
        "disagreements",
        "threats",
        "actor/TJK",
        "doc/doc-hostile",
    ):
        visit(browser, f"{server}/#/{view}")
    severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
