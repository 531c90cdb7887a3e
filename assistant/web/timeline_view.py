"""The history of the agreement's provisions as cards, for the app's Timeline tab."""

from __future__ import annotations

import html

from assistant.agreement.versions import TimelineEntry, short_date
from assistant.web.answer_view import display_date, quoted


def _source(entry: TimelineEntry) -> str:
    if entry.citation is None:
        return "<div class='source-meta'>(unchanged: no new text)</div>"
    source = entry.citation
    mark = source.confidence or ""
    shown = "" if mark.startswith("primary") else mark
    details = [x for x in (source.publisher, display_date(source.date), shown) if x]
    where = " · ".join(html.escape(x) for x in [source.title or source.source, *details])
    return f"<div class='outcome-quote'>{html.escape(quoted(source.quote))}</div><div class='source-meta'>{where}</div>"


def timeline_html(entries: list[TimelineEntry]) -> str:
    """One card per change (date, version, provision, what happened, the quote and its document), escaped.

    Cards rather than a table, so the timeline fits any width (a phone's too) without scrolling sideways.

    Args:
        entries: Timeline entries, e.g. from :func:`assistant.agreement.versions.provision_timeline`.

    Returns:
        HTML, or a sentence saying there is nothing to show.
    """
    if not entries:
        return "<p>No changes to show.</p>"
    cards = []
    for entry in entries:
        kind = html.escape(entry.kind)
        cards.append(
            "<article class='tl-card'>"
            f"<div class='tl-when'><strong>{html.escape(short_date(entry.date))}</strong> · "
            f"{html.escape(entry.version_label)}</div>"
            f"<div class='outcome-title'>{html.escape(entry.provision_title)}</div>"
            f"<div class='tl-what'><span class='change change-{kind}'>{kind}</span> {html.escape(entry.summary)}</div>"
            f"{_source(entry)}"
            "</article>"
        )
    return f"<div class='tl-cards'>{''.join(cards)}</div>"
