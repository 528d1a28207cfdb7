"""Results as data frames (to_pandas) and Parquet files (kg query --format parquet)."""

from __future__ import annotations

import datetime
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef

import kg
from kg.cli import main
from kg.errors import KgError, QueryError
from kg.frames import to_pandas, write_parquet
from kg.sparql import QueryResult, to_term

pd = pytest.importorskip("pandas")

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "examples" / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def scored_seed(tmp_path_factory, seed_path):
    """The seed and a second article (written for this test) that repeats one of its facts, with scores."""
    from kg.analyze import write_scores

    second = tmp_path_factory.mktemp("frames") / "second.txt"
    second.write_text("Mark Zuckerberg, CEO di Meta, ha incontrato gli analisti a Menlo Park.\n", encoding="utf-8")
    return write_scores(kg.build([seed_path, second]))  # central-entities.rq reads the scores


def _run(graph, path: Path) -> QueryResult:
    bindings = {"entity": "kgr:person/mark-zuckerberg"} if path.name == "entity.rq" else None
    return kg.query(graph, path, bindings=bindings)


def _back(cell, term):
    """The RDF term a data-frame cell stands for, given the original term's kind."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return URIRef(cell)
    if term.datatype is None:
        return Literal(cell, lang=term.language)
    if isinstance(cell, pd.Timestamp):
        cell = cell.date() if term.datatype == XSD.date else cell.to_pydatetime()
    return Literal(cell, datatype=term.datatype)


def _missing(cell) -> bool:
    return cell is None or cell is pd.NA or cell is pd.NaT or (isinstance(cell, float) and cell != cell)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_example_queries_round_trip_through_a_data_frame(scored_seed, path):
    result = _run(scored_seed, path)
    assert len(result) > 0, path.name
    df = result.to_pandas(full_iris=True)
    assert list(df.columns) == list(result.vars) and len(df) == len(result)
    for i, row in enumerate(result.rows):
        for name in result.vars:
            cell, term = df[name].iloc[i], row[name]
            if term is None:
                assert _missing(cell), (name, cell)
                continue
            back = _back(cell, term)
            assert back == term or back.eq(term), (path.name, name, cell, term)
    short = result.to_pandas()
    for name in result.vars:
        for cell, row in zip(short[name], result.rows):
            if isinstance(row[name], URIRef):  # the shortened IRI reads back as the same IRI
                assert to_term(cell) == row[name]


def test_native_types_per_column():
    rows = [
        {"iri": URIRef("https://w3id.org/newskg/id/person/ada"), "n": Literal(3, datatype=XSD.integer),
         "amount": Literal("25000000.0", datatype=XSD.decimal), "ok": Literal(True),
         "day": Literal("2025-01-31", datatype=XSD.date), "month": Literal("2025-01", datatype=XSD.gYearMonth),
         "text": Literal("ciao", lang="it"), "mixed": URIRef("https://w3id.org/newskg/id/person/ada"),
         "blank": BNode("b0")},
        {"iri": None, "n": None, "amount": Literal(2, datatype=XSD.integer), "ok": None, "day": None,
         "month": None, "text": None, "mixed": Literal("1.5", datatype=XSD.decimal), "blank": None},
    ]
    result = QueryResult(vars=tuple(rows[0]), rows=rows)
    df = to_pandas(result)
    assert str(df["n"].dtype) == "Int64" and df["n"].iloc[0] == 3 and df["n"].iloc[1] is pd.NA
    assert str(df["amount"].dtype) == "float64" and list(df["amount"]) == [25000000.0, 2.0]
    assert str(df["ok"].dtype) == "boolean" and bool(df["ok"].iloc[0]) is True
    assert str(df["day"].dtype).startswith("datetime64") and df["day"].iloc[0] == pd.Timestamp("2025-01-31")
    assert df["month"].iloc[0] == "2025-01" and df["text"].iloc[0] == "ciao"
    assert df["iri"].iloc[0] == "kgr:person/ada" and df["blank"].iloc[0] == "_:b0"
    assert df["mixed"].dtype == object and list(df["mixed"]) == ["kgr:person/ada", 1.5]
    assert to_pandas(result, full_iris=True)["iri"].iloc[0] == "https://w3id.org/newskg/id/person/ada"


def test_ask_and_ill_typed_literals():
    assert to_pandas(QueryResult(vars=(), boolean=True))["ask"].tolist() == [True]
    bad = QueryResult(vars=("x",), rows=[{"x": Literal("molti", datatype=XSD.integer)}])
    assert to_pandas(bad)["x"].tolist() == ["molti"]


class _Stream:
    """A result whose rows are produced one at a time, and counted."""

    def __init__(self, n: int) -> None:
        self.vars = ("i", "who")
        self.n = n
        self.pulled = 0

    def __iter__(self):
        for i in range(self.n):
            self.pulled += 1
            yield {"i": Literal(i, datatype=XSD.integer), "who": URIRef(f"https://w3id.org/newskg/id/person/p{i}")}


def test_parquet_is_written_in_batches_and_reads_back(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "rows.parquet"
    stream = _Stream(10)
    assert write_parquet(stream, out, batch_rows=3) == 10
    assert pq.ParquetFile(out).metadata.num_row_groups == 4 and stream.pulled == 10
    df = pd.read_parquet(out)
    assert df["i"].tolist() == list(range(10)) and df["who"].iloc[9] == "kgr:person/p9"
    assert not list(tmp_path.glob(".*.tmp"))


def test_parquet_matches_to_pandas_on_the_examples(scored_seed, tmp_path):
    pytest.importorskip("pyarrow")
    for path in QUERIES:
        result = _run(scored_seed, path)
        out = tmp_path / f"{path.stem}.parquet"
        write_parquet(result, out)
        expected, got = result.to_pandas(), pd.read_parquet(out)
        assert list(got.columns) == list(expected.columns)
        for name in expected.columns:
            kinds = {type(v) for v in expected[name] if not _missing(v)}
            want = [None if _missing(v) else (str(v) if len(kinds) > 1 else v) for v in expected[name]]
            assert [None if _missing(v) else v for v in got[name]] == want, (path.name, name)


def test_parquet_column_that_changes_kind_is_an_error(tmp_path):
    pytest.importorskip("pyarrow")
    rows = [{"x": Literal(i, datatype=XSD.integer)} for i in range(3)] + [{"x": URIRef("http://example.org/a")}]
    out = tmp_path / "x.parquet"
    with pytest.raises(QueryError, match=r"column \?x changed kind at row 4: its first rows made it int"):
        write_parquet(QueryResult(vars=("x",), rows=rows), out, batch_rows=3)
    assert not out.exists() and not list(tmp_path.iterdir())
    write_parquet(QueryResult(vars=("x",), rows=rows), out, batch_rows=10)  # one batch: a text column
    assert pd.read_parquet(out)["x"].tolist() == ["0", "1", "2", "<http://example.org/a>"]


def test_missing_optional_packages_are_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if pandas were not installed
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = QueryResult(vars=("x",), rows=[{"x": Literal(1)}])
    with pytest.raises(KgError, match=r"needs pandas: pip install 'newskg\[pandas\]'"):
        result.to_pandas()
    with pytest.raises(KgError, match=r"needs pyarrow: pip install 'newskg\[parquet\]'"):
        write_parquet(result, tmp_path / "x.parquet")
    assert not list(tmp_path.iterdir())


def test_cli_parquet(tmp_path, capsys):
    pytest.importorskip("pyarrow")
    g = Graph()
    g.add((URIRef("https://w3id.org/newskg/id/organization/meta"), URIRef("https://w3id.org/newskg/ontology#revenue"),
           Literal(Decimal("48390000000"), datatype=XSD.decimal)))
    src = tmp_path / "g.ttl"
    g.serialize(src, format="turtle")
    out = tmp_path / "r.parquet"
    assert main(["query", str(src), "SELECT ?o ?v WHERE { ?o kg:revenue ?v }", "--format", "parquet",
                 "-o", str(out)]) == 0
    df = pd.read_parquet(out)
    assert df.to_dict("records") == [{"o": "kgr:organization/meta", "v": 48390000000.0}]
    assert main(["query", str(src), "SELECT ?o WHERE { ?o ?p ?v }", "--format", "parquet", "-o", str(out),
                 "--full-iris"]) == 0
    assert pd.read_parquet(out)["o"].tolist() == ["https://w3id.org/newskg/id/organization/meta"]
    assert "wrote" in capsys.readouterr().err
    for args, message in (([], "give -o OUT.parquet"), (["-o", str(out)], "CONSTRUCT and DESCRIBE give a graph")):
        query = "SELECT * WHERE { ?s ?p ?o }" if not args else "CONSTRUCT WHERE { ?s ?p ?o }"
        assert main(["query", str(src), query, "--format", "parquet", *args]) == 1
        err = capsys.readouterr().err
        assert err.startswith("error: ") and message in err
    csv = tmp_path / "r.csv"
    assert main(["query", str(src), "SELECT ?v WHERE { ?o kg:revenue ?v }", "--format", "csv", "-o", str(csv)]) == 0
    assert csv.read_text(encoding="utf-8").splitlines() == ["v", "48390000000.0"]


def test_dates_become_timestamps():
    rows = [{"d": Literal(datetime.date(2025, 1, 31))}, {"d": Literal("2025-02-01", datatype=XSD.date)}]
    df = to_pandas(QueryResult(vars=("d",), rows=rows))
    assert df["d"].tolist() == [pd.Timestamp("2025-01-31"), pd.Timestamp("2025-02-01")]
