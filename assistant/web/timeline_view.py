"""The history of the agreement's provisions as an HTML table, for the app's Timeline tab."""

from __future__ import annotations

import html

from assistant.agreement.versions import TimelineEntry, short_date


def timeline_html(entries: list[TimelineEntry]) -> str:
    """One row per change (date, version, provision, what happened, the quote and its document), escaped.

    Args:
        entries: Timeline entries, e.g. from :func:`assistant.agreement.versions.provision_timeline`.

    Returns:
        An HTML table, or a sentence saying there is nothing to show.
    """
    if not entries:
        return "<p>No changes to show.</p>"
    rows = []
    for entry in entries:
        if entry.citation is not None:
            source = entry.citation
            details = ", ".join(x for x in (source.publisher, source.date, source.confidence) if x)
            where = html.escape(source.title or source.source) + (f" ({html.escape(details)})" if details else "")
            quote = (
                f"<div class='outcome-quote'>“{html.escape(source.quote)}”</div>"
                f"<div class='source-meta'>{where} · <code>{html.escape(source.source)}</code></div>"
            )
        else:
            quote = "<div class='source-meta'>(unchanged: no new text)</div>"
        kind = html.escape(entry.kind)
        rows.append(
            "<tr>"
            f"<td style='white-space:nowrap'>{html.escape(short_date(entry.date))}</td>"
            f"<td>{html.escape(entry.version_label)}<br><code>{html.escape(entry.version)}</code></td>"
            f"<td class='outcome-title'>{html.escape(entry.provision_title)}</td>"
            f"<td><span class='change change-{kind}'>{kind}</span> {html.escape(entry.summary)}{quote}</td>"
            "</tr>"
        )
    head = "<tr><th>Date</th><th>Terms</th><th>Provision</th><th>What happened, and the source</th></tr>"
    return f"<table class='outcomes-table timeline-table'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
