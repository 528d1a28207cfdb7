"""The plain-text report of ``kg eval``."""

from __future__ import annotations

from .scoring import Report, Score

__all__ = ["format_report"]


def format_report(report: Report, *, show_errors: bool = False) -> str:
    """The report as a plain-text table (and, on request, the error list)."""
    mode = "relaxed" if report.relaxed else "strict"
    n_gold = sum(d.score.tp + d.score.fn for d in report.documents)
    n_sys = sum(d.score.tp + d.score.fp for d in report.documents)
    lines = [
        f"gold: {report.gold_dir} ({len(report.documents)} documents, {n_gold} gold triples, "
        f"{n_sys} system triples; {mode} entity matching)",
        "",
        f"{'':<20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}",
    ]

    def row(name: str, s: Score) -> str:
        return f"{name:<20} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}"

    lines.append(row("overall", report.overall))
    for lang, s in report.by_lang.items():
        lines.append(row(f"lang={lang}", s))
    lines.append("")
    for rel, s in report.by_relation.items():
        lines.append(row(rel, s))
    lines.append("")
    lines.append(f"{'extractor':<20} {'P':>6} {'tp':>5} {'fp':>5}")
    for name, s in report.by_extractor.items():
        lines.append(f"{name:<20} {s.precision:6.3f} {s.tp:5d} {s.fp:5d}")
    lines.append("")
    lines.append(
        f"entities: {report.entities_found}/{report.entities_total} gold entities found "
        f"(recall {report.entity_recall:.3f})"
    )
    lines.append("")
    lines.append(f"{'document':<20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}  entities")
    for d in report.documents:
        lines.append(row(d.name, d.score) + f"  {d.entities_found}/{d.entities_total}")
    if show_errors:
        for title, errors in (("misses", report.misses), ("false positives", report.false_positives)):
            lines.append("")
            lines.append(f"{title} ({len(errors)}):")
            for e in errors:
                lines.append(f"  [{e.document}] {e.subject} --{e.relation}--> {_short(e.object, 80)}")
                if e.evidence:
                    lines.append(f"      « {_short(e.evidence, 160)} »")
    return "\n".join(lines)


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"

