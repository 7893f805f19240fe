"""An invented news site for the watch tests: three batches of articles, published over
time, whose third batch is an escalation of cross-border attacks. Every outlet, article
and sentence here is made up for the tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from html import escape

from tests.local_web import Site


@dataclass(frozen=True)
class Story:
    slug: str
    published: str  # YYYY-MM-DD
    title: str
    body: str
    via: str = "feed"  # feed, sitemap, or redirect (the feed links an address that redirects to the page)


QUIET = [
    Story(
        "first-shots",
        "2025-01-21",
        "Shots fired at a border post",
        "Gunmen from Afghanistan opened fire on Tajik border guards near Khorog on Monday, wounding one soldier, "
        "the Tajik border service said.",
    ),
    Story(
        "water-pact",
        "2025-01-22",
        "Neighbours sign a water pact",
        "Kyrgyzstan and Uzbekistan signed an agreement on border crossings in Osh on Tuesday, "
        "the Kyrgyz Foreign Ministry said.",
    ),
    Story(
        "steppe-talks",
        "2025-02-06",
        "Talks on rivers in the capital",
        "Kazakhstan and Kyrgyzstan held talks on water sharing in Bishkek on Wednesday.",
        via="sitemap",
    ),
]
QUIET_2 = [
    Story(
        "rail-deal",
        "2025-02-19",
        "A railway deal is signed",
        "Kazakhstan and Uzbekistan signed an agreement on a new railway line in Tashkent on Tuesday, "
        "the Uzbek Transport Ministry said.",
        via="redirect",
    ),
    Story(
        "grain-talks",
        "2025-03-05",
        "Grain talks continue",
        "Kyrgyzstan and Kazakhstan held talks on grain exports in Astana on Tuesday.",
        via="sitemap",
    ),
]
ESCALATION = [
    Story(
        "khorog-attack",
        "2025-03-18",
        "Border guards come under fire near Khorog",
        "Gunmen from Afghanistan opened fire on Tajik border guards near Khorog on Monday, wounding two soldiers, "
        "the Tajik border service said.",
    ),
    Story(
        "panj-attack",
        "2025-03-19",
        "Post attacked near Panj",
        "Armed men from Afghanistan fired on Tajik border troops near Panj on Tuesday, killing one guard, "
        "the border service said.",
    ),
    Story(
        "ishkashim-shelling",
        "2025-03-20",
        "Shelling near Ishkashim",
        "Taliban fighters shelled a Tajik border post near Ishkashim late on Wednesday, "
        "the Tajik Defence Ministry said.",
        via="sitemap",
    ),
    Story(
        "khorog-again",
        "2025-03-22",
        "Khorog post hit again",
        "Gunmen from Afghanistan attacked Tajik border guards near Khorog on Friday, wounding three soldiers, "
        "the Tajik border service said.",
    ),
    Story(
        "panj-again",
        "2025-03-22",
        "Second attack in Panj this week",
        "Armed men from Afghanistan fired on Tajik border troops near Panj on Thursday, the border service said.",
    ),
]
BATCHES = [QUIET, QUIET_2, ESCALATION]


def page(story: Story) -> str:
    """An article page with no date of its own: the listing's date has to stand in."""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(story.title)}</title></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/region'>Region</a></nav><article><h1>{escape(story.title)}</h1>"
        f"<p>{escape(story.body)}</p><p>The officials gave no further details and said an inquiry had begun.</p>"
        "</article><footer>Invented Frontier Courier, an outlet made up for tests</footer></body></html>"
    )


def _rfc822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(day + "T09:30:00").replace(tzinfo=UTC))


def feed(site: Site, stories: list[Story], extra: list[tuple[str, str, str]] = ()) -> str:
    def link(s: Story) -> str:
        return site.url(f"/go/{s.slug}" if s.via == "redirect" else f"/news/{s.slug}.html")

    items = [(link(s), s.title, s.published) for s in stories] + list(extra)
    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link><pubDate>{_rfc822(d)}</pubDate></item>"
        for u, t, d in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Invented Frontier Courier</title>"
        f"<link>{site.base}/</link><description>Made up for tests</description>{body}</channel></rss>"
    )


def sitemap(site: Site, stories: list[Story]) -> str:
    urls = "".join(
        f"<url><loc>{escape(site.url(f'/news/{s.slug}.html'))}</loc><news:news><news:publication>"
        "<news:name>Invented Frontier Courier</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{s.published}T08:00:00+05:00</news:publication_date>"
        f"<news:title>{escape(s.title)}</news:title></news:news></url>"
        for s in stories
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        f"xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{urls}</urlset>"
    )


def publish(site: Site, batches: list[list[Story]], extra: list[tuple[str, str, str]] = ()) -> None:
    """Put the articles of these batches on the site, and list them in the feed and sitemap."""
    stories = [s for batch in batches for s in batch]
    for s in stories:
        if f"/news/{s.slug}.html" not in site.pages:  # keep a page's planned misbehaviour
            site.put(f"/news/{s.slug}.html", page(s))
        if s.via == "redirect":
            site.put(f"/go/{s.slug}", b"", redirect=site.url(f"/news/{s.slug}.html"))
    listed = [s for s in stories if s.via != "sitemap"]
    site.put("/rss.xml", feed(site, listed, extra), type="application/rss+xml")
    site.put("/sitemap-news.xml", sitemap(site, [s for s in stories if s.via == "sitemap"]), type="application/xml")


TODAY = date(2025, 3, 24)
