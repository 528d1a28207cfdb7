"""No silent loss of records, no half-truths in identity or output files, no tracebacks.

Each table row is one input a new user might give, and what must happen:
every record is built or listed as skipped (with its own line number and
reason), outputs never replace inputs, and every error is one ``error:`` line
with exit status 1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, XSD

from kg.cli import main
from kg.corpus import build_corpus
from kg.documents import read_documents
from kg.fileio import atomic_write_bytes
from kg.rdf import document_iri, to_dataset
from kg.store import Store


def _read(path: Path) -> tuple[list, list, list]:
    """The documents of ``path``, the (source, reason) of each skipped input, the (source, message)
    of each warning (kg's InputWarnings, as a library user gets them)."""
    skipped = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = list(read_documents([path], on_error=lambda s, r: skipped.append((s, r))))
    warned = [tuple(str(w.message).split(": ", 1)) for w in caught if w.category.__name__ == "InputWarning"]
    return docs, skipped, warned


def _line(source: str) -> int:
    return int(source.rsplit(":", 1)[1])


# ------------------------------------------------------------------ CSV

ROWS = "".join(f"{i},Notizia numero {i}.\n" for i in range(1, 10))

# (case, file bytes, ids built, [(line, words in the reason)])
CSV_CASES = [
    ("unclosed quote swallows the next rows",
     b'id,text\n1,Uno.\n2,"Due senza fine.\n3,Tre.\n4,Quattro.\n', ["1", "3", "4"], [(3, "quote")]),
    ("unclosed quote then a quoted field",
     b'id,text\n1,"Uno.\n2,"Due."\n3,Tre.\n', ["2", "3"], [(2, "quote")]),
    ("bad byte near the end",
     b"id,text\n" + ROWS.encode() + b"10,Caff\xe8 amaro.\n11,Ultima.\n",
     [str(i) for i in range(1, 10)] + ["11"], [(11, "not UTF-8")]),
    ("bad byte in an early row",
     b"id,text\n1,Caff\xe8.\n2,Due.\n", ["2"], [(2, "not UTF-8")]),
    ("bad byte inside a multi-line field",
     b'id,text\n1,"Riga uno\nriga \xff due"\n2,Due.\n', ["2"], [(2, "line 3")]),
    ("duplicate id",
     b"id,text\n7,Uno.\n7,Due.\n8,Tre.\n", ["7", "8"], [(3, "duplicate id '7'")]),
    ("multi-line field is fine",
     b'id,text\n1,"Riga uno\n\nriga due"\n2,Due.\n', ["1", "2"], []),
]


@pytest.mark.parametrize("case, data, built, skipped", CSV_CASES, ids=[c[0] for c in CSV_CASES])
def test_every_csv_row_is_built_or_listed(tmp_path, case, data, built, skipped):
    path = tmp_path / "news.csv"
    path.write_bytes(data)
    docs, got, _ = _read(path)
    assert [d.doc_id for d in docs] == built
    assert [_line(s) for s, _ in got] == [line for line, _ in skipped]
    for (_, reason), (_, words) in zip(got, skipped):
        assert words in reason and "header" not in reason


def test_a_runaway_csv_field_is_reported_at_its_limit(tmp_path, monkeypatch):
    from kg import documents

    monkeypatch.setattr(documents, "MAX_CSV_LINES", 5)
    path = tmp_path / "news.csv"
    body = "".join(f"{i},Riga {i}.\n" for i in range(3, 12))
    path.write_text(f'id,text\n1,Uno.\n2,"Inizio senza fine\n{body}', encoding="utf-8")
    docs, got, _ = _read(path)
    assert [d.doc_id for d in docs] == ["1"] + [str(i) for i in range(3, 12)]
    assert [(_line(s), "longer than 5 lines" in r) for s, r in got] == [(3, True)]


def test_a_bad_header_is_only_the_header(tmp_path):
    path = tmp_path / "news.csv"
    path.write_bytes(b"id,te\xffxt\n1,Uno.\n")
    _, got, _ = _read(path)
    assert got == [(f"{path}:1", "bad CSV header: not UTF-8 text (line 1, byte 5)")]


# ------------------------------------------------------------------ JSON Lines

# (case, records (dicts or raw lines), sources built, [(line, reason words)], [(line, warning words)])
JSONL_CASES = [
    ("duplicate ids", [{"id": "a", "text": "Uno."}, {"id": "a", "text": "Due."}, {"id": "b", "text": "Tre."}],
     ["a", "b"], [(2, "duplicate id 'a' (first used at line 1)")], []),
    ("lone surrogate", ['{"id": "x", "text": "bad \\ud800 text"}', {"id": "y", "text": "Buono."}],
     ["y"], [(1, "lone surrogate")], []),
    ("surrogate in the title", ['{"text": "Testo.", "title": "\\udfff"}', {"text": "Altro."}],
     ["2"], [(1, "'title' field holds a lone surrogate")], []),
    ("bad dates", [{"id": "1", "text": "Uno.", "date": "2024-13-45"}, {"id": "2", "text": "Due.", "date": "yesterday"},
                   {"id": "3", "text": "Tre.", "date": "2023-02-29"}, {"id": "4", "text": "Quattro.", "date": True}],
     ["1", "2", "3", "4"], [], [(1, "2024-13-45"), (2, "yesterday"), (3, "2023-02-29"), (4, "True")]),
]


@pytest.mark.parametrize("case, records, built, skipped, warned", JSONL_CASES, ids=[c[0] for c in JSONL_CASES])
def test_every_jsonl_record_is_built_or_listed(tmp_path, case, records, built, skipped, warned):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    docs, got, warnings = _read(path)
    assert [d.source.rsplit("#", 1)[1] for d in docs] == built
    for found, wanted in ((got, skipped), (warnings, warned)):
        assert [_line(source) for source, _ in found] == [line for line, _ in wanted]
        assert all(words in reason for (_, reason), (_, words) in zip(found, wanted)), found
    if case == "bad dates":
        assert all(d.date is None for d in docs)


# (value, kept as, XSD type)
DATES = [("2024", "2024", XSD.gYear), (2024, "2024", XSD.gYear), ("2024-05", "2024-05", XSD.gYearMonth),
         ("2024-02-29", "2024-02-29", XSD.date), ("2024-05-01T10:00:00Z", "2024-05-01", XSD.date),
         ("2024-13", None, None), ("2024-13-45", None, None), ("2023-02-29", None, None), ("yesterday", None, None),
         ("24", None, None), ("", None, None), (None, None, None), ([2024], None, None)]


@pytest.mark.parametrize("value, kept, datatype", DATES)
def test_dates_get_their_xsd_type(value, kept, datatype):
    from kg.documents import parse_date
    from kg.types import Document

    assert parse_date(value) == kept
    if kept:
        doc = Document(text="Testo.", source="x", date=kept)
        dataset = to_dataset([(doc, "it")], [], [])
        assert dataset.value(document_iri(doc.key), DCTERMS.date) == Literal(kept, datatype=datatype)


def test_a_bad_date_header_is_dropped_with_a_warning(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("date 2025-13-45\nMeta paga Trump.", encoding="utf-8")
    docs, got, warned = _read(path)
    assert docs[0].date is None and docs[0].text == "Meta paga Trump." and got == []
    assert warned == [(str(path), "date '2025-13-45' in the header is not a real date; the document has no date")]


def test_store_and_output_keep_the_same_records(tmp_path):
    """Duplicate ids: the store and -o skip the same record, with the same message."""
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "text": "Mario Draghi ha parlato a Roma."}, {"id": "a", "text": "Angela Merkel ha parlato a Berlino."},
        {"id": "b", "text": "Google ha comprato YouTube."}]) + "\n", encoding="utf-8")
    to_store = build_corpus([path], store=tmp_path / "s", progress=False)
    to_file = build_corpus([path], output=tmp_path / "out.trig", progress=False)
    assert to_store.documents == to_file.documents == 2 and to_store.store["added"] == 2
    assert to_store.skipped == to_file.skipped and "duplicate id 'a'" in to_store.skipped[0].reason
    with Store.open(tmp_path / "s", read_only=True) as store:
        assert sorted(i.source_path.rsplit("#", 1)[1] for i in store.documents()) == ["a", "b"]


# ------------------------------------------------------------------ identity


def test_a_changed_file_replaces_its_old_version_however_it_is_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    article = tmp_path / "docs" / "a.txt"
    article.write_text("Mario Draghi ha parlato a Roma.", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(article)
    build_corpus(["docs/a.txt"], store="s", progress=False)
    article.write_text("Mario Draghi ha parlato a Milano.", encoding="utf-8")
    report = build_corpus([str(tmp_path / "docs" / ".." / "docs" / "a.txt")], store="s", progress=False)
    assert report.store["replaced"] == 1
    article.write_text("Mario Draghi ha parlato a Torino.", encoding="utf-8")
    assert build_corpus(["link.txt"], store="s", progress=False).store["replaced"] == 1
    with Store.open("s", read_only=True) as store:
        (info,) = store.documents()
        assert info.source_path == str(article.resolve())
        for spelling in ("docs/a.txt", "./docs/../docs/a.txt", str(article), "link.txt"):
            assert store.find_documents(spelling) == [info.iri]


def test_texts_from_stdin_never_replace_each_other(tmp_path):
    import io

    first = list(read_documents(["-"], stdin=io.StringIO("Mario Draghi ha parlato a Roma.")))
    second = list(read_documents(["-"], stdin=io.StringIO("Angela Merkel ha parlato a Berlino.")))
    with Store.open(tmp_path / "s") as store:
        for doc in first + second:
            graph = to_dataset([(doc, "it")], [], []).graph(document_iri(doc.key))
            assert store.add_document_graph(document_iri(doc.key), graph) == "added"
        assert len(store.documents()) == 2


def test_a_file_name_that_is_not_utf8_is_stored_and_found(tmp_path, capsys):
    folder = os.fsencode(tmp_path / "news")
    os.mkdir(folder)
    name = os.path.join(folder, b"caff\xe8.txt")
    with open(name, "wb") as handle:
        handle.write("Mario Draghi ha parlato a Roma.".encode())
    assert main(["build", os.fsdecode(folder), "--store", str(tmp_path / "s"), "-q"]) == 0
    with Store.open(tmp_path / "s", read_only=True) as store:
        (info,) = store.documents()
    assert info.source_path.endswith("caff\\xe8.txt")
    assert main(["remove", str(tmp_path / "s"), os.fsdecode(name)]) == 0
    assert "removed" in capsys.readouterr().out


def test_cli_remove_by_another_spelling(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text("Mario Draghi ha parlato a Roma.", encoding="utf-8")
    assert main(["build", "a.txt", "--store", "s", "-q"]) == 0
    assert main(["remove", "s", str(tmp_path / "a.txt")]) == 0
    assert "removed" in capsys.readouterr().out


# ------------------------------------------------------------------ output files

# (case, argv after 'kg build' with IN = the article, the file that must not change)
FOOTGUNS = [
    ("output is the input", ["IN", "-o", "IN"], "IN"),
    ("output is the input, format given", ["IN", "--format", "turtle", "-o", "IN"], "IN"),
    ("html is the input", ["IN", "--html", "IN"], "IN"),
    ("output and html are one file", ["IN", "-o", "out.ttl", "--html", "out.ttl"], "out.ttl"),
    ("output is the input through a link", ["IN", "-o", "link.txt", "--format", "turtle"], "IN"),
    (".txt is not RDF", ["IN", "-o", "out.txt"], "out.txt"),
    (".csv is not RDF", ["IN", "-o", "out.csv"], "out.csv"),
]


@pytest.mark.parametrize("case, argv, kept", FOOTGUNS, ids=[c[0] for c in FOOTGUNS])
def test_outputs_never_replace_inputs(tmp_path, monkeypatch, capsys, case, argv, kept):
    monkeypatch.chdir(tmp_path)
    article = Path("a.txt")
    article.write_text("Meta paga Trump.", encoding="utf-8")
    Path("link.txt").symlink_to(article.resolve())
    for name in ("out.ttl", "out.txt", "out.csv"):
        Path(name).write_text("keep me", encoding="utf-8")
    kept_path = article if kept == "IN" else Path(kept)
    before = kept_path.read_bytes()
    assert main(["build", *[str(article) if a == "IN" else a for a in argv]]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert kept_path.read_bytes() == before


def test_writes_keep_the_mode_follow_links_and_sweep_dead_temp_files(tmp_path):
    target = tmp_path / "out.ttl"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and (target.stat().st_mode & 0o777) == 0o640
    real = tmp_path / "real.ttl"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    atomic_write_bytes(link, b"through")
    assert link.is_symlink() and real.read_bytes() == b"through"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".out.ttl.{dead.stdout.strip()}.0123abcd.tmp"
    alive = tmp_path / f".out.ttl.{os.getpid()}.0123abcd.tmp"  # a writer that still runs: left alone
    other = tmp_path / f".other.ttl.{dead.stdout.strip()}.0123abcd.tmp"
    for path in (stale, alive, other):
        path.write_bytes(b"half")
    atomic_write_bytes(target, b"newer")
    assert not stale.exists() and alive.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == sorted([alive.name, other.name])


def test_a_new_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_write_bytes(tmp_path / "new.ttl", b"x")
    finally:
        os.umask(old)
    assert ((tmp_path / "new.ttl").stat().st_mode & 0o777) == 0o640


# ------------------------------------------------------------------ no tracebacks

# (case, argv, stdin bytes, words of the one error line)
ERRORS = [
    ("no command", [], None, "required"),
    ("unknown command", ["nope"], None, "invalid choice"),
    ("build without input", ["build"], None, "required"),
    ("unknown option", ["build", "x.txt", "--nope"], None, "unrecognized arguments"),
    ("bad batch size", ["build", "x.txt", "-o", "x.ttl", "--batch-size", "0"], None, "1 or more"),
    ("bad timeout", ["query", "x.ttl", "ASK {}", "--timeout", "-3"], None, "positive number of seconds"),
    ("non-UTF-8 stdin", ["build", "-", "-o", "out.ttl"], b"caff\xe8 amaro", "<stdin>: not UTF-8 text (byte 4)"),
    ("UTF-16 stdin", ["build", "-", "-o", "out.ttl"], "Meta paga Trump.".encode("utf-16"), "UTF-16"),
    ("binary stdin", ["build", "-", "-o", "out.ttl"], b"\x00\x01\x02\x03garbage", "binary"),
]


@pytest.mark.parametrize("case, argv, stdin, words", ERRORS, ids=[c[0] for c in ERRORS])
def test_errors_are_one_line_and_exit_1(tmp_path, case, argv, stdin, words):
    proc = subprocess.run([sys.executable, "-m", "kg", *argv], cwd=tmp_path, input=stdin or b"",
                          capture_output=True, timeout=120)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1 and words in err, err
    assert "Traceback" not in err


def test_help_and_version_still_exit_0(capsys):
    for argv in (["--version"], ["--help"], ["build", "--help"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 0


# (file name, bytes, reason words)
FILES = [
    ("utf16.txt", "Meta paga Trump.".encode("utf-16"), "UTF-16 text"),
    ("utf16be.txt", "\ufeffMeta paga Trump.".encode("utf-16-be"), "UTF-16 text"),
    ("utf16-nobom.txt", "Meta paga Trump.".encode("utf-16-le"), "UTF-16 text without a byte-order mark"),
    ("utf32.txt", "Meta paga Trump.".encode("utf-32"), "UTF-32"),
    ("utf16.jsonl", '{"text": "Meta paga Trump."}\n'.encode("utf-16"), "UTF-16 text"),
    ("utf16.csv", "id,text\n1,Meta paga Trump.\n".encode("utf-16"), "UTF-16 text"),
    ("latin1.txt", "Città".encode("latin-1"), "not UTF-8 text (byte 4)"),
    ("binary.txt", b"\x00\x01\x02\x03\x04\xff", "binary"),
]


@pytest.mark.parametrize("name, data, words", FILES, ids=[f[0] for f in FILES])
def test_file_encodings_are_named(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    _, got, _ = _read(path)
    assert len(got) == 1 and words in got[0][1], got


def test_kg_info_reads_a_store(tmp_path, capsys):
    from kg.rdf import graph_info, load_graph

    (tmp_path / "a.txt").write_text("Mario Draghi, presidente della BCE, ha incontrato Angela Merkel a Berlino.",
                                    encoding="utf-8")
    assert main(["build", str(tmp_path / "a.txt"), "-o", str(tmp_path / "a.ttl"), "--store", str(tmp_path / "s"),
                 "-q"]) == 0
    capsys.readouterr()
    assert main(["info", str(tmp_path / "s"), "--json"]) == 0
    from_store = json.loads(capsys.readouterr().out)
    assert from_store == graph_info(load_graph(tmp_path / "a.ttl")) and from_store["documents"] == 1
    assert main(["analyze", str(tmp_path / "s")]) == 1
    assert "is a kg store, not an RDF file" in capsys.readouterr().err


# ------------------------------------------------------------------ folders

needs_posix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and symbolic links")


@needs_posix
def test_special_entries_of_a_folder_are_listed_as_skipped(tmp_path):
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Mario Draghi ha parlato a Roma.", encoding="utf-8")
    os.mkfifo(folder / "feed.txt")
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "sub" / "up").symlink_to(folder)
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(folder), "-o", str(tmp_path / "out.ttl")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    expected = {"feed.txt": "a FIFO, not a regular file", "gone.txt": "dangling symbolic link",
                "loop.txt": "symbolic link loop", "up": "symbolic link loop (a folder that contains itself)"}
    for name, reason in expected.items():
        assert any(name in line and reason in line for line in proc.stderr.splitlines()), (name, proc.stderr)
    assert "skipped 4" in proc.stderr and "1 documents" in proc.stderr


@needs_posix
def test_a_fifo_named_directly_never_blocks(tmp_path):
    os.mkfifo(tmp_path / "feed.txt")
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "feed.txt"), "-o",
                           str(tmp_path / "out.ttl")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and proc.stderr.strip() == f"error: {tmp_path / 'feed.txt'}: a FIFO, not a regular file"


def test_a_skipped_file_name_with_a_newline_stays_on_one_line(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text("Mario Draghi ha parlato a Roma.", encoding="utf-8")
    (folder / "bad\nname.txt").write_bytes(b"\xff\xfe\x00")
    report = build_corpus([folder], store=tmp_path / "s", progress=False)
    lines = report.skipped_lines()
    assert len(report.skipped) == 1 and any("bad\\nname.txt" in line for line in lines)
    assert all("\n" not in line for line in lines)
