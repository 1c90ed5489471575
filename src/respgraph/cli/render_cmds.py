"""Drawing commands: ``render`` (one interactive page) and ``report`` (the briefing pack)."""

from __future__ import annotations

from pathlib import Path

import click

from respgraph.cli.app import main
from respgraph.cli.common import load_plans_from_options, plan_input_options
from respgraph.cli.reading import finish
from respgraph.render.page import write_page
from respgraph.render.views import COLOR_MODES, SIZE_MEASURES, VIEWS, render_figure

__all__ = ["render", "report"]


@main.command()
@click.argument("view", type=click.Choice(VIEWS), metavar="VIEW")
@plan_input_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write (one self-contained file, opens offline).")
@click.option("--min-shared", type=click.IntRange(min=1), default=1, show_default=True,
              help="Draw only links between units sharing at least N tasks (coordination, ego).")
@click.option("--size-by", type=click.Choice(SIZE_MEASURES), default="tasks", show_default=True,
              help="What a unit's size shows (coordination, ego): task counts or a centrality measure.")
@click.option("--color-by", "--colour-by", "color_by", type=click.Choice(COLOR_MODES), default="community",
              show_default=True, help="Colour units by Louvain community or by kind of unit (coordination, ego).")
@click.option("--unit", default=None, help="The unit at the centre of the ego view (full name or a unique part of it).")
@click.option("--depth", type=click.IntRange(min=1), default=1, show_default=True,
              help="How many links away from --unit the ego view reaches.")
@click.option("--page-title", "page_title", default=None,
              help="Title shown on the page (default: the view's name; --title is the plan's title).")
def render(view, plan_input, output, min_shared, size_by, color_by, unit, depth, page_title):
    """Write one interactive network page (VIEW: coordination, tasks, leaders, ego, streets).

    \b
    The page is a single HTML file with everything inlined: it makes no network
    request, so it can be mailed or opened on an offline machine.  It has a
    legend, a search box, filters by section, leader and link type, tooltips
    listing the tasks behind each node and link, and a "Save PNG" button.
    The streets view is a heat map of sections against streets, expanding
    blanket phrases (各街道) unless --blanket group.  An output file ending
    in .svg gets the static drawing instead (the page's first view, names as
    text, for Word or PowerPoint).

    \b
    Examples:
      respgraph render coordination seeds/gongshu-2021.txt -o coordination.html
      respgraph render coordination seeds/gongshu-2021.txt --size-by betweenness --color-by kind --min-shared 2 -o c.html
      respgraph render ego seeds/gongshu-2021.txt --unit 区财政局 --depth 2 -o finance.html
      respgraph render tasks seeds/gongshu-2021.txt --blanket expand -o tasks.html
      respgraph render streets seeds/gongshu-2021.txt -o streets.svg
    """
    plans = load_plans_from_options(plan_input)
    figure = render_figure(plans, view, blanket=plan_input.blanket, size_by=size_by, color_by=color_by,
                           min_shared=min_shared, unit=unit, depth=depth, title=page_title)
    text = figure.svg() if output.suffix.lower() == ".svg" else figure.html()
    path = write_page(output, text)
    what = "drawing" if output.suffix.lower() == ".svg" else "page"
    click.echo(f"Wrote the {view} {what} of {', '.join(p.key for p in plans)} to {path} "
               f"({len(text.encode('utf-8')) // 1024} KB).")


@main.command()
@plan_input_options
@click.option("-o", "--output", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write the briefing pack into (created if missing; files in it are replaced).")
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True,
              help="Rows of each long table shown on the index page (the CSV/XLSX files have all rows).")
@click.option("--sample", type=click.IntRange(min=1), default=None,
              help="Estimate betweenness from N sampled units (for very large graphs).")
@click.option("--no-views", is_flag=True, help="Write only the index and the tables, not the interactive pages.")
def report(plan_input, folder, top, sample, no_views):
    """Write a briefing pack: index.html, the interactive views and the tables as CSV and XLSX.

    \b
    index.html shows the key figures, the top coordinators, the top pairs,
    the communities, the leaders' portfolios, the streets' burden and a
    summary of the reader's judgements, and links to coordination.html,
    tasks.html, leaders.html and streets.html.  Everything works offline.

    \b
    Examples:
      respgraph report seeds/gongshu-2021.txt -o briefing/
      respgraph report a.xlsx b.xlsx --blanket expand -o briefing-2021-2022/
    """
    from respgraph.report import build_report

    # a folder of tables: one unreadable file does not stop the pack; it is named and exits 2 at the end
    plans = load_plans_from_options(plan_input, keep_going=True)
    result = build_report(plans, folder, blanket=plan_input.blanket, top=top, sample=sample, views=not no_views)
    click.echo(f"Wrote the briefing pack of {', '.join(p.key for p in plans)} to {result.folder}/ "
               f"({len(result.files)} files); open {result.folder / 'index.html'}")
    if plan_input.batch is not None:
        finish(plan_input.batch)
