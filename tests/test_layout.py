"""Tests of kg.layout: deterministic positions, packed components, an accurate far field."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from kg import layout
from kg.layout import layout_positions


def _news_like(n: int, seed: int = 7) -> nx.Graph:
    """Hubs and leaves, a few pairs and isolated entities: the shape of a news graph."""
    rng = random.Random(seed)
    g = nx.Graph()
    g.add_nodes_from(f"e{i}" for i in range(n))
    for i in range(1, int(n * 0.6)):
        g.add_edge(f"e{i}", f"e{int(rng.random() ** 2 * i)}")  # preferential: low indices become hubs
    for i in range(int(n * 0.6), int(n * 0.8), 2):
        g.add_edge(f"e{i}", f"e{i + 1}")  # pairs
    return g


def test_same_graph_same_positions_whatever_the_insertion_order():
    g = _news_like(300)
    h = nx.Graph()
    h.add_nodes_from(sorted(g.nodes, reverse=True))
    h.add_edges_from(sorted(g.edges, reverse=True))
    assert layout_positions(g) == layout_positions(h)
    assert layout_positions(g, seed=1) != layout_positions(g)


def test_components_do_not_overlap_and_the_largest_comes_first():
    g = _news_like(400)
    pos = layout_positions(g)
    assert set(pos) == set(g.nodes)
    boxes = []
    for comp in sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c))):
        xy = np.array([pos[n] for n in comp])
        boxes.append((xy.min(axis=0), xy.max(axis=0)))
    for i, (low_a, high_a) in enumerate(boxes):
        for low_b, high_b in boxes[i + 1:]:
            apart = (high_a < low_b) | (high_b < low_a)
            assert apart.any(), "two components share a region"
    # the biggest component is packed first, at the top left
    top_left = np.array([min(p[0] for p in pos.values()), min(p[1] for p in pos.values())])
    assert np.allclose(boxes[0][0], top_left, atol=1)


def test_neighbours_sit_closer_than_strangers():
    g = nx.connected_watts_strogatz_graph(600, 4, 0.05, seed=3)  # one component, above the exact-sum size
    pos = layout_positions(g)
    xy = {n: np.array(p, dtype=float) for n, p in pos.items()}
    linked = np.median([np.linalg.norm(xy[u] - xy[v]) for u, v in g.edges])
    rng = random.Random(0)
    nodes = list(g.nodes)
    strangers = np.median([np.linalg.norm(xy[a] - xy[b]) for a, b in (rng.sample(nodes, 2) for _ in range(2000))
                           if not g.has_edge(a, b)])
    assert linked * 5 < strangers
    assert len(set(pos.values())) == len(pos)  # no two nodes on one point


@pytest.mark.parametrize("spread", ["uniform", "clustered"])
def test_mesh_repulsion_matches_the_exact_sum(spread):
    rng = np.random.default_rng(1)
    if spread == "uniform":
        pos = rng.uniform(0, 40, size=(1500, 2))
    else:
        pos = np.concatenate([rng.normal(c, 3, size=(375, 2)) for c in ((0, 0), (30, 5), (10, 40), (-20, 20))])
    delta = pos[:, None, :] - pos[None, :, :]
    dist2 = (delta ** 2).sum(axis=2)
    np.fill_diagonal(dist2, np.inf)
    exact = (delta / dist2[:, :, None]).sum(axis=1)
    low = pos.min(axis=0)
    extent = float((pos.max(axis=0) - low).max())
    grid = layout._grid_size(pos, extent)
    cell = extent / (grid - 3)
    approx = layout._far_field(pos, low, cell, grid) + layout._near_field(pos, cell)
    error = np.linalg.norm(approx - exact, axis=1) / np.linalg.norm(exact, axis=1)
    assert np.median(error) < 0.02 and np.percentile(error, 90) < 0.06


def test_empty_and_tiny_graphs():
    assert layout_positions(nx.Graph()) == {}
    one = nx.Graph()
    one.add_node("a")
    assert layout_positions(one) == {"a": (0, 0)}
    two = layout_positions(nx.path_graph(["a", "b"]))
    assert two["a"][1] == two["b"][1] and abs(two["a"][0] - two["b"][0]) == 150
