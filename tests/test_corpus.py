"""Corpus-scale builds: streaming, order, resume, bad files, record formats, progress, engines."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS

from kg.cli import main
from kg.corpus import Skipped, build_corpus, extract_stream
from kg.documents import parse_text, read_documents
from kg.errors import InputError
from kg.rdf import SCHEMA
from kg.store import Store
from kg.types import Document
from kg.vocab import KGR

TEXTS = {
    "a.txt": "Mario Draghi è il presidente della Banca Centrale Europea. Draghi ha incontrato Angela Merkel a Berlino.",
    "b.txt": "Google ha acquistato YouTube per 1,6 miliardi di dollari.",
    "c.txt": "Tim Cook, amministratore delegato di Apple, ha presentato il nuovo iPhone a Cupertino.",
}


def _corpus(folder, texts=TEXTS):
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _graphs(store_dir) -> dict[str, object]:
    with Store.open(store_dir, read_only=True) as store:
        dataset = store.dataset()
    return {str(g.identifier): g for g in dataset.graphs() if len(g) and str(g.identifier).startswith("https://w3id.org/newskg/doc/")}


def _hashes(store_dir) -> set[str]:
    with Store.open(store_dir, read_only=True) as store:
        return {info.content_hash for info in store.documents()}


def _sha(text: str) -> str:
    return "sha256:" + parse_text(text, source="x").content_hash


# ---------------------------------------------------------------- streaming and order


def test_extraction_is_lazy_and_in_input_order():
    pulled = []

    def documents():
        for i, text in enumerate(["Draghi parla a Roma.", "Apple apre a Milano.", "Merkel visita Parigi.",
                                  "Amazon assume a Torino.", "Conte incontra Macron."]):
            pulled.append(i)
            yield parse_text(text, source=f"doc{i}")

    stream = extract_stream(documents(), lang="it", batch_size=2)
    first = next(stream)
    assert pulled == [0, 1]  # one batch read, not the whole input
    rest = list(stream)
    assert [ex.document.source for ex in [first, *rest]] == [f"doc{i}" for i in range(5)]


def test_store_holds_one_graph_per_document_and_shared_iris(tmp_path):
    texts = {"1.txt": "Mario Draghi ha parlato a Roma.", "2.txt": "Mario Draghi ha visitato Milano."}
    report = build_corpus([_corpus(tmp_path / "c", texts)], store=tmp_path / "s", progress=False)
    assert report.documents == 2 and report.store["added"] == 2
    graphs = _graphs(tmp_path / "s")
    assert len(graphs) == 2
    draghi = KGR["person/mario-draghi"]
    assert all((draghi, None, None) in g for g in graphs.values())


def test_output_file_equals_build_dataset(tmp_path):
    import kg
    from kg.rdf import load_graph

    folder = _corpus(tmp_path / "c")
    out = tmp_path / "out.ttl"
    build_corpus([folder], output=out, progress=False)
    assert isomorphic(load_graph(out), kg.build([folder]))


# ---------------------------------------------------------------- resume


def test_second_run_skips_everything_and_a_changed_document_is_replaced(tmp_path):
    folder, store = _corpus(tmp_path / "c"), tmp_path / "s"
    first = build_corpus([folder], store=store, progress=False)
    assert (first.documents, first.store["added"]) == (3, 3)
    before = _graphs(store)

    second = build_corpus([folder], store=store, progress=False)
    assert (second.documents, second.resumed, second.store["unchanged"]) == (0, 3, 3)
    after = _graphs(store)
    assert before.keys() == after.keys() and all(isomorphic(before[k], after[k]) for k in before)

    changed = "Google ha acquistato DeepMind per 500 milioni di dollari."
    (folder / "b.txt").write_text(changed, encoding="utf-8")
    third = build_corpus([folder], store=store, progress=False)
    assert (third.documents, third.resumed, third.store["replaced"]) == (1, 2, 1)
    hashes = _hashes(store)
    assert _sha(changed) in hashes and _sha(TEXTS["b.txt"]) not in hashes and len(hashes) == 3


def test_duplicate_texts_are_processed_once(tmp_path):
    folder = _corpus(tmp_path / "c", {"a.txt": "Draghi parla a Roma.", "b.txt": "Draghi parla a Roma."})
    report = build_corpus([folder], store=tmp_path / "s", progress=False)
    assert (report.documents, report.duplicates) == (1, 1)


# ---------------------------------------------------------------- bad files


def _bad_files(folder, monkeypatch):
    import kg.documents

    monkeypatch.setattr(kg.documents, "MAX_BYTES", 2000)
    folder.mkdir(exist_ok=True)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 abc")
    (folder / "latin1.txt").write_bytes("Citt\u00e0 di Milano".encode("latin-1"))
    (folder / "empty.txt").write_text(" \n", encoding="utf-8")
    (folder / "huge.txt").write_text("parola " * 1000, encoding="utf-8")
    return {"binary", "not UTF-8", "empty", "too large"}


def test_bad_files_are_skipped_with_a_summary(tmp_path, monkeypatch, capsys):
    folder = _corpus(tmp_path / "c", {"good.txt": TEXTS["a.txt"]})
    kinds = _bad_files(folder, monkeypatch)
    assert main(["build", str(folder), "--store", str(tmp_path / "s")]) == 0
    err = capsys.readouterr().err
    assert "1 documents" in err and "4 skipped" in err
    for kind in kinds:
        assert kind in err
    for name in ("binary.txt", "latin1.txt", "empty.txt", "huge.txt"):
        assert name in err
    assert _hashes(tmp_path / "s") == {_sha(TEXTS["a.txt"])}


def test_all_bad_fails_with_the_summary_and_writes_nothing(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "c"
    _bad_files(folder, monkeypatch)
    out = tmp_path / "o.ttl"
    assert main(["build", str(folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "error: no document could be processed (4 inputs skipped)" in err and "huge.txt" in err
    assert not out.exists()


def test_one_bad_file_is_one_error_line(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    assert main(["build", str(bad), "--store", str(tmp_path / "s")]) == 1
    assert capsys.readouterr().err == f"error: {bad}: not UTF-8 text (byte 3)\n"


def test_a_failing_extraction_loses_only_its_document(tmp_path):
    # a document built by a caller with bytes for text breaks nlp.pipe for the batch
    good = parse_text(TEXTS["b.txt"], source="good")
    odd = Document(text=b"Draghi parla a Roma.", source="odd")
    results = list(extract_stream([good, odd, good], lang="it", batch_size=3))
    assert [type(r).__name__ for r in results] == ["Extraction", "Skipped", "Extraction"]
    assert results[1].source == "odd" and "extraction failed" in results[1].reason


# ---------------------------------------------------------------- record formats


def test_jsonl_records_with_metadata_and_bad_lines(tmp_path):
    path = tmp_path / "news.jsonl"
    records = [
        {"id": "n1", "text": TEXTS["a.txt"], "date": "2024-05-01T10:00:00Z", "title": "Draghi a Berlino",
         "url": "https://example.org/n1"},
        {"text": TEXTS["b.txt"]},
    ]
    lines = [json.dumps(records[0]), "{not json", "", json.dumps({"title": "no text"}), json.dumps(records[1])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    skipped: list[tuple[str, str]] = []
    docs = list(read_documents([path], on_error=lambda s, r: skipped.append((s, r))))
    assert [d.source for d in docs] == [f"{path}#n1", f"{path}#5"]
    assert [s for s, _ in skipped] == [f"{path}:2", f"{path}:4"]
    report = build_corpus([path], store=tmp_path / "s", progress=False)
    assert report.documents == 2 and len(report.skipped) == 2
    graph = _graphs(tmp_path / "s")[f"https://w3id.org/newskg/doc/{docs[0].key}"]
    doc = URIRef(f"https://w3id.org/newskg/doc/{docs[0].key}")
    assert (doc, DCTERMS.identifier, Literal("n1")) in graph
    assert str(graph.value(doc, DCTERMS.date)) == "2024-05-01"
    assert str(graph.value(doc, SCHEMA.url)) == "https://example.org/n1"
    assert str(graph.value(doc, DCTERMS.title)) == "Draghi a Berlino"


def test_csv_with_bom_multiline_text_and_long_fields(tmp_path):
    path = tmp_path / "news.csv"
    long_text = "Draghi parla a Roma. " * 8000  # longer than csv's default field limit (131072)
    path.write_text('\ufeffid,title,text\n1,Uno,"Meta, Inc. paga.\nSeconda riga."\n2,Due,"' + long_text + '"\n3,Tre,\n',
                    encoding="utf-8")
    skipped = []
    docs = list(read_documents([path], on_error=lambda s, r: skipped.append(r)))
    assert [d.doc_id for d in docs] == ["1", "2"]
    assert docs[0].text == "Meta, Inc. paga.\nSeconda riga." and docs[0].title == "Uno"
    assert skipped == []  # the empty row 3 is not an error


def test_csv_without_text_column_is_reported(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text("id,body\n1,Ciao\n", encoding="utf-8")
    with pytest.raises(InputError, match="CSV needs a 'text' column"):
        list(read_documents([path]))


# ---------------------------------------------------------------- progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal(tmp_path):
    stream = _Terminal()
    build_corpus([_corpus(tmp_path / "c")], store=tmp_path / "s", stream=stream)
    shown = stream.getvalue()
    assert "3/3" in shown and "docs/s" in shown and "words/s" in shown and "entities" in shown and "facts" in shown


def test_no_progress_off_a_terminal(tmp_path):
    stream = io.StringIO()
    build_corpus([_corpus(tmp_path / "c")], store=tmp_path / "s", stream=stream)
    assert stream.getvalue() == ""


def test_quiet_flag_silences_progress_on_a_terminal(tmp_path, monkeypatch):
    folder = _corpus(tmp_path / "c")
    loud, quiet = _Terminal(), _Terminal()
    monkeypatch.setattr(sys, "stderr", loud)
    assert main(["build", str(folder), "--store", str(tmp_path / "s1")]) == 0
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main(["build", str(folder), "--store", str(tmp_path / "s2"), "--quiet"]) == 0
    assert "docs/s" in loud.getvalue() and "3 documents" in loud.getvalue()
    assert quiet.getvalue() == f"store {tmp_path / 's2'}: 3 added, 0 replaced, 0 unchanged\n"


def _run_in_terminal(args: list[str]) -> str:
    """Run ``python -m kg ARGS`` with stderr on a pseudo-terminal; return what it showed there."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kg", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=follower, env=dict(os.environ, COLUMNS="200"))
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.integration
def test_quiet_on_a_terminal_shows_no_progress(tmp_path):
    folder = _corpus(tmp_path / "c")
    loud = _run_in_terminal(["build", str(folder), "--store", str(tmp_path / "s1")])
    assert "docs/s" in loud and "\x1b[" in loud  # the live display
    quiet = _run_in_terminal(["build", str(folder), "--store", str(tmp_path / "s2"), "--quiet"])
    assert "docs/s" not in quiet and "\x1b[" not in quiet
    assert quiet.strip() == f"store {tmp_path / 's2'}: 3 added, 0 replaced, 0 unchanged"


# ---------------------------------------------------------------- engines


@pytest.mark.integration
def test_process_pool_gives_the_same_store(tmp_path):
    folder = _corpus(tmp_path / "c")
    build_corpus([folder], store=tmp_path / "one", progress=False, batch_size=1)
    build_corpus([folder], store=tmp_path / "two", progress=False, batch_size=1, workers=2)
    one, two = _graphs(tmp_path / "one"), _graphs(tmp_path / "two")
    assert one.keys() == two.keys() and all(isomorphic(one[k], two[k]) for k in one)


def _pipelines_loaded() -> int:
    from kg.nlp import _load

    return _load.cache_info().currsize


@pytest.mark.integration
def test_dask_local_cluster_gives_the_same_store(tmp_path):
    distributed = pytest.importorskip("distributed")
    folder = _corpus(tmp_path / "c", {**TEXTS, "d.txt": "Angela Merkel ha incontrato Emmanuel Macron a Parigi.",
                                      "e.txt": "Amazon ha assunto mille persone a Torino."})
    build_corpus([folder], store=tmp_path / "one", progress=False, batch_size=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        report = build_corpus([folder], store=tmp_path / "dask", progress=False, batch_size=1, dask=client)
        loaded = client.run(_pipelines_loaded)
    assert report.documents == 5 and report.store["added"] == 5
    assert sorted(loaded.values()) == [1, 1]  # each worker loaded the pipeline once and kept it
    one, dask = _graphs(tmp_path / "one"), _graphs(tmp_path / "dask")
    assert one.keys() == dask.keys() and all(isomorphic(one[k], dask[k]) for k in one)


def test_skipped_is_plain_data():
    assert Skipped("a.txt", "empty input") == Skipped("a.txt", "empty input")


def test_count_documents(tmp_path):
    from kg.corpus import count_documents

    (tmp_path / "a.txt").write_text("Uno.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"text": "Uno."}\n\n{"text": "Due."}\n{"text": "Tre."}\n', encoding="utf-8")
    (tmp_path / "c.csv").write_text('id,text\n1,"Uno\ndue"\n2,Tre\n', encoding="utf-8")
    files = [str(tmp_path / name) for name in ("a.txt", "b.jsonl", "c.csv")]
    assert count_documents(files) == 1 + 3 + 2
    assert count_documents([*files, "-"]) is None


def test_a_too_large_record_is_skipped(tmp_path, monkeypatch):
    import kg.documents

    monkeypatch.setattr(kg.documents, "MAX_BYTES", 100)
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"text": "x " * 100}) + "\n" + json.dumps({"text": "Draghi parla."}) + "\n",
                    encoding="utf-8")
    skipped = []
    docs = list(read_documents([path], on_error=lambda s, r: skipped.append((s, r))))
    assert [d.text for d in docs] == ["Draghi parla."]
    assert skipped == [(f"{path}:1", "text too large (200 characters, limit 100)")]


def test_bad_csv_record_skips_only_that_record(tmp_path, monkeypatch):
    from kg import documents

    monkeypatch.setattr(documents, "MAX_CSV_FIELD", 100)  # so a 200-character field is too long
    path = tmp_path / "news.csv"
    path.write_text('id,text\n1,Draghi parla a Roma.\n2,"' + "x" * 200 + '"\n3,Meta paga.\n', encoding="utf-8")
    skipped = []
    docs = list(read_documents([path], on_error=lambda s, r: skipped.append((s, r))))
    assert [d.doc_id for d in docs] == ["1", "3"]
    assert len(skipped) == 1
    assert skipped[0][0].endswith("news.csv:3") and "record longer than" in skipped[0][1]
