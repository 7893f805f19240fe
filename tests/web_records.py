"""Invented records for the API and dashboard tests: a small, fully known store.

Every outlet, person and sentence here is invented for the tests.
"""

from __future__ import annotations

from tocsin.record import Actor, Claim, DocumentRecord, Event, Evidence, Magnitude, Place, Quote, Source, Threat
from tocsin.store import Store
from tocsin.stories import incremental


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _evidence(text: str, sentence: str) -> Evidence:
    start, end = _span(text, sentence)
    return Evidence(sentence=sentence, start=start, end=end)


def clash_record(doc_id: str, outlet: str, day: str, killed: int) -> DocumentRecord:
    s1 = f"Tajik border guards clashed with gunmen near Khorog on {day}, killing {killed} attackers."
    s2 = '"We will not allow the border to be crossed," the committee spokesman said.'
    s3 = "Officials warned that armed groups in Afghanistan threaten the whole region."
    text = f"{s1}\n\n{s2}\n\n{s3}"
    return DocumentRecord(
        id=doc_id,
        source=Source(url=f"https://{outlet.lower().replace(' ', '')}.example/{doc_id}", outlet=outlet),
        title=f"Border clash near Khorog ({outlet})",
        published=day,
        language="en",
        text=text,
        actors=[
            Actor(id="gov:TJK:border-service", name="Tajik border guards", kind="government", country="TJK",
                  sector="MIL", mentions=[_span(text, "Tajik border guards")]),
            Actor(id="AFG", name="Afghanistan", kind="state", country="AFG", mentions=[_span(text, "Afghanistan")]),
            Actor(id="group:gunmen", name="gunmen", kind="armed_group", mentions=[_span(text, "gunmen")]),
        ],
        places=[
            Place(id="geo:khorog", name="Khorog", country="TJK", lat=37.49, lon=71.55, feature="city",
                  mentions=[_span(text, "Khorog")]),
        ],
        events=[
            Event(id="e1", type="ASSAULT", source=["gov:TJK:border-service"], target=["group:gunmen"], date=day,
                  place="geo:khorog", magnitude=Magnitude(killed=killed), evidence=_evidence(text, s1),
                  confidence=0.8),
        ],
        quotes=[Quote(speaker_name="committee spokesman", text="We will not allow the border to be crossed",
                      direct=True, start=text.index("We will"), end=text.index(",\" the"))],
        claims=[Claim(subject="attackers", attribute="killed", value=killed, evidence=_evidence(text, s1))],
        threats=[Threat(holder=["gov:TJK:border-service"], source=["AFG"], kinds=["terrorism"], level="warning",
                        date=day, evidence=_evidence(text, s3))],
    )  # fmt: skip


def talks_record() -> DocumentRecord:
    s1 = "Kazakhstan and Uzbekistan agreed in Tashkent on 2 June 2025 to hold joint border patrols."
    text = s1 + "\n\nThe ministers met for three hours."
    return DocumentRecord(
        id="doc-talks",
        source=Source(url="https://steppe.example/talks", outlet="Invented Steppe Daily"),
        title="Neighbours agree on joint patrols",
        published="2025-06-02",
        text=text,
        actors=[
            Actor(id="KAZ", name="Kazakhstan", kind="state", country="KAZ", mentions=[_span(text, "Kazakhstan")]),
            Actor(id="UZB", name="Uzbekistan", kind="state", country="UZB", mentions=[_span(text, "Uzbekistan")]),
        ],
        places=[Place(id="geo:tashkent", name="Tashkent", country="UZB", lat=41.26, lon=69.21, feature="city",
                      mentions=[_span(text, "Tashkent")])],
        events=[Event(id="e1", type="AGREE", source=["KAZ"], target=["UZB"], date="2025-06-02",
                      place="geo:tashkent", evidence=_evidence(text, s1), confidence=0.9)],
    )  # fmt: skip


def hostile_record() -> DocumentRecord:
    """Markup in every field an article controls: none of it may run in the dashboard."""
    s1 = ('<img src=x onerror="window.__pwned=1"> Fighters <script>window.__pwned=2</script> '
          'attacked a post near Khorog on 3 June 2025.')  # fmt: skip
    s2 = 'Read more at <a href="javascript:window.__pwned=3">this link</a> and javascript:alert(1).'
    text = f"{s1}\n\n{s2}"
    return DocumentRecord(
        id="doc-hostile",
        source=Source(url="javascript:window.__pwned=4", outlet='<b onmouseover="window.__pwned=5">Outlet</b>'),
        title='<script>window.__pwned=6</script><img src=x onerror="window.__pwned=7">Hostile headline',
        published="2025-06-03",
        text=text,
        actors=[Actor(id='x" onerror="window.__pwned=8', name='<svg onload="window.__pwned=9">Fighters',
                      kind="armed_group", mentions=[_span(text, "Fighters")])],
        places=[Place(id="geo:khorog", name="Khorog", country="TJK", lat=37.49, lon=71.55, feature="city",
                      mentions=[_span(text, "Khorog")])],
        events=[Event(id="e1", type="ASSAULT", source=['x" onerror="window.__pwned=8'], date="2025-06-03",
                      place="geo:khorog", evidence=_evidence(text, s1), confidence=0.6)],
        quotes=[Quote(text="<script>window.__pwned=10</script>", direct=True, start=text.index("<script>"),
                      end=text.index("</script>") + 9)],
    )  # fmt: skip


def build(store: Store, hostile: bool = False) -> list[DocumentRecord]:
    records = [
        clash_record("doc-clash-a", "Invented Pamir Post", "2025-05-10", 4),
        clash_record("doc-clash-b", "Invented Oxus Herald", "2025-05-11", 9),
        talks_record(),
    ]
    if hostile:
        records.append(hostile_record())
    for record in records:
        incremental.save(store, record)
    return records
