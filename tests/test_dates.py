"""The dates stage on invented sentences: each form resolved against a publication date."""

from __future__ import annotations

import pytest

from tocsin.article import Article
from tocsin.knowledge import data_dir
from tocsin.pipeline import Config, new_document
from tocsin.stages.dates import find_timexes, load_grammar, make


@pytest.fixture(scope="module")
def grammar():
    return load_grammar(data_dir() / "time.yaml")


def values(grammar, text: str, published: str | None) -> dict[str, tuple[str | None, str | None]]:
    return {t.text: (t.value, t.end_value) for t in find_timexes(text, published, grammar)}


@pytest.mark.parametrize(
    ("text", "published", "surface", "expected"),
    [
        ("The talks ended on June 21, 2024 in Almaty.", "2024-07-02", "June 21, 2024", "2024-06-21"),
        ("The talks ended on 21 June 2024 in Almaty.", None, "21 June 2024", "2024-06-21"),
        ("The envoys met on Tuesday, March 11, in Bishkek.", "2025-03", "Tuesday, March 11", "2025-03-11"),
        ("The envoys met on April 11 in Osh.", "2025", "April 11", "2025-04-11"),
        ("The envoys met on 21 June in Osh.", "2024-06-25", "21 June", "2024-06-21"),
        ("A year-end meeting on December 30 was cut short.", "2025-01-04", "December 30", "2024-12-30"),
        ("In February, the council voted.", "2022-04-29", "In February", "2022-02"),
        ("In October, the council voted.", "2022-04-29", "In October", "2021-10"),
        ("In October, the council voted.", "2022", "In October", "2022-10"),
        ("The depot burned in early April, officials said.", "2022-04-29", "in early April", "2022-04"),
        ("Work is due to begin in June.", "2025-05-08", "in June", "2025-06"),
        ("The envoy arrived in Sept. 2021 by road.", None, "Sept. 2021", "2021-09"),
        ("During a call on Friday, the ministers agreed.", "2022-04-29", "on Friday", "2022-04-29"),
        ("During a call on Monday, the ministers agreed.", "2022-04-29", "on Monday", "2022-04-25"),
        ("A bomb killed six earlier in the day.", "2022-04-29", "earlier in the day", "2022-04-29"),
        ("Today the border post reopened.", "2023-08-10", "Today", "2023-08-10"),
        ("Last week, the envoy flew to Kabul.", "2022-04-29", "Last week", "2022-04"),
        ("Earlier this week, the envoy flew to Kabul.", "2022-04-29", "Earlier this week", "2022-04"),
        ("Two patrols were ambushed this month.", "2023-11-20", "this month", "2023-11"),
        ("Last year, the pipeline was finished.", "2025", "Last year", "2024"),
        ("Last year, the pipeline was finished.", "2022-04-29", "Last year", "2021"),
        ("He spoke at the end of last year in Tashkent.", "2022-04-29", "at the end of last year", "2021-12"),
        ("The plan has been drafted since 2013.", "2025", "since 2013", "2013"),
        ("Troops left in August 2021 after two decades.", "2025", "August 2021", "2021-08"),
        ("The road was closed yesterday.", "2023-03-01", "yesterday", "2023-02-28"),
        ("The road was closed three days ago.", "2023-03-01", "three days ago", "2023-02-26"),
    ],
)
def test_each_form_resolves_at_the_precision_its_words_support(grammar, text, published, surface, expected):
    assert values(grammar, text, published)[surface][0] == expected


def test_year_ranges_give_a_start_and_an_end(grammar):
    found = values(grammar, "Deliveries are planned for 2026-2027. The last phase (2027–2029) follows.", "2025")
    assert found["2026-2027"] == ("2026", "2027")
    assert found["2027–2029"] == ("2027", "2029")


def test_a_bare_month_follows_the_year_named_earlier_in_its_paragraph(grammar):
    found = values(grammar, "In May 2023, Astana lifted the ban. In September, Bishkek did the same.", "2025")
    assert found["In September"][0] == "2023-09"


def test_no_year_means_no_value(grammar):
    found = values(grammar, "On Thursday the minister vowed support. The summit opened on June 21.", None)
    assert found["On Thursday"] == (None, None)
    assert found["June 21"] == (None, None)


def test_weekdays_need_a_publication_day(grammar):
    assert values(grammar, "The ministers met on Friday.", "2022-04")["on Friday"][0] is None


def test_words_that_only_look_like_dates_are_left_alone(grammar):
    found = values(grammar, "The rebels may march on the capital; 2000 soldiers and the 201st base stand by.", "2024")
    assert found == {}


def test_the_stage_fills_timexes_whose_spans_are_in_the_text():
    text = "On April 11, the envoy met the president. Last year 1,500 militants gathered."
    doc = new_document(Article(path=None, text=text, published="2025"))
    doc.record.text, doc.record.published = text, "2025"
    make(Config(data=data_dir()))(doc)
    assert [t.value for t in doc.timexes] == ["2025-04-11", "2024"]
    assert all(text[t.start : t.end] == t.text for t in doc.timexes)


@pytest.mark.parametrize("text", ["", "\u200b\u200b", "Jan", "12/40/9999", "On 31 February 2024 nothing."])
def test_odd_input_does_not_crash(grammar, text):
    find_timexes(text, "2024-02-10", grammar)
    find_timexes(text, "garbage", grammar)


@pytest.mark.parametrize(
    ("text", "published", "surface", "expected"),
    [
        # a day to come: the coming Thursday (publication on a Wednesday)
        ("The president will travel to Osh on Thursday.", "2019-03-27", "on Thursday", "2019-03-28"),
        ("The president travelled to Osh on Thursday.", "2019-03-27", "on Thursday", "2019-03-21"),
        # a vague count gives what both ends of its span share
        ("Work began a few months ago.", "2024-12-17", "few months ago", "2024"),
        ("Work began several days ago.", "2024-12-17", "several days ago", "2024-12"),
        ("Work began a few months ago.", "2024-04-10", "few months ago", None),
        ("Talks are planned before the end of the year.", "2023-10-19", "the end of the year", "2023-12"),
        ("In the past month, two posts were attacked.", "2022-01-04", "the past month", "2021-12"),
    ],
)
def test_more_forms(grammar, text, published, surface, expected):
    assert values(grammar, text, published)[surface][0] == expected


def test_ranges_of_days_and_short_year_ranges(grammar):
    found = values(
        grammar, "The drills ran on May 3-7 and again 10–12 June 2024, as in the 2022–23 season.", "2024-08-01"
    )
    assert found["May 3-7"] == ("2024-05-03", "2024-05-07")
    assert found["10–12 June 2024"] == ("2024-06-10", "2024-06-12")
    assert found["2022–23"] == ("2022", "2023")


def test_a_language_without_a_section_reads_english(tmp_path):
    assert load_grammar(data_dir() / "time.yaml", "xx").months["june"] == 6


def test_the_russian_section_reads_lower_case_month_names():
    russian = load_grammar(data_dir() / "time.yaml", "ru")
    found = {
        t.text: t.value for t in find_timexes("Соглашение подписали 21 февраля 2025 года в Бишкеке.", None, russian)
    }
    assert found == {"21 февраля 2025 года": "2025-02-21"}


def test_anchored_phrases_count_from_the_date_the_text_last_named(grammar):
    text = (
        "Guards logged 17 clashes in 2025. There were six the year before. "
        "Talks began on 3 May 2024 and ended the next day."
    )
    found = values(grammar, text, "2026-02-10")
    assert found["the year before"][0] == "2024"
    assert found["the next day"][0] == "2024-05-04"
    # with no date named before, from the publication date
    assert (
        values(grammar, "Exports fell below the level of the previous year.", "2026-02-10")["the previous year"][0]
        == "2025"
    )
