"""The published tables as they also arrive: a web page of paragraphs, a Word document, a PDF printed from it.

Each text of tests/data/corpus is written one paragraph per line into .html (with site
navigation around it) and .docx (python-docx), and the .docx printed to .pdf and saved as
legacy .doc by LibreOffice; every copy must read to the same tasks as the text.
"""

import html
from pathlib import Path

import docx
import pytest

from office_support import SOFFICE, soffice_convert
from respgraph.ingest import parse_file

CORPUS = Path(__file__).parent / "data" / "corpus"
NAMES = sorted(p.stem for p in CORPUS.glob("*.tsv"))


def signature(plan, text_chars=None):
    return [(t.seq, t.section, t.text[:text_chars], t.leaders, t.lead_units, t.co_units, [g.phrase for g in t.groups])
            for t in plan.tasks]


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus-formats")
    for name in NAMES:
        lines = (CORPUS / f"{name}.txt").read_text(encoding="utf-8").splitlines()
        paragraphs = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines)
        (folder / f"{name}.html").write_text(
            f'<html><head><meta charset="utf-8"><title>{name}</title><script>var x = "<p>1.假</p>";</script></head>'
            f'<body><div class="nav">首页 | 政务公开 | 通知公告</div>{paragraphs}<div class="footer">版权所有 网站地图</div></body></html>',
            encoding="utf-8",
        )
        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(folder / f"{name}.docx")
    return folder


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_published_table_reads_the_same_from_a_web_page_and_a_word_document(copies, name, fmt):
    assert signature(parse_file(copies / f"{name}.{fmt}")) == signature(parse_file(CORPUS / f"{name}.txt"))


@pytest.mark.parametrize("name", ["liandu-2023", "longwan-2023", "xianan-2023", "lishan-2023"])
def test_a_published_table_reads_the_same_from_pdf_and_doc(copies, name, tmp_path):
    assert SOFFICE, "LibreOffice is needed (scripts/setup.sh installs it)"
    # a PDF keeps lines, not paragraphs: where a sentence fills its line to the margin, the next short
    # cell (a figure such as 12亿元) cannot be told from its continuation, so task texts are compared
    # by their opening, as the corpus scorer does
    expected = signature(parse_file(CORPUS / f"{name}.txt"), text_chars=12)
    for target in ("pdf", "doc"):
        converted = soffice_convert(copies / f"{name}.docx", target, tmp_path)
        assert signature(parse_file(converted), text_chars=12) == expected, target
