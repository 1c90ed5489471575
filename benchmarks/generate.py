"""Write a synthetic city-scale task table and its vocabulary.

    python benchmarks/generate.py --tasks 20000 --units 3000 --out benchmarks/output/

writes city.txt (the seed's tab layout), city.xlsx, city.csv (GBK),
lexicon.yaml (for ``respgraph parse --lexicon``), gazetteer.yaml (for
``--gazetteer``) and truth.json (each row's canonical lead and co units,
leaders and blanket phrases).  Same arguments, same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from respgraph.synth import generate_table, write_csv, write_gazetteer, write_lexicon, write_text, write_xlsx


def write_truth(table, path) -> Path:
    path = Path(path)
    rows = [
        {
            "seq": row.seq,
            "section": truth.section,
            "leaders": list(truth.leaders),
            "lead_units": list(truth.lead_units),
            "co_units": list(truth.co_units),
            "groups": list(truth.groups),
            "quirks": list(truth.quirks),
        }
        for row, truth in zip(table.rows, table.truth)
    ]
    path.write_text(json.dumps({"district": table.district, "year": table.year, "rows": rows}, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=20_000)
    parser.add_argument("--units", type=int, default=3_000)
    parser.add_argument("--streets", type=int, default=None)
    parser.add_argument("--leaders", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="benchmarks/output/")
    parser.add_argument("--no-xlsx", action="store_true", help="skip the workbook (the slowest file to write)")
    args = parser.parse_args(argv)
    if args.tasks < 1 or args.units < 4:
        parser.error("--tasks must be at least 1 and --units at least 4")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    table = generate_table(args.tasks, args.units, args.streets, args.leaders, seed=args.seed)
    print(f"generated {len(table.rows)} tasks, {len(table.units)} units ({len(table.streets)} streets), "
          f"{len(table.leaders)} leaders, {len(table.sections)} sections in {time.perf_counter() - started:.2f}s")
    writers = [
        ("city.txt", write_text),
        ("city.csv", lambda t, p: write_csv(t, p, encoding="gbk")),
        ("lexicon.yaml", write_lexicon),
        ("gazetteer.yaml", write_gazetteer),
        ("truth.json", write_truth),
    ]
    if not args.no_xlsx:
        writers.insert(1, ("city.xlsx", write_xlsx))
    for name, write in writers:
        started = time.perf_counter()
        path = write(table, out / name)
        print(f"  {path}  {path.stat().st_size / 1e6:6.2f} MB  {time.perf_counter() - started:5.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
