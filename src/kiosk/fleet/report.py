"""What the operator reads: the status table and the proof-of-play file (JSONL or CSV)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = ["PROOF_COLUMNS", "format_proof", "since_filter", "status_table"]

HEAD = (
    "display",
    "group",
    "online",
    "deck",
    "slide",
    "mode",
    "last seen",
    "uptime",
    "clock",
    "problems",
)


def _clock(doc: Any) -> str:
    """A sync member's clock: '+0.4 ms' (vs. its peers, else NTP), '!' over one frame."""
    if not isinstance(doc, dict):
        return "-"
    offset = doc.get("offset_ms", doc.get("ntp_offset_ms"))
    if not isinstance(offset, int | float):
        return "-"
    return f"{offset:+.1f} ms" + (" !" if doc.get("warning") else "")


def _ago(iso: Any) -> str:
    try:
        at = datetime.fromisoformat(str(iso))
    except ValueError:
        return "-"
    s = (datetime.now(UTC) - at).total_seconds()
    return (
        f"{s:.0f} s ago"
        if s < 120
        else f"{s / 60:.0f} min ago"
        if s < 7200
        else (f"{s / 3600:.0f} h ago")
    )


def status_table(rows: list[dict[str, Any]]) -> str:
    """One line per display, columns padded."""
    table = [HEAD]
    for r in rows:
        slide = r.get("slide_index")
        count = r.get("slide_count")
        problems = r.get("problems") or []
        table.append((
            str(r.get("display")),
            str(r.get("group") or "-"),
            "yes" if r.get("online") else "no",
            str(r.get("deck_version") or "-")[:26],
            f"{slide}/{count} {r.get('slide_id') or ''}".strip() if slide else "-",
            str(r.get("mode") or "-"),
            _ago(r.get("last_seen")) if r.get("last_seen") else str(r.get("reason", "-")),
            str(timedelta(seconds=int(r.get("uptime") or 0))) if r.get("online") else "-",
            _clock(r.get("clock")) if r.get("online") else "-",
            str(problems[-1])[:60] if problems else "-",
        ))  # fmt: skip
    widths = [max(len(row[i]) for row in table) for i in range(len(HEAD))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in table
    )


def since_filter(plays: list[dict[str, Any]], since: datetime) -> list[dict[str, Any]]:
    def start(p: dict[str, Any]) -> datetime | None:
        try:
            at = datetime.fromisoformat(str(p.get("start")))
        except ValueError:
            return None
        return at if at.tzinfo else at.replace(tzinfo=UTC)

    kept = [(start(p), p) for p in plays]
    chosen = [(s, p) for s, p in kept if s is not None and s >= since]
    chosen.sort(key=lambda sp: (sp[0], str(sp[1].get("display")), str(sp[1].get("id"))))
    return [p for _, p in chosen]


PROOF_COLUMNS = (
    "id",
    "display",
    "group",
    "deck",
    "start",
    "seconds",
    "index",
    "slide_id",
    "type",
    "title",
    "how",
)


def format_proof(plays: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in plays)
    out = io.StringIO()
    writer = csv.DictWriter(out, PROOF_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for p in plays:
        writer.writerow({k: p.get(k, "") for k in PROOF_COLUMNS})
    return out.getvalue()
