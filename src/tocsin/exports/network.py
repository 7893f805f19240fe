"""The actor network as GraphML: actors are nodes, and a directed edge from a source actor
to a target actor counts the stories (not the articles) in which one acted on the other,
in total (``weight``) and per PLOVER quad class, with their summed and mean intensity."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from typing import IO

import networkx as nx
from sqlalchemy import select

from tocsin.indicators.scale import QUAD_CLASSES
from tocsin.query import Filter
from tocsin.query.stories import story_clauses
from tocsin.store import Store, schema


def _nodes(store: Store) -> dict[str, dict]:
    """Each actor (or place acting as one) with its most common name, kind and country."""
    seen: dict[str, Counter] = defaultdict(Counter)
    a, p = schema.actors.c, schema.places.c
    with store.engine.connect() as conn:
        for actor_id, name, kind, country, sector in conn.execute(
            select(a.actor_id, a.name, a.kind, a.country, a.sector)
        ):
            seen[actor_id][(name, kind or "", country or "", sector or "")] += 1
        for place_id, name, feature, country in conn.execute(select(p.place_id, p.name, p.feature, p.country)):
            if place_id not in seen:
                seen[place_id][(name, f"place:{feature}", country or "", "")] += 1
    out = {}
    for node, counts in seen.items():
        name, kind, country, sector = counts.most_common(1)[0][0]
        out[node] = {"name": name, "kind": kind, "country": country, "sector": sector}
    return out


def actor_graph(store: Store, flt: Filter | None = None) -> nx.DiGraph:
    graph = nx.DiGraph()
    nodes = _nodes(store)
    s = schema.stories.c
    with store.engine.connect() as conn:
        query = select(s.id, s.source_ids, s.target_ids, s.quad_class, s.intensity)
        rows = conn.execute(query.where(*story_clauses(flt or Filter()))).all()
    for _story, src, tgt, quad, value in rows:
        for a in json.loads(src or "[]"):
            for b in json.loads(tgt or "[]"):
                if a == b:
                    continue
                for node in (a, b):
                    if node not in graph:
                        graph.add_node(node, **nodes.get(node, {"name": node, "kind": "", "country": "", "sector": ""}))
                if not graph.has_edge(a, b):
                    graph.add_edge(a, b, weight=0, intensity=0.0, **dict.fromkeys(QUAD_CLASSES, 0))
                edge = graph[a][b]
                edge["weight"] += 1
                edge[quad] = edge.get(quad, 0) + 1
                edge["intensity"] = round(edge["intensity"] + (value or 0.0), 2)
    for _a, _b, edge in graph.edges(data=True):
        edge["mean_intensity"] = round(edge["intensity"] / edge["weight"], 2)
    return graph


def write_graphml(store: Store, out: IO, flt: Filter | None = None) -> int:
    graph = actor_graph(store, flt)
    for line in nx.generate_graphml(graph):
        out.write(line + "\n")
    return graph.number_of_edges()
