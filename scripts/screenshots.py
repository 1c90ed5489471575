"""Screenshots of the seed's briefing pack for the README, taken in headless Chromium.

Writes the pack of ``seeds/gongshu-2021.txt`` into a temporary folder, opens
each view as a reader would (a 1200 × 760 window, the page's first view) and
the top of ``index.html``, and saves them as PNG in ``docs/screenshots/``.
With Pillow installed the images are reduced to a 96-colour palette, which
keeps the five of them to a few hundred KB.  Run it again after changing the
pages, so the README shows what the code draws:

    python scripts/screenshots.py                 # → docs/screenshots/*.png
    python scripts/screenshots.py --out /tmp/shots
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from render_support import chromium, open_page  # noqa: E402  (the tests' headless Chromium)
from respgraph.ingest import parse_file  # noqa: E402
from respgraph.report import build_report  # noqa: E402

VIEWS = ("coordination", "tasks", "leaders", "streets")
WINDOW = (1200, 760)


def shrink(path: Path) -> None:
    """Reduce a screenshot to a palette PNG (text and flat colours survive it well)."""
    try:
        from PIL import Image
    except ImportError:  # Pillow is optional: the full-colour PNG stays
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=Path, default=ROOT / "seeds" / "gongshu-2021.txt")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    plan = parse_file(args.seed)
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        pack = build_report([plan], Path(tmp) / "briefing").folder
        for view in VIEWS:
            page, watch, _ = open_page(browser, pack / f"{view}.html", viewport=WINDOW)
            target = args.out / f"{view}.png"
            page.screenshot(path=str(target))
            page.close()
            if watch.errors:
                raise SystemExit(f"{view}.html logged errors: {watch.errors}")
            shrink(target)
        page = browser.new_page(viewport={"width": WINDOW[0], "height": 1400})
        page.goto((pack / "index.html").resolve().as_uri())
        charts = page.locator("#charts").bounding_box()
        page.screenshot(path=str(args.out / "index.png"), full_page=True,
                        clip={"x": 0, "y": charts["y"], "width": WINDOW[0], "height": min(charts["height"], 1300)})
        page.close()
        shrink(args.out / "index.png")
    total = 0
    for name in [*VIEWS, "index"]:
        size = (args.out / f"{name}.png").stat().st_size
        total += size
        print(f"{args.out / (name + '.png')}: {size // 1024} KB")
    print(f"total {total // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
