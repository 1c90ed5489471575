"""A small hand-built plan with hostile names, and a headless Chromium for the render tests.

The plan (worked out by hand, used by several tests):

task 1  section 一、经济发展   leader 张三   lead 区发改局   co 区财政局, H_IMG
task 2  section 一、经济发展   leader 李四   lead 区财政局   co 区发改局
task 3  section H_SECTION      leader 张三   lead H_SCRIPT   co 武林街道
task 4  section H_SECTION      leader H_LEADER lead 区城管局  co 各街道 → 武林街道, 天水街道 (inferred)

Coordination graph without blanket expansion: 6 units (区城管局 alone),
edges 发改–财政 (tasks 1, 2), 发改–H_IMG, 财政–H_IMG (task 1), H_SCRIPT–武林 (task 3).
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager

from respgraph.model import CO, LEAD, GroupRef, Link, Plan, Task, Unit

H_IMG = '"><img src=x onerror="window.__pwned=1">'
H_SCRIPT = "</script><script>window.__pwned=2</script>局"
H_SECTION = "二、<svg onload=window.__pwned=3>城市"
H_LEADER = "<b onmouseover=window.__pwned=4>王五</b>"
H_TEXT = "整治<script>window.__pwned=5</script>河道 & 管网\u2028第二行"

CHROMIUM = os.environ.get("RESPGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def hostile_plan() -> Plan:
    def explicit(task):
        task.links = [Link(u, LEAD, "exact", u) for u in task.lead_units] + [
            Link(u, CO, "exact", u) for u in task.co_units
        ]
        return task

    t1 = explicit(Task(1, "一、经济发展", "推进重大项目建设", ["张三"], ["区发改局"], ["区财政局", H_IMG]))
    t2 = explicit(Task(2, "一、经济发展", "优化财政支出结构", ["李四"], ["区财政局"], ["区发改局"]))
    t3 = explicit(Task(3, H_SECTION, H_TEXT, ["张三"], [H_SCRIPT], ["武林街道"]))
    t4 = Task(4, H_SECTION, "老旧小区改造", [H_LEADER], ["区城管局"], [])
    t4.groups = [GroupRef("各街道", CO, "streets", ("武林街道", "天水街道"), raw="各街道")]
    t4.links = [
        Link("区城管局", LEAD, "exact", "区城管局"),
        Link("武林街道", CO, "expanded", "各街道", inferred=True, group="各街道"),
        Link("天水街道", CO, "expanded", "各街道", inferred=True, group="各街道"),
    ]
    units = {
        "区发改局": Unit("区发改局", "government"),
        "区财政局": Unit("区财政局", "government"),
        "区城管局": Unit("区城管局", "government"),
        H_IMG: Unit(H_IMG, "party"),
        H_SCRIPT: Unit(H_SCRIPT, "government"),
        "武林街道": Unit("武林街道", "street"),
        "天水街道": Unit("天水街道", "street"),
    }
    return Plan(
        "甲区",
        2021,
        "甲区2021年政府工作报告主要任务分解",
        "hand-built",
        sections=["一、经济发展", H_SECTION],
        tasks=[t1, t2, t3, t4],
        units=units,
        streets=["武林街道", "天水街道"],
    )


def chromium_available() -> bool:
    """True when Chromium is there, and always under CI (CI=true), where a missing browser must fail, not skip."""
    return os.environ.get("CI") == "true" or shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)


@contextmanager
def chromium():
    """A headless Debian Chromium driven by playwright (no browser download needed)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class PageWatch:
    """Records every request, console error and uncaught exception of one page."""

    def __init__(self, page):
        self.requests = []
        self.errors = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))


def wait_until(page, predicate: str, timeout: float = 60.0, interval: float = 0.05) -> bool:
    """Poll ``predicate`` (a JavaScript function source) from Python until it returns true.

    Playwright's own ``wait_for_function`` compiles its predicate inside the
    page with ``new Function``, which the pages' Content-Security-Policy
    (rightly) forbids; ``evaluate`` goes through the DevTools protocol.
    """
    import time

    deadline = time.monotonic() + timeout
    while True:
        if page.evaluate(predicate):
            return True
        if time.monotonic() > deadline:
            raise TimeoutError(f"{predicate} not true within {timeout:.0f}s")
        time.sleep(interval)


def open_page(browser, path, viewport=(1280, 860)):
    """Open ``path`` from file://, wait until the network is drawn and settled; return (page, watch, url)."""
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]}, accept_downloads=True)
    watch = PageWatch(page)
    url = path.resolve().as_uri()
    page.goto(url)
    wait_until(page, "() => !!(window.rg && window.rg.ready)")
    return page, watch, url
