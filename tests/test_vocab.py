"""The Python vocabulary mirrors the ontology; the public API is pinned."""

from __future__ import annotations

from rdflib import Graph

import kg
from kg.ontology import ontology_path, relations
from kg.vocab import KG

REQUIRED_RELATIONS = """ceoOf founderOf employeeOf memberOf presidentOf citizenOf ownerOf subsidiaryOf acquires investsIn
pays sues competitorOf partnerOf develops studies announces criticizes praises says headquarteredIn locatedIn
revenue netIncome spends valuation stockChange""".split()


def test_vocab_matches_ontology():
    g = Graph().parse(ontology_path())
    ns = str(KG._NS)
    in_file = {str(s)[len(ns):] for s in g.subjects() if str(s).startswith(ns)}
    in_code = {name for name in KG.__annotations__}
    assert in_file == in_code


def test_required_relations_have_domain_range_and_labels():
    rels = relations()
    for name in REQUIRED_RELATIONS:
        rel = rels[name]
        assert rel.domain, name
        assert {"it", "en"} <= set(rel.labels), name


def test_public_api():
    assert sorted(kg.__all__) == sorted(["__version__", "build", "build_dataset", "extract_text", "load_graph", "write_graph",
                                         "graph_info", "query", "show", "KG", "KgError", "InputError", "FormatError",
                                         "ModelError", "QueryError", "OutputError", "StoreError"])
    for name in kg.__all__:
        assert getattr(kg, name) is not None


def test_public_functions_are_not_shadowed_by_subpackages():
    import kg.extract  # noqa: F401  (the extraction subpackage)
    import kg.sparql  # noqa: F401

    result = kg.extract_text("Meta paga a Trump 25 milioni di dollari.", lang="it")
    assert result.lang == "it" and result.mentions
    assert callable(kg.query)
