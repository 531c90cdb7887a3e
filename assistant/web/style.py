"""How the page looks: its CSS and theme (system fonts only), and the scripts that move the view.

The scripts run in the browser after events (``.then(None, js=...)``): a new answer is scrolled into view
at its start, and a cited passage is scrolled into view in its document. None of them loads anything.
"""

from __future__ import annotations

import json

import gradio as gr

#: Narrower than this, the page is laid out for a phone: one column, the question box under the chat.
NARROW = 820

CSS = (
    """
footer { display: none !important; }
/* Gradio scopes rules in @media blocks to the app's content, so the page's own side padding (32px, too much
   on a phone) narrows here, by a top-level rule: 10px below NARROW, 32px above. */
.main.app { padding-left: clamp(10px, calc((100vw - NARROWpx) * 100), 32px) !important;
            padding-right: clamp(10px, calc((100vw - NARROWpx) * 100), 32px) !important; }
#intro h2 { margin-bottom: 0.2em; }

/* The chat tab: conversation, question box and details side by side on a wide screen, stacked on a phone. */
#chat-layout { display: grid !important; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
               grid-template-rows: auto auto auto 1fr; gap: var(--layout-gap);
               grid-template-areas: "main details" "ask details" "more details" ". details"; align-items: start; }
#chat-layout > * { min-width: 0 !important; width: auto !important; }
#chat-main { grid-area: main; }
#chat-ask { grid-area: ask; }
#chat-more { grid-area: more; }
#chat-details { grid-area: details; }
#chat-ask .row, #chat-more .row { flex-wrap: nowrap; }

/* Examples and a decline's suggested questions look like what they are: buttons. */
#chatbot .examples .example, #chatbot .options button.option {
  border: 1px solid var(--color-accent) !important; border-radius: 8px; background: var(--background-fill-primary);
  color: var(--body-text-color); cursor: pointer; }
#chatbot .examples .example:hover, #chatbot .options button.option:hover {
  background: var(--color-accent-soft); }
#chatbot .options { justify-content: flex-start !important; }
#chatbot .options button.option { text-align: left; }
/* The chat's own corner toolbar (a trash icon) is left out: the Clear button under the chat does the same,
   and the icon floated over the copy button of a question scrolled to the top. */
#chatbot .icon-button-wrapper.top-panel { display: none !important; }

.answer-summary { font-size: 1.06em; }
.answer-summary p { margin: 0.3em 0 0.5em; }

/* Sources: one card each, its document and date on the first line, the quote's own words under it. */
#answer-sources label, #sc-sources label, #catalog label { white-space: pre-line; align-items: flex-start; }
#answer-sources label > span, #sc-sources label > span, #catalog label > span { overflow-wrap: anywhere; }
#answer-sources .wrap, #sc-sources .wrap, #catalog .wrap { flex-direction: column; }
#answer-sources label, #sc-sources label, #catalog label { width: 100%; }
/* The document beside the catalogue stays in view while the list scrolls. */
#catalog-reader { position: sticky; top: 8px; align-self: flex-start; }

.source-text { max-height: 380px; overflow-y: auto; border: 1px solid var(--border-color-primary);
               border-radius: 6px; padding: 0.5em 1em; overflow-wrap: anywhere; }
.source-text mark { background: #ffe36e; color: #000; padding: 0 2px; }
/* Room after the text, so a passage near a document's end still scrolls up to where the eye is. */
.source-text::after { content: ""; display: block; height: 240px; }
.source-meta { color: var(--body-text-color-subdued); margin: 0.2em 0; overflow-wrap: anywhere; font-size: 0.9em; }
#source-viewer h3, #sc-viewer h3, #catalog-viewer h3 { margin: 0.3em 0 0.1em; font-size: 1.05em; }
.field-error p { color: #b42318; margin: 0.1em 0 0.4em; }

/* Verdicts. */
.outcomes-table { width: 100%; border-collapse: collapse; font-size: 0.92em; border: none !important; }
.outcomes-table th, .outcomes-table td { border: none !important; padding: 4px 6px; vertical-align: top;
                                         text-align: left; overflow-wrap: break-word; }
.outcomes-table tr { border: none !important; border-bottom: 1px solid var(--border-color-primary) !important; }
.outcomes-table td.outcome-title { width: 30%; }
.outcome-title { font-weight: 600; }
.outcome-quote { color: var(--body-text-color-subdued); font-style: italic; margin-top: 2px; font-size: 0.92em; }
/* The trace reads in its own scrolling box, so opening it does not make the page thousands of pixels long. */
#trace .prose, #sc-trace .prose { max-height: 70vh; overflow-y: auto; }
.other-outcomes > summary { cursor: pointer; margin: 0.5em 0; color: var(--body-text-color-subdued); }
.verdict { border-radius: 4px; padding: 1px 6px; font-weight: 600; white-space: nowrap; }
.verdict-yes { background: #d5f5d5; color: #14521a; }
.verdict-no { background: #fbd9d9; color: #7a1616; }
.verdict-undetermined, .verdict-not-covered { background: #fff1c2; color: #6b4e00; }
.headline { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.95em; padding: 6px 0; }
.chip { white-space: nowrap; }

/* The timeline: one card per change. */
.tl-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); gap: 10px; }
.tl-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px;
           overflow-wrap: anywhere; }
.tl-when { color: var(--body-text-color-subdued); font-size: 0.9em; }
.tl-what { margin: 2px 0; }
.change { border-radius: 4px; padding: 0 5px; font-size: 0.85em; background: var(--background-fill-secondary); }
.change-changed, .change-ended { background: #fbd9d9; color: #7a1616; }
.change-contested { background: #fff1c2; color: #6b4e00; }
""".replace("NARROWpx", f"{NARROW}px")
    + f"""
@media (max-width: {NARROW}px) {{
  #chat-layout {{ grid-template-columns: minmax(0, 1fr); grid-template-rows: none;
                  grid-template-areas: "main" "ask" "details" "more"; }}
  #chatbot {{ height: min(52vh, 460px) !important; }}
  #intro h2 {{ font-size: 1.2em; }}
  #intro .intro-more {{ display: none; }}
  #chatbot .message-row.bubble {{ margin-left: 2px !important; margin-right: 2px !important; }}
  #chatbot .message-row.bubble.bot-row {{ max-width: calc(100% - 4px) !important; }}
  #chatbot .prose {{ font-size: 15px !important; }}
  #chat-ask .row {{ gap: 6px; }}
  #chat-ask button {{ min-width: 52px !important; padding-left: 6px; padding-right: 6px; }}
  .tabs button[role="tab"] {{ padding-left: 8px; padding-right: 8px; }}
  .outcomes-table thead {{ display: none; }}
  .outcomes-table tr {{ display: block; border-bottom: 1px solid var(--border-color-primary); padding: 4px 0; }}
  .outcomes-table td {{ display: inline; border: none; padding: 2px 4px; }}
  .outcomes-table td:last-child {{ display: block; }}
  .source-text {{ max-height: 300px; }}
}}
"""
)


def _script(body: str) -> str:
    """A browser function that runs ``body`` now and again as the page settles (Gradio renders after events)."""
    return f"() => {{ const run = () => {{ {body} }}; for (const wait of [0, 60, 200, 500]) setTimeout(run, wait); }}"


_SCROLLER = (
    "const scroller = (el) => { for (let e = el.parentElement; e; e = e.parentElement) {"
    " const o = getComputedStyle(e).overflowY;"
    " if ((o === 'auto' || o === 'scroll') && e.scrollHeight > e.clientHeight + 1) return e; } return null; };"
)

#: The newest answer (the last message) scrolled to its start, just under the chat's toolbar; the page scrolled
#: too when part of the chat is out of sight.
SHOW_LATEST_ANSWER = _script(
    _SCROLLER + "const rows = document.querySelectorAll('#chatbot .message-row');"
    " if (!rows.length) return;"
    " const last = rows[rows.length - 1]; const box = scroller(last);"
    " if (box) box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 40;"
    " const chat = document.querySelector('#chatbot').getBoundingClientRect();"
    " if (chat.top < 0 || chat.bottom > window.innerHeight) window.scrollBy(0, chat.top - 8);"
)


def passage_script(viewer: str, *, page: bool) -> str:
    """A browser function showing the cited passage in ``viewer`` (a CSS selector) in its scrolling box.

    Args:
        viewer: The selector of the HTML component that holds the document.
        page: Also scroll the page to the passage (after a click on a source); else only the document's box
            moves, so the reader's place on the page stays.
    """
    selector = json.dumps(f"{viewer} mark#cited-passage")
    if page:
        body = f"const m = document.querySelector({selector}); if (m) m.scrollIntoView({{block: 'center'}});"
    else:
        body = (
            f"const m = document.querySelector({selector}); const box = m && m.closest('.source-text');"
            " if (box) box.scrollTop += m.getBoundingClientRect().top - box.getBoundingClientRect().top"
            " - box.clientHeight / 4;"
        )
    return _script(body)


#: The export's file fetched at once (the link also stays next to the button).
START_DOWNLOAD = _script(
    "const a = document.querySelector('#download a[download]');"
    " if (a && a.href !== window.__exportFetched) { window.__exportFetched = a.href; a.click(); }"
)

# System fonts only: the default theme would fetch its fonts from Google.
THEME = gr.themes.Soft(
    font=["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
)
