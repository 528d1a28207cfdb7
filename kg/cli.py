"""The ``kg`` command line: a thin layer over the library functions.

Each subcommand parses its arguments and calls one public function of the
library. Errors derived from :class:`kg.errors.KgError` are caught in
:func:`main`, printed as one ``error: ...`` line on stderr, and turned into a
non-zero exit status.

To add a subcommand, write a ``_cmd_<name>(sub)`` function that adds its parser
and sets ``func``; then list it in :data:`_COMMANDS`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .errors import KgError

__all__ = ["main", "make_parser"]


def _cmd_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="extract a knowledge graph from news text")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=".txt, .jsonl or .csv files, folders of them, or - for stdin")
    p.add_argument("-o", "--output", required=False, help="output RDF file (format from the extension)")
    p.add_argument("--format", help="RDF format: turtle, nt, json-ld, xml, trig, nquads")
    p.add_argument("--lang", choices=["it", "en"], help="language of every document (default: detect)")
    p.add_argument("--model", action="append", default=[], metavar="[LANG=]NAME_OR_PATH",
                   help="spaCy pipeline to use, e.g. --model en=en_core_web_lg (repeatable)")
    p.add_argument("--html", metavar="OUT.html", help="also write the interactive visualisation")
    p.add_argument("--store", metavar="DIR",
                   help="also add each document's graph to the persistent store in DIR (see kg query, kg serve); "
                        "with no -o/--html, documents already stored are skipped, so an interrupted run resumes")
    p.add_argument("--batch-size", type=_positive, default=32, metavar="N", help="documents per nlp.pipe batch (default 32)")
    p.add_argument("--workers", type=_positive, default=1, metavar="N", help="extractor processes (default 1)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="extract on a Dask cluster: tcp://SCHEDULER:8786, or 'local' for --workers local processes")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress display and no summary (unless inputs were skipped)")
    p.add_argument("--also-schema-org", action="store_true",
                   help="also write schema.org triples (schema:Person, schema:name, schema:worksFor...) "
                        "from the ontology's alignments, for consumers that do not know kg's ontology")
    p.add_argument("--no-model-relations", action="store_true",
                   help="rules alone: do not add the learned relation scorer's facts (kg/models/relscorer)")
    p.set_defaults(func=_run_build)


def _run_build(args: argparse.Namespace) -> int:
    from .corpus import build_corpus

    if not args.output and not args.html and not args.store:
        raise KgError("nothing to write: give -o OUT.ttl, --html OUT.html and/or --store DIR")
    _relation_model_switch(args)
    _check_outputs(args)
    report = build_corpus(
        args.inputs, store=args.store, output=args.output, format=args.format, html=args.html,
        lang=args.lang, models=_parse_models(args.model), batch_size=args.batch_size,
        workers=args.workers, dask=args.dask, progress=False if args.quiet else None,
        schema_org=args.also_schema_org,
    )
    if not args.quiet or report.skipped or report.warnings:
        print(report.summary(), file=sys.stderr)
        for line in report.skipped_lines():
            print(line, file=sys.stderr)
    if args.store:
        counts = report.store
        from .text import printable

        print(f"store {printable(args.store)}: {counts['added']} added, {counts['replaced']} replaced, "
              f"{counts['unchanged']} unchanged", file=sys.stderr)
    return 0


def _check_outputs(args: argparse.Namespace) -> None:
    """Fail before any parsing on an unknown format, an output folder that does not exist, or an
    output that is an input or the other output."""
    import os
    from pathlib import Path

    from .errors import OutputError
    from .fileio import check_outputs
    from .rdf import resolve_format

    if args.output:
        resolve_format(args.output, args.format)
    for path in (args.output, args.html):
        if path and not Path(path).resolve().parent.is_dir():
            raise OutputError(f"cannot write {path}: directory {Path(path).parent} does not exist")
    check_outputs([args.output, args.html], [i for i in args.inputs if os.path.isfile(i)])


def _relation_model_switch(args: argparse.Namespace) -> None:
    """``--no-model-relations``: the environment switch of :mod:`kg.extract.learned` (worker processes inherit it)."""
    import os

    from .extract.learned import ENV

    if getattr(args, "no_model_relations", False):
        os.environ[ENV] = "off"


def _parse_models(values: Sequence[str]) -> dict[str, str]:
    models: dict[str, str] = {}
    for value in values:
        lang, sep, name = value.partition("=")
        if sep and lang in ("it", "en"):
            models[lang] = name
        else:
            models["*"] = value
    return models


def _cmd_models(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("models", help="list installed spaCy pipelines and the one each language uses")
    p.add_argument("--json", action="store_true", help='print {"it": {"name", "path", "version"}, "en": {...}}')
    p.set_defaults(func=_run_models)


def _run_models(args: argparse.Namespace) -> int:
    import json

    from .nlp import available_models

    installed = available_models()
    chosen = {lang: (models[0].as_dict() if models else None) for lang, models in installed.items()}
    if args.json:
        print(json.dumps(chosen, indent=2, sort_keys=True))
        return 0
    for lang, models in installed.items():
        print(f"{lang}:")
        if not models:
            from .nlp import install_hint

            print(f"  (none installed) {install_hint(lang)}")
        for i, info in enumerate(models):
            mark = "*" if i == 0 else " "
            print(f"  {mark} {info.name} {info.version}  {info.path}")
    print("* = used by default; choose another with --model [LANG=]NAME_OR_PATH")
    return 0


def _cmd_info(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="count entities per class and facts per relation")
    p.add_argument("graph", metavar="GRAPH_OR_STORE", help="an RDF file written by kg build, or a store directory")
    p.add_argument("--format", help="RDF format of GRAPH (default: from the extension)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=_run_info)


def _run_info(args: argparse.Namespace) -> int:
    import json

    from .rdf import graph_info, load_graph
    from .store import Store, is_store_dir

    if is_store_dir(args.graph):
        with Store.open(args.graph, read_only=True) as store:
            info = store.info()
    else:
        info = graph_info(load_graph(args.graph, format=args.format))
    if args.json:
        print(json.dumps(info, indent=2, sort_keys=True))
        return 0
    for section in ("documents", "entities", "statements"):
        print(f"{section}: {info[section]}")
    for title, key in (("class", "classes"), ("relation", "relations")):
        print()
        print(f"{title:<20} count")
        for name, count in info[key].items():
            print(f"{name:<20} {count}")
    return 0


def _cmd_eval(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="score the extractor against a gold folder (NAME.txt + NAME.gold.json)")
    p.add_argument("gold_dir", metavar="GOLD_DIR", help="folder of NAME.txt and NAME.gold.json pairs")
    p.add_argument("--relaxed", action="store_true",
                   help="also match entities by whole-word containment (Meta ~ Meta Platforms)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--lang", choices=["it", "en"], help="score only the gold documents of this language")
    p.add_argument("--show-errors", action="store_true", help="list the missed gold triples and the false positives")
    p.add_argument("--model", action="append", default=[], metavar="[LANG=]NAME_OR_PATH",
                   help="spaCy pipeline to use, as in kg build (repeatable)")
    p.add_argument("--no-model-relations", action="store_true",
                   help="rules alone: do not add the learned relation scorer's facts (kg/models/relscorer)")
    p.set_defaults(func=_run_eval)


def _run_eval(args: argparse.Namespace) -> int:
    import json

    from .evaluate import evaluate, format_report

    _relation_model_switch(args)
    report = evaluate(args.gold_dir, relaxed=args.relaxed, lang=args.lang, models=_parse_models(args.model))
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_report(report, show_errors=args.show_errors))
    return 0


def _cmd_query(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("query", help="run a SPARQL query on a graph file or a store")
    p.add_argument("source", metavar="GRAPH_OR_STORE", help="an RDF file written by kg build, or a store directory")
    p.add_argument("query", metavar="QUERY", help="SPARQL text or a .rq file (the kg prefixes are predeclared)")
    p.add_argument("--bind", action="append", default=[], metavar="NAME=VALUE",
                   help="pre-bind ?NAME: an IRI (<...>, http..., kgr:person/x), a number or a string (repeatable)")
    p.add_argument("--format", default="table", choices=["table", "csv", "tsv", "json", "parquet"],
                   help="SELECT/ASK output (default: table); CONSTRUCT/DESCRIBE always print Turtle; "
                        "parquet (needs pyarrow and -o) writes a SELECT's rows as a Parquet file")
    p.add_argument("--input-format", help="RDF format of GRAPH (default: from the extension)")
    p.add_argument("--timeout", type=_seconds, metavar="SECONDS", help="stop the query after this many seconds")
    p.add_argument("--max-rows", type=_count, metavar="N", help="stop with an error after N result rows")
    p.add_argument("--allow-service", action="store_true",
                   help="run SERVICE patterns (federated queries send HTTP requests to other endpoints; off by default)")
    p.add_argument("-o", "--output", metavar="OUT", help="write the result to OUT instead of standard output")
    p.add_argument("--full-iris", action="store_true", help="parquet: keep IRIs whole instead of kgr:... prefixes")
    p.set_defaults(func=_run_query)


def _run_query(args: argparse.Namespace) -> int:
    from .sparql import stream_query, write_result

    bindings = {}
    for item in args.bind:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise KgError(f"--bind wants NAME=VALUE, not {item!r}")
        bindings[name] = value
    if args.format == "parquet":
        return _run_query_parquet(args, bindings)
    with stream_query(args.source, args.query, bindings=bindings, format=args.input_format,
                      allow_service=args.allow_service, timeout=args.timeout, max_rows=args.max_rows) as stream:
        if args.output:
            import io

            from .fileio import atomic_writer

            with atomic_writer(args.output) as handle:
                text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
                write_result(stream, text, format=args.format)
                text.flush()
                text.detach()
        else:
            write_result(stream, sys.stdout, format=args.format)
    return 0


def _run_query_parquet(args: argparse.Namespace, bindings: dict) -> int:
    from .frames import write_parquet
    from .sparql import stream_query

    if not args.output:
        raise KgError("--format parquet writes a file: give -o OUT.parquet")
    with stream_query(args.source, args.query, bindings=bindings, format=args.input_format,
                      allow_service=args.allow_service, timeout=args.timeout, max_rows=args.max_rows) as stream:
        if stream.kind == "ASK":
            raise KgError("an ASK query has no rows to write as Parquet; use --format table, csv, tsv or json")
        if stream.kind != "SELECT":
            raise KgError("--format parquet writes the rows of a SELECT query; CONSTRUCT and DESCRIBE give a graph")
        rows = write_parquet(stream, args.output, full_iris=args.full_iris)
    print(f"wrote {args.output} ({rows} row{'s' if rows != 1 else ''})", file=sys.stderr)
    return 0



def _cmd_remove(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("remove", help="remove documents (their named graphs) from a store")
    p.add_argument("store", metavar="STORE", help="store directory")
    p.add_argument("documents", nargs="+", metavar="DOC",
                   help="document IRI (or kgd:ID), content hash (sha256:...) or source path")
    p.set_defaults(func=_run_remove)


def _run_remove(args: argparse.Namespace) -> int:
    from .store import Store

    with Store.open(args.store, create=False) as store:
        for key in args.documents:
            for iri in store.remove_document(key):
                print(f"removed {iri}")
    return 0


def _cmd_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write a whole store to an RDF file")
    p.add_argument("store", metavar="STORE", help="store directory")
    p.add_argument("-o", "--output", required=True, help="output file; trig and nquads keep one graph per document")
    p.add_argument("--format", help="RDF format: turtle, nt, json-ld, xml, trig, nquads (default: from the extension)")
    p.set_defaults(func=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    from .store import Store

    with Store.open(args.store, read_only=True) as store:
        fmt = store.export(args.output, format=args.format)
    print(f"wrote {args.output} ({fmt})", file=sys.stderr)
    return 0


def _cmd_serve(sub: argparse._SubParsersAction) -> None:
    from .serve import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT

    p = sub.add_parser("serve", help="serve a store as a SPARQL 1.1 endpoint (Oxigraph) on 127.0.0.1")
    p.add_argument("store", metavar="STORE", help="store directory")
    p.add_argument("--port", type=_port, default=7878, help="TCP port (default: 7878)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default: 127.0.0.1, local only; any other address is served with a warning)")
    p.add_argument("--allow-update", action="store_true", help="accept SPARQL Update and Graph Store writes")
    p.add_argument("--allow-remote-update", action="store_true",
                   help="also accept --allow-update on a host that is not a loopback address")
    p.add_argument("--allow-service", action="store_true",
                   help="run SERVICE patterns and LOAD (they make the server send HTTP requests; refused by default)")
    p.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"answer HTTP 503 to queries that take longer, answer included (default: {DEFAULT_TIMEOUT:g})")
    p.add_argument("--max-rows", type=_positive, default=DEFAULT_MAX_ROWS, metavar="N",
                   help=f"answer HTTP 500 to queries with more result rows (default: {DEFAULT_MAX_ROWS})")
    p.add_argument("--union-default-graph", dest="union", action="store_true", default=None,
                   help="query the union of the named graphs by default (automatic for stores without kg's merge)")
    p.add_argument("--cors", action="store_true", help="allow cross-origin requests (for YASGUI in a browser)")
    p.set_defaults(func=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(args.store, port=args.port, host=args.host, allow_update=args.allow_update,
                 allow_remote_update=args.allow_remote_update, allow_service=args.allow_service,
                 timeout=args.timeout, max_rows=args.max_rows, union_default_graph=args.union, cors=args.cors)


def _cmd_push(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("push", help="upload each document graph of a store to a Graph Store Protocol endpoint")
    p.add_argument("store", metavar="STORE", help="store directory")
    p.add_argument("--endpoint", required=True,
                   help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store or http://host:3030/ds/data")
    p.add_argument("--user", help="HTTP Basic user name")
    p.add_argument("--password", help="HTTP Basic password (default: $KG_PUSH_PASSWORD)")
    p.set_defaults(func=_run_push)


def _run_push(args: argparse.Namespace) -> int:
    import os

    from .serve import push

    password = args.password if args.password is not None else os.environ.get("KG_PUSH_PASSWORD")
    pushed = push(args.store, args.endpoint, user=args.user, password=password)
    print(f"pushed {len(pushed)} document graph{'s' if len(pushed) != 1 else ''} to {args.endpoint}")
    return 0


def _cmd_analyze(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="network measures: size, components, centrality, communities, relations")
    p.add_argument("graph", metavar="GRAPH", help="an RDF file written by kg build")
    p.add_argument("--format", help="RDF format of GRAPH (default: from the extension)")
    p.add_argument("--top", type=int, default=10, metavar="K", help="how many entities per ranking (default: 10)")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument("--write-back", metavar="OUT",
                   help="also write GRAPH plus kg:pagerank, kg:degree, kg:betweenness, kg:community on every "
                        "entity to OUT (give GRAPH's own path to update it in place)")
    p.set_defaults(func=_run_analyze)


def _run_analyze(args: argparse.Namespace) -> int:
    import json

    from .analyze import analyze, write_scores
    from .rdf import load_graph, write_graph

    graph = load_graph(args.graph, format=args.format)
    result = analyze(graph, top=args.top)
    if args.write_back:
        fmt = write_graph(write_scores(graph), args.write_back)
        print(f"wrote {args.write_back} ({fmt}) with kg:pagerank, kg:degree, kg:betweenness, kg:community",
              file=sys.stderr)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    comps = result["components"]
    print(f"entities: {result['nodes']}  relations: {result['edges']}  statements: {result['statements']}")
    print(f"weakly connected components: {comps['count']} (largest {comps['largest']})  "
          f"communities: {result['community_count']}")
    for key, title in (("degree", "degree"), ("pagerank", "PageRank"), ("betweenness", "betweenness")):
        print()
        print(f"{'top by ' + title:<40} {'class':<13} {title:>11}")
        for row in result[key]:
            value = row["value"] if key == "degree" else f"{row['value']:.4f}"
            print(f"{_clip(row['label'], 40):<40} {row['cls']:<13} {value:>11}")
    print()
    print(f"{'community':<10} {'size':>5}  members (by PageRank)")
    for com in result["communities"]:
        print(f"{com['id']:<10} {com['size']:>5}  {_clip(', '.join(com['members']), 90)}")
    print()
    print(f"{'relation':<20} {'label':<30} {'edges':>6} {'statements':>11}")
    for rel in result["relations"]:
        print(f"{rel['relation']:<20} {_clip(rel['label'], 30):<30} {rel['edges']:>6} {rel['statements']:>11}")
    return 0


def _clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _cmd_path(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("path", help="explain how two entities are connected (shortest path, with evidence)")
    p.add_argument("graph", metavar="GRAPH", help="an RDF file written by kg build")
    p.add_argument("source", metavar="A", help="entity name, alias or IRI (case and accents ignored)")
    p.add_argument("target", metavar="B", help="entity name, alias or IRI")
    p.add_argument("--format", help="RDF format of GRAPH (default: from the extension)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_run_path)


def _run_path(args: argparse.Namespace) -> int:
    import json

    from .analyze import shortest_path
    from .rdf import load_graph

    hops = shortest_path(load_graph(args.graph, format=args.format), args.source, args.target)
    if args.json:
        print(json.dumps(hops, indent=2, ensure_ascii=False))
        return 0
    print(f"{hops[0]['from_label']} → {hops[-1]['to_label']}: {len(hops)} hop{'s' if len(hops) != 1 else ''}")
    for i, hop in enumerate(hops, 1):
        arrow = f"—[{hop['relation_label']}]→" if hop["forward"] else f"←[{hop['relation_label']}]—"
        print(f"{i}. {hop['from_label']} {arrow} {hop['to_label']}")
        if hop["evidence"]:
            doc = (hop["document"] or "?").rsplit("/", 1)[-1]
            conf = "?" if hop["confidence"] is None else f"{hop['confidence']:.2f}"
            print(f"   “{_clip(hop['evidence'], 300)}” ({doc}, confidence {conf})")
    return 0


def _cmd_neighbors(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("neighbors", help="list the entities within N hops of one entity, and their relations")
    p.add_argument("graph", metavar="GRAPH", help="an RDF file written by kg build")
    p.add_argument("entity", metavar="A", help="entity name, alias or IRI (case and accents ignored)")
    p.add_argument("--depth", type=int, default=1, metavar="N", help="hops, direction ignored (default: 1)")
    p.add_argument("--format", help="RDF format of GRAPH (default: from the extension)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_run_neighbors)


def _run_neighbors(args: argparse.Namespace) -> int:
    import json

    from .analyze import neighbors
    from .rdf import load_graph

    ego = neighbors(load_graph(args.graph, format=args.format), args.entity, depth=args.depth)
    if args.json:
        print(json.dumps(ego, indent=2, ensure_ascii=False))
        return 0
    center = ego["center"]
    print(f"{center['label']} ({center['cls']}): {len(ego['nodes'])} entities within {ego['depth']} hop(s)")
    for node in ego["nodes"]:
        print(f"  {node['distance']}  {node['label']} ({node['cls']})")
    if ego["edges"]:
        print()
        for edge in ego["edges"]:
            print(f"  {edge['source_label']} —[{edge['relation_label']}]→ {edge['target_label']}")
    return 0


def _cmd_export_graph(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-graph", help="write the entity graph as GraphML or GEXF (Gephi) or a CSV edge list")
    p.add_argument("graph", metavar="GRAPH", help="an RDF file written by kg build")
    p.add_argument("-o", "--output", required=True, help="OUT.graphml, OUT.gexf or OUT.csv")
    p.add_argument("--to", dest="to_format", choices=["graphml", "gexf", "csv"],
                   help="output format (default: from the extension of OUT)")
    p.add_argument("--format", help="RDF format of GRAPH (default: from the extension)")
    p.set_defaults(func=_run_export_graph)


def _run_export_graph(args: argparse.Namespace) -> int:
    from .analyze import export_graph
    from .rdf import load_graph

    fmt = export_graph(load_graph(args.graph, format=args.format), args.output, format=args.to_format)
    print(f"wrote {args.output} ({fmt})", file=sys.stderr)
    return 0


def _cmd_viz(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("viz", help="write the interactive HTML page of a graph (works offline)")
    p.add_argument("graph", metavar="GRAPH", help="an RDF file written by kg build")
    p.add_argument("-o", "--output", required=True, metavar="OUT.html", help="output HTML file")
    p.add_argument("--format", help="RDF format of GRAPH (default: from the extension)")
    p.add_argument("--lang", choices=["it", "en"], help="label language (default: the documents' majority language)")
    p.add_argument("--max-nodes", type=int, default=5000, metavar="N",
                   help="draw only the N most central entities of larger graphs (default: 5000)")
    p.add_argument("--title", help="page title")
    p.set_defaults(func=_run_viz)


def _run_viz(args: argparse.Namespace) -> int:
    from .rdf import load_graph
    from .viz import write_html

    write_html(load_graph(args.graph, format=args.format), args.output, lang=args.lang,
               max_nodes=args.max_nodes, title=args.title)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _cmd_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check a graph or a store against kg's SHACL shapes (needs pySHACL)")
    p.add_argument("source", metavar="GRAPH_OR_STORE", help="an RDF file written by kg build, or a store directory")
    p.add_argument("--shapes", action="append", default=[], metavar="EXTRA.ttl",
                   help="also check these SHACL shapes (repeatable)")
    p.add_argument("--format", help="RDF format of GRAPH (default: from the extension)")
    p.add_argument("--max-per-shape", type=int, default=20, metavar="N",
                   help="list at most N results per shape (default: 20; 0 lists all)")
    p.set_defaults(func=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    from .validate import format_report, validate

    report = validate(args.source, shapes=args.shapes, format=args.format)
    sys.stdout.write(format_report(report, max_per_shape=args.max_per_shape))
    return 0 if report.conforms else 1


_COMMANDS = [_cmd_build, _cmd_models, _cmd_info, _cmd_eval, _cmd_query, _cmd_remove, _cmd_export, _cmd_serve, _cmd_push, _cmd_analyze, _cmd_path, _cmd_neighbors, _cmd_export_graph, _cmd_viz, _cmd_validate]


class _UsageError(KgError):
    """A command line that argparse rejects."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad command line is a one-line ``error:`` with exit status 1 like any other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, not {text!r}")
    return value


def _whole(low: int, high: int | None, wanted: str):
    """An argparse type: a whole number from ``low`` to ``high``, else one error line saying ``wanted``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"{wanted}, not {text!r}")
        return value

    return parse


_count = _whole(0, None, "expected a whole number of zero or more")
_positive = _whole(1, None, "expected a whole number of 1 or more")
_port = _whole(1, 65535, "a TCP port is a number from 1 to 65535")


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``kg`` command."""
    parser = _Parser(
        prog="kg",
        description="Turn news text into a knowledge graph with provenance.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add in _COMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command; return its exit status."""
    from .text import printable

    parser = make_parser()
    try:
        args = parser.parse_args(argv)
        return int(args.func(args) or 0)
    except KgError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
