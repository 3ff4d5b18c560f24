"""What every HTML report shares: the page frame, its style, tables, figures and number
formats. Pages are self-contained: no scripts, no external styles; figures are referenced by
relative path so a report folder can be moved or zipped as a whole."""

import html
import math

STYLE = """
body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
td, th { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
td:first-child, th:first-child { text-align: left; }
img { max-width: 100%; border: 1px solid #eee; }
.meta { color: #555; font-size: 0.85em; }
.miss { color: #b00; }
"""


def page(title, meta, sections):
    """A whole page: the title, a line of provenance (`meta`, HTML) and the sections (HTML)."""
    head = ['<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
            f"<h1>{escape(title)}</h1>", f'<p class="meta">{meta}</p>']
    return "\n".join(head + list(sections) + ["</body></html>"]) + "\n"


def table(header, rows):
    """A table of text cells (escaped here); `header` names the columns."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def figure(title, png, svg):
    """A heading and the PNG, linking to the SVG."""
    return (f"<h2>{escape(title)}</h2>\n"
            f'<p><a href="{escape(svg.name)}"><img src="{escape(png.name)}" alt="{escape(title)}"></a></p>')


def count(value):
    """1,234; "n/a" for a missing value."""
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:,.0f}"


def amount(value, scale):
    """A value shown in units of `scale`: a whole count for scale 1 (workers), one decimal
    otherwise (USD million); "n/a" for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.0f}" if scale == 1 else f"{value / scale:,.1f}"


def escape(value):
    return html.escape(str(value))
