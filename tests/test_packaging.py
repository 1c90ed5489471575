"""The wheel users install: the Cypher library and data files in, the test-only generator out."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_ships_the_library_and_leaves_the_synthetic_generator_out(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = tmp_path.glob("respgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "respgraph/cypher/pairs.cypher" in names and "respgraph/data/lexicon.yaml" in names
    assert "respgraph/layouts/flat.py" in names and "respgraph/readers/pdf.py" in names
    assert not any(name.endswith("synth.py") for name in names)
