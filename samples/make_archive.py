"""Write samples/archive.warc.gz: a small web archive holding two invented sample pages.

Run from the repository root:  .venv/bin/python samples/make_archive.py
The output is reproducible: record ids and dates are fixed, so re-running it gives the same bytes.
Like every file in samples/, the pages are invented for demonstrations and tests; they are not real news.
"""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).with_name("archive.warc.gz")
CRAWLED = "2025-07-30T06:00:00Z"  # when the pages were archived, not when they were published
FOOTER = "Invented article for demonstrations and tests; not real news."

PAGES = [
    (
        "https://hindukushmonitor.example/security/2025/07/03/panj-clash-farkhor",
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Soldier and three smugglers killed in Panj river clash | Hindu Kush Monitor (sample outlet)</title>
<meta name="author" content="Hindu Kush Monitor desk">
<meta property="article:published_time" content="2025-07-03T17:45:00+04:30">
<link rel="canonical" href="https://hindukushmonitor.example/security/2025/07/03/panj-clash-farkhor">
</head><body>
<nav>Home / Afghanistan / Security</nav>
<div class="promo">Follow us on Telegram for breaking news</div>
<article>
<h1>Soldier and three smugglers killed in Panj river clash</h1>
<p class="date">Published: 3 July 2025</p>
<p>DUSHANBE/KUNDUZ, 3 July 2025 — A Tajik border guard and three suspected smugglers were killed in a
clash on the Panj river opposite Afghanistan's Kunduz province early on Thursday, officials on both sides said.</p>
<p>Tajikistan's State Committee for National Security said a group of about eight armed men tried to
cross into the Farkhor district of Khatlon region on inflatable boats and opened fire when challenged.
Border troops seized 25 kilograms of heroin and two rifles after the shooting.</p>
<p>A police spokesman for the Taliban authorities in Kunduz said Afghan forces had arrested two men on
their side of the river and were questioning them. He said Afghanistan would "not allow anyone to
disturb the peace of the border".</p>
<p>The committee said the smugglers had been covered by fire from the Afghan bank and called on Kabul to
take control of the area. It was the second armed incident on the border in less than two weeks.</p>
</article>
<section class="comments"><p>Comments (0)</p><p>Please log in to comment.</p></section>
<footer>&copy; 2025 Hindu Kush Monitor (sample outlet). {FOOTER}</footer>
</body></html>
""",
    ),
    (
        "https://steppeledger.example/security/russia-equipment-tajik-border-troops",
        f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Russia hands night-vision kit and drones to Tajik border troops — Steppe Ledger (sample outlet)</title>
<meta name="author" content="Steppe Ledger newsroom">
<meta property="article:published_time" content="2025-07-28T12:00:00+05:00">
<meta property="og:url" content="https://steppeledger.example/security/russia-equipment-tajik-border-troops">
</head><body>
<a href="#content">Skip to content</a>
<nav>Politics | Security | Business | Culture | Video</nav>
<main id="content">
<h1>Russia hands night-vision kit and drones to Tajik border troops</h1>
<p>28 July 2025 · Newsroom</p>
<p>DUSHANBE, 28 July 2025 (Steppe Ledger) — Russia on Monday handed over 120 night-vision devices,
30 reconnaissance drones and 15 off-road vehicles to the border troops of Tajikistan, the Russian
Embassy in Dushanbe said.</p>
<p>The equipment was delivered under the CSTO programme for the Tajik–Afghan border and was intended for
the mountain outposts of Gorno-Badakhshan, the embassy said. Russian Defence Minister Andrei Belousov
said in a message read at the ceremony that Moscow would keep helping its ally to guard "the most
vulnerable stretch of the alliance's southern frontier".</p>
<p>A Tajik border troops commander said the drones would let patrols watch river crossings at night
without exposing soldiers to fire from the opposite bank.</p>
<p>Tajikistan's Foreign Ministry said it was concerned about threats from armed groups in Afghanistan's
Badakhshan province and thanked Russia and other CSTO allies for their support.</p>
</main>
<div class="share">Share on social media</div>
<p class="tags">Tags: Russia, Tajikistan, CSTO, border</p>
<footer>&copy; Steppe Ledger (sample outlet), 2025. {FOOTER}</footer>
</body></html>
""",
    ),
]


def record_id(name: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}>"


def main() -> None:
    with OUT.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        info = writer.create_warcinfo_record(
            "archive.warc.gz", {"software": "samples/make_archive.py", "description": FOOTER}
        )
        info.rec_headers.replace_header("WARC-Record-ID", record_id("warcinfo"))
        info.rec_headers.replace_header("WARC-Date", CRAWLED)
        writer.write_record(info)
        for url, page in PAGES:
            body = page.encode("utf-8")
            request = writer.create_warc_record(
                url,
                "request",
                payload=BytesIO(f"GET {url} HTTP/1.1\r\nHost: {url.split('/')[2]}\r\n\r\n".encode()),
                warc_headers_dict={"WARC-Record-ID": record_id("request " + url), "WARC-Date": CRAWLED},
            )
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            response = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Record-ID": record_id("response " + url), "WARC-Date": CRAWLED},
            )
            writer.write_record(response)
            writer.write_record(request)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
