"""How the page looks: its CSS and theme (system fonts only), and the script that shows a cited passage."""

from __future__ import annotations

import gradio as gr

CSS = """
.source-text { max-height: 380px; overflow-y: auto; border: 1px solid var(--border-color-primary);
               border-radius: 6px; padding: 0.5em 1em; }
.source-text mark { background: #ffe36e; color: #000; padding: 0 2px; }
.source-meta { color: var(--body-text-color-subdued); margin: 0.2em 0; }
footer { display: none !important; }
.outcomes-table { width: 100%; border-collapse: collapse; font-size: 0.92em; }
.outcomes-table th, .outcomes-table td { border-bottom: 1px solid var(--border-color-primary); padding: 4px 6px;
                                         vertical-align: top; text-align: left; }
.outcome-title { font-weight: 600; }
.outcome-quote { color: var(--body-text-color-subdued); font-style: italic; margin-top: 2px; }
.verdict { border-radius: 4px; padding: 1px 6px; font-weight: 600; white-space: nowrap; }
.verdict-yes { background: #d5f5d5; color: #14521a; }
.verdict-no { background: #fbd9d9; color: #7a1616; }
.verdict-undetermined, .verdict-not-covered { background: #fff1c2; color: #6b4e00; }
.change { border-radius: 4px; padding: 0 5px; font-size: 0.85em; background: var(--background-fill-secondary); }
.change-changed, .change-ended { background: #fbd9d9; color: #7a1616; }
.change-contested { background: #fff1c2; color: #6b4e00; }
"""
SCROLL_TO_PASSAGE = (
    "() => { const m = document.getElementById('cited-passage'); if (m) m.scrollIntoView({block: 'center'}); }"
)
# System fonts only: the default theme would fetch its fonts from Google.
THEME = gr.themes.Soft(
    font=["ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
)
