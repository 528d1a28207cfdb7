"""Node positions for the graph page, computed once in Python: seeded, deterministic, fast.

The page draws these positions with physics off, so a graph of 5,000 entities
is on screen as soon as the browser has parsed it (vis-network's own physics
took 8-17 s to settle there). :func:`layout_positions` works on the
undirected simple view of the entity graph:

1. each connected component is laid out on its own: a PivotMDS start
   (Brandes & Pich 2006: breadth-first distances from up to 50 far-apart
   pivot nodes, double-centred, the two leading eigenvectors), then
   Fruchterman-Reingold steps in which every pair of nodes repels; above a
   few hundred nodes the repulsion is summed exactly only between close
   nodes (a k-d tree finds them) and through an FFT on a mesh for the rest,
   so one step costs about the number of nodes plus edges, not its square;
2. the components are packed in rows, largest first, into a rectangle about
   as wide as the page's drawing area.

Everything is numpy and scipy, and a seeded generator breaks the ties (the
leaves of one hub start at one point), so the same graph always gives the
same integer coordinates. ``bench/bench_viz.py --layouts`` compares this with
networkx's ``forceatlas2_layout`` and ``spring_layout`` (the numbers are in the
README).

Examples
--------
>>> import networkx as nx
>>> pos = layout_positions(nx.path_graph(["a", "b", "c"]))
>>> sorted(pos)
['a', 'b', 'c']
>>> pos == layout_positions(nx.path_graph(["a", "b", "c"]))
True
>>> all(isinstance(v, int) for xy in pos.values() for v in xy)
True
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import numpy as np

__all__ = ["EDGE_LENGTH", "layout_positions"]

EDGE_LENGTH = 150.0
"""Pixels per unit edge length in the page (vis-network coordinates)."""

_PIVOTS = 50
_EXACT_MAX = 400  # components up to this size sum every pair's repulsion
_FULL_STEPS_MAX = 2000  # components up to this size take all the steps; larger ones proportionally fewer, 50 at least
_NEAR_IN, _NEAR_OUT = 1.5, 3.0  # grid cells: exact repulsion below, mesh above, blended between
_ASPECT = 1.25  # width / height of the packed rectangle (the page's drawing area is wider than tall)


def layout_positions(graph: nx.Graph, *, seed: int = 42, iterations: int = 120,
                     edge_length: float = EDGE_LENGTH) -> dict[Any, tuple[int, int]]:
    """Return ``{node: (x, y)}`` for an undirected ``graph`` (integer page coordinates).

    Edge attribute ``weight`` (default 1) pulls harder on entities linked by
    several relations. Nodes are ordered by ``str(node)`` first, so the result
    does not depend on the order in which the graph was built. Components of
    up to 2,000 nodes take ``iterations`` force steps; larger ones start
    closer to their final shape and take proportionally fewer (50 at least).
    """
    import numpy as np

    nodes = sorted(graph.nodes, key=str)
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    components = sorted((sorted(index[n] for n in comp) for comp in _components(graph)),
                        key=lambda c: (-len(c), c[0]))
    boxes = []
    for comp in components:
        local = {g: i for i, g in enumerate(comp)}
        # sorted, so that float sums run in the same order whatever order the graph was built in
        links = sorted((min(local[index[u]], local[index[v]]), max(local[index[u]], local[index[v]]), float(w))
                       for u, v, w in graph.subgraph([nodes[i] for i in comp]).edges(data="weight", default=1)
                       if u != v)
        edges = np.array([(a, b) for a, b, _ in links], dtype=np.int64).reshape(-1, 2)
        pos = _component_layout(len(comp), edges, np.array([w for *_, w in links], dtype=float), rng, iterations)
        boxes.append((comp, pos))
    placed = _pack(boxes)
    xy = np.zeros((len(nodes), 2))
    for comp, pos in placed:
        xy[comp] = pos
    xy = (xy - (xy.min(axis=0) + xy.max(axis=0)) / 2) * edge_length
    return {node: (int(round(xy[i, 0])), int(round(xy[i, 1]))) for i, node in enumerate(nodes)}


def _components(graph: nx.Graph) -> list[set]:
    import networkx as nx

    return list(nx.connected_components(graph))


def _component_layout(n: int, edges: np.ndarray, weights: np.ndarray, rng: np.random.Generator,
                      iterations: int) -> np.ndarray:
    """Positions of one connected component, in edge-length units, centred on 0."""
    import numpy as np

    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    pos = _pivot_mds(n, edges)
    pos += rng.normal(scale=0.05, size=pos.shape)  # leaves of one hub share a start
    # the PivotMDS start already has the global shape: big components need fewer steps to settle
    steps = max(min(iterations, 50), min(iterations, iterations * _FULL_STEPS_MAX // n))
    pos = _refine(pos, edges, weights, steps)
    return pos - pos.mean(axis=0)


def _pivot_mds(n: int, edges: np.ndarray) -> np.ndarray:
    """PivotMDS: the component's graph distances to far-apart pivots, reduced to two dimensions."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import shortest_path

    adj = coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n)).tocsr()
    degree = np.bincount(edges.ravel(), minlength=n)
    k = min(_PIVOTS, n)
    dist = np.empty((k, n))
    nearest = np.full(n, np.inf)
    pivot = int(np.argmax(degree))  # the first hub (lowest index among equals)
    for i in range(k):
        dist[i] = shortest_path(adj, directed=False, unweighted=True, indices=pivot)
        nearest = np.minimum(nearest, dist[i])
        pivot = int(np.argmax(nearest))
    squared = dist.T ** 2  # n x k
    centred = -0.5 * (squared - squared.mean(axis=0) - squared.mean(axis=1)[:, None] + squared.mean())
    # the two leading eigenvectors of the small k x k matrix C'C (an SVD of C costs 100 times more)
    _, vectors = np.linalg.eigh(centred.T @ centred)
    pos = centred @ vectors[:, ::-1][:, :2]
    for axis in range(2):  # the sign of an eigenvector is arbitrary: fix it
        if pos[np.argmax(np.abs(pos[:, axis])), axis] < 0:
            pos[:, axis] = -pos[:, axis]
    pos -= pos.mean(axis=0)
    # room for every node at about one edge length from the next: a disc of radius ~ sqrt(n) / 2,
    # so the exact near field starts with few pairs (graph distances crowd thousands of nodes
    # into a few units when hubs make the diameter small)
    radius = np.sqrt((pos ** 2).sum(axis=1).mean())
    lengths = np.linalg.norm(pos[edges[:, 0]] - pos[edges[:, 1]], axis=1).mean()
    scale = max(0.5 * np.sqrt(n) / max(radius, 1e-9), 1.0 / max(lengths, 1e-9))
    return pos * scale


def _refine(pos: np.ndarray, edges: np.ndarray, weights: np.ndarray, iterations: int) -> np.ndarray:
    """Fruchterman-Reingold steps (edge length 1), cooling linearly.

    Every pair of nodes repels with ``1 / d``; an edge pulls with ``d^2``.
    Components of up to ``_EXACT_MAX`` nodes sum the repulsion over all pairs.
    Larger ones split it (particle-particle/particle-mesh): pairs closer than
    ``_NEAR_OUT`` mesh cells are summed exactly (a k-d tree finds them), the
    rest comes from the masses spread on a square mesh and convolved with the
    force kernel by FFT, so one step costs about O(n + m + G^2 log G) instead
    of O(n^2). The mesh has about two cells per node spacing whatever the size.
    """
    import numpy as np

    n = len(pos)
    src, dst = edges[:, 0], edges[:, 1]
    pull = np.minimum(weights, 4.0)
    start = max(0.1 * np.sqrt(n), 1.0)
    for step in range(iterations):
        temperature = start * (1 - step / iterations) + 0.02
        if n <= _EXACT_MAX:
            delta = pos[:, None, :] - pos[None, :, :]
            dist2 = (delta ** 2).sum(axis=2)
            np.fill_diagonal(dist2, np.inf)
            disp = (delta / np.maximum(dist2, 1e-6)[:, :, None]).sum(axis=1)
        else:
            low = pos.min(axis=0)
            extent = max(float((pos.max(axis=0) - low).max()), 1e-6)
            grid = _grid_size(pos, extent)
            cell = extent / (grid - 3)
            disp = _far_field(pos, low, cell, grid) + _near_field(pos, cell)
        delta = pos[dst] - pos[src]
        dist = np.sqrt((delta ** 2).sum(axis=1))
        tug = delta * (dist * pull)[:, None]  # d^2 along the unit vector
        for axis in range(2):
            disp[:, axis] += np.bincount(src, tug[:, axis], n) - np.bincount(dst, tug[:, axis], n)
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-9)
        pos = pos + disp * (np.minimum(length, temperature) / length)[:, None]
    return pos


def _grid_size(pos: np.ndarray, extent: float) -> int:
    """Mesh cells per side (a power of two, 64 to 256; 512 above 8,000 nodes).

    A cell should be about as wide as the space between two nodes where they
    are densest (the middle half of the layout): wider cells put too many
    pairs in the exact near field, narrower ones cost FFT time for nothing.

    >>> import numpy as np
    >>> _grid_size(np.random.default_rng(0).uniform(0, 70, size=(5000, 2)), 70.0)  # one node per unit
    64
    """
    import numpy as np

    n = len(pos)
    low, high = np.percentile(pos, [25, 75], axis=0)
    inside = int(((pos >= low) & (pos <= high)).all(axis=1).sum())
    area = float(np.prod(high - low))
    spacing = np.sqrt(area / inside) if inside >= 10 and area > 0 else extent / np.sqrt(n)
    wanted = extent / max(1.3 * spacing, 1e-9) + 3
    top = 512 if n > 8000 else 256
    return int(min(top, max(64, 2 ** np.ceil(np.log2(wanted)))))


def _near_field(pos: np.ndarray, cell: float) -> np.ndarray:
    """The exact part of the repulsion: pairs closer than ``_NEAR_OUT`` mesh cells."""
    import numpy as np
    from scipy.spatial import cKDTree

    n = len(pos)
    disp = np.zeros_like(pos)
    pairs = cKDTree(pos, balanced_tree=False).query_pairs(_NEAR_OUT * cell, output_type="ndarray")
    if len(pairs):
        a, b = pairs[:, 0], pairs[:, 1]
        delta = pos[a] - pos[b]
        dist2 = np.maximum((delta ** 2).sum(axis=1), 1e-6)
        push = delta * ((1 - _smoothstep(np.sqrt(dist2) / cell)) / dist2)[:, None]
        for axis in range(2):
            disp[:, axis] += np.bincount(a, push[:, axis], n) - np.bincount(b, push[:, axis], n)
    return disp


def _smoothstep(r: np.ndarray) -> np.ndarray:
    """0 below ``_NEAR_IN`` cells, 1 above ``_NEAR_OUT``, smooth between: the far field's share."""
    import numpy as np

    t = np.clip((r - _NEAR_IN) / (_NEAR_OUT - _NEAR_IN), 0.0, 1.0)
    return t * t * (3 - 2 * t)


@lru_cache(maxsize=4)
def _far_kernel(grid: int) -> tuple[np.ndarray, np.ndarray]:
    """FFTs of the far-field force kernel on a (2G)^2 grid, in cell units."""
    import numpy as np

    size = 2 * grid
    offsets = np.fft.fftfreq(size, 1.0 / size)  # 0, 1, ..., G-1, -G, ..., -1
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    r2 = dx ** 2 + dy ** 2
    r2[0, 0] = 1.0
    share = _smoothstep(np.sqrt(r2)) / r2
    return np.fft.rfft2(dx * share), np.fft.rfft2(dy * share)


def _far_field(pos: np.ndarray, low: np.ndarray, cell: float, grid: int) -> np.ndarray:
    """The far part of every node's repulsion: cloud-in-cell masses, FFT convolution, bilinear read.

    The mesh's corner is ``low`` and its cells are ``cell`` wide; ``grid``
    cells per side leave a cell of margin around the nodes.
    """
    import numpy as np

    n = len(pos)
    where = (pos - low) / cell + 1.0  # inside [1, G - 2]
    corner = np.floor(where).astype(np.int64)
    frac = where - corner
    weights = ((1 - frac[:, 0]) * (1 - frac[:, 1]), frac[:, 0] * (1 - frac[:, 1]),
               (1 - frac[:, 0]) * frac[:, 1], frac[:, 0] * frac[:, 1])
    cells = [(corner[:, 0] + i) * grid + corner[:, 1] + j for i, j in ((0, 0), (1, 0), (0, 1), (1, 1))]
    mass = np.zeros(grid * grid)
    for index, w in zip(cells, weights):
        mass += np.bincount(index, w, grid * grid)
    size = 2 * grid
    spectrum = np.fft.rfft2(mass.reshape(grid, grid), s=(size, size))
    kernel = _far_kernel(grid)
    out = np.zeros((n, 2))
    for axis in range(2):
        field = np.fft.irfft2(spectrum * kernel[axis], s=(size, size))[:grid, :grid].ravel() / cell
        out[:, axis] = sum(field[index] * w for index, w in zip(cells, weights))
    return out


def _pack(boxes: list[tuple[list[int], np.ndarray]]) -> list[tuple[list[int], np.ndarray]]:
    """Place the components in rows, largest first, in a rectangle of aspect ``_ASPECT``."""
    import numpy as np

    gap = 1.5
    sizes = []
    for _, pos in boxes:
        low, high = pos.min(axis=0), pos.max(axis=0)
        sizes.append((low, high - low + gap))
    area = sum(float(wh[0] * wh[1]) for _, wh in sizes)
    width = max(max(float(wh[0]) for _, wh in sizes), np.sqrt(area * _ASPECT))
    placed = []
    x = y = row = 0.0
    for (comp, pos), (low, wh) in zip(boxes, sizes):
        if x > 0 and x + wh[0] > width:
            x, y, row = 0.0, y + row, 0.0
        placed.append((comp, pos - low + np.array([x, y])))
        x += wh[0]
        row = max(row, float(wh[1]))
    return placed
