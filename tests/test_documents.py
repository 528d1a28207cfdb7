"""Reading inputs: text files, folders, stdin, JSON Lines, CSV, and bad input."""

from __future__ import annotations

import io

import pytest

from kg.documents import parse_text, read_documents
from kg.errors import InputError


def test_date_header_is_metadata(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("date 2025-01-28\nTitolo\n\nCorpo del testo.", encoding="utf-8")
    (doc,) = read_documents([path])
    assert doc.date == "2025-01-28"
    assert doc.text.startswith("Titolo")
    assert doc.title == "Titolo"


def test_inline_date_header():
    doc = parse_text(" date 2025-01 Mentre il mondo...", source="x")
    assert doc.date == "2025-01" and doc.text == "Mentre il mondo..."


def test_folder_is_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Due.", encoding="utf-8")
    (tmp_path / "1.txt").write_text("Uno.", encoding="utf-8")
    assert [d.text for d in read_documents([tmp_path])] == ["Uno.", "Due."]


def test_stdin():
    (doc,) = read_documents(["-"], stdin=io.StringIO("Meta paga Trump."))
    assert doc.source == "<stdin>"


def test_jsonl_and_csv(tmp_path):
    jl = tmp_path / "c.jsonl"
    jl.write_text('{"id": "a1", "text": "Uno.", "date": "2024-05-01", "url": "https://example.org/a"}\n\n{"text": "Due."}\n', encoding="utf-8")
    docs = list(read_documents([jl]))
    assert [d.text for d in docs] == ["Uno.", "Due."]
    assert docs[0].doc_id == "a1" and docs[0].date == "2024-05-01" and docs[0].url == "https://example.org/a"
    csv = tmp_path / "d.csv"
    csv.write_text('id,text\n7,"Meta, Inc. paga."\n', encoding="utf-8")
    (doc,) = read_documents([csv])
    assert doc.text == "Meta, Inc. paga." and doc.doc_id == "7"


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty input"), (b"   \n", "empty input"), (b"\xff\xfe caf\xe9", "not UTF-8"), (b"\x00\x01\x02", "binary")],
)
def test_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        list(read_documents([path]))


def test_missing_file():
    with pytest.raises(InputError, match="no such file"):
        list(read_documents(["/nonexistent/x.txt"]))
