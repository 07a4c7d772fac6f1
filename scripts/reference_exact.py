#!/usr/bin/python3
"""Exact weighted betweenness for refnet's tests, computed with igraph on
integer path lengths.

Run from the repository root with Debian's Python (python3-igraph,
python3-networkx), igraph single-threaded:

    OMP_NUM_THREADS=1 /usr/bin/python3 scripts/reference_exact.py [dataset ...]

It writes testdata/reference/<dataset>.exact.json for every weighted
dataset of scripts/reference.py and the synthetic networks, and prints what
it wrote.

Why: under the rating weight an arc of weight w has length 1/w. Lengths
such as 1/3 or 1/6 are not binary fractions, so two paths of the same
length on paper (1 + 1/6 + 1/6 and 1 + 1/3) can add up to floats one unit
apart. NetworkX (and gonum) decide ties by comparing float sums exactly and
then count one shortest path where there are two; igraph compares with a
relative tolerance of 1e-10. Neither is exact by construction. Here the
weights are read as exact rationals (each rating is the decimal in the file,
Fraction(repr(float))) and summed per ordered pair as refnet does (positive
ratings only); with D the least common multiple of the denominators of the
lengths 1/w, every length D/w is an integer. Sums of integers are exact in
doubles below 2**53, and distinct integer path lengths below 1e9 differ by
far more than igraph's tolerance, so igraph's betweenness on these integer
lengths is the exact betweenness of the network (betweenness does not
change when every length is multiplied by D). The script checks both
bounds.

Each <dataset>.exact.json holds (node ids are the ids in the file):

  betweenness_rating   igraph Graph.betweenness(directed=True,
                       weights=<integer lengths>), every node: the exact
                       unnormalised betweenness under 1/rating lengths.
  scale                D; lengths are D/w.
  weights              the distinct arc weights w, as "p/q" or "p" strings.
  max_length           the largest integer length.
  checks               networkx_float_max_rel_diff: NetworkX's figures in
                       <dataset>.json (betweenness.rating, float lengths
                       1/w, exact float ties) against the exact ones,
                       max |a-b|/max(|b|,1); networkx_integer_max_rel_diff
                       (small networks only): NetworkX on the same integer
                       lengths against igraph, a second opinion.
"""

import json
import math
import os
import sys
import time
from fractions import Fraction

import igraph
import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402  (the dataset readers and file list)

ROOT = reference.ROOT
OUT = reference.OUT

# Weighted datasets of reference.py, plus the synthetic networks (their
# referral logs are stored in synthetic-<seed>.json).
DATASETS = [name for name, (_, _, weighted) in reference.DATASETS.items() if weighted]
SYNTHETIC = ["synthetic-11", "synthetic-12", "synthetic-13"]
# NetworkX's pure-Python betweenness is run as a second opinion on these.
SMALL = {"moreno_seventh", "moreno_highschool", "moreno_oz"} | set(SYNTHETIC)


def exact(r):
    """The decimal a rating was written as, as an exact rational."""
    return Fraction(repr(float(r)))


def aggregate(records):
    """Nodes in order of first appearance and, per ordered pair, the exact
    sum of its positive ratings (the rating weight refnet compiles)."""
    nodes, seen, arcs = [], set(), {}
    for u, v, r in records:
        for x in (u, v):
            if x not in seen:
                seen.add(x)
                nodes.append(x)
        s = arcs.setdefault((u, v), Fraction(0))
        if r is not None and r > 0:
            arcs[(u, v)] = s + exact(r)
    return nodes, arcs


def integer_graph(nodes, arcs):
    """igraph graph of the arcs with positive weight (self-loops left out:
    they lie on no shortest path) and integer lengths D/w."""
    w = {a: x for a, x in arcs.items() if x > 0 and a[0] != a[1]}
    scale = 1
    for x in set(w.values()):
        scale = math.lcm(scale, (1 / x).denominator)
    idx = {n: i for i, n in enumerate(nodes)}
    edges, lengths = [], []
    for (u, v), x in w.items():
        L = scale / x
        assert L.denominator == 1
        edges.append((idx[u], idx[v]))
        lengths.append(int(L))
    g = igraph.Graph(n=len(nodes), edges=edges, directed=True)
    g.es["L"] = lengths
    weights = sorted(set(w.values()))
    return g, scale, weights, max(lengths)


def check_bounds(g, name, max_length):
    """Every finite path length must be an exact double (< 2**53) and
    distinct lengths must differ by more than igraph's relative tolerance
    (1e-10): true when the longest shortest path is below 1e9."""
    bound = (g.vcount() - 1) * max_length
    if bound < 1e9:
        return bound
    far = 0
    for s in range(g.vcount()):
        d = g.distances(source=s, weights="L", mode="out")[0]
        far = max(far, max(x for x in d if x != math.inf))
    if far >= 1e9:
        sys.exit(f"{name}: longest shortest path {far} too long for exact ties")
    return far


def max_rel_diff(a, b):
    return max(abs(x - b[k]) / max(abs(b[k]), 1.0) for k, x in a.items())


def load_json(name):
    with open(os.path.join(OUT, name + ".json")) as f:
        return json.load(f)


def run(name):
    ref = load_json(name)
    if name in SYNTHETIC:
        records = [(u, v, r) for u, v, r in ref["referrals"]]
        nodes, arcs = aggregate(records)
        # Contacts come first, in the stored order (isolated ones included).
        seen = set(ref["contacts"])
        nodes = list(ref["contacts"]) + [x for x in nodes if x not in seen]
        source = f"referrals in testdata/reference/{name}.json"
    else:
        reader, rel, _ = reference.DATASETS[name]
        nodes, arcs = aggregate(reader(os.path.join(reference.DATA, rel)))
        source = "testdata/data/" + rel
    g, scale, weights, max_length = integer_graph(nodes, arcs)
    far = check_bounds(g, name, max_length)
    t = time.time()
    bt = g.betweenness(directed=True, weights="L")
    secs = time.time() - t
    exact_bt = {n: float(x) for n, x in zip(nodes, bt)}
    checks = {"networkx_float_max_rel_diff": max_rel_diff(ref["betweenness"]["rating"], exact_bt)}
    if name in SMALL:
        h = nx.DiGraph()
        h.add_nodes_from(nodes)
        for e, L in zip(g.es, g.es["L"]):
            h.add_edge(nodes[e.source], nodes[e.target], L=L)
        checks["networkx_integer_max_rel_diff"] = max_rel_diff(
            nx.betweenness_centrality(h, normalized=False, weight="L"), exact_bt)
    out = {
        "dataset": name,
        "source": source,
        "generated_by": "scripts/reference_exact.py",
        "igraph": igraph.__version__,
        "networkx": nx.__version__,
        "nodes": g.vcount(),
        "rating_arcs": g.ecount(),
        "scale": scale,
        "weights": [str(x) for x in weights],
        "max_length": max_length,
        "path_length_bound": far,
        "betweenness_rating": exact_bt,
        "checks": checks,
    }
    path = os.path.join(OUT, name + ".exact.json")
    with open(path, "w") as f:
        json.dump(out, f, sort_keys=True, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(path, ROOT)}: {g.vcount()} nodes, {g.ecount()} rating arcs, "
          f"{len(weights)} distinct weights, scale {scale}, max length {max_length}, "
          f"igraph {secs:.2f} s; checks {json.dumps(checks)}", flush=True)


def main(argv):
    for name in argv[1:] or DATASETS + SYNTHETIC:
        run(name)


if __name__ == "__main__":
    main(sys.argv)
