from __future__ import annotations

from pathlib import Path

import pytest

from probation_graph.errors import ConfigError, InputError
from probation_graph.read import discover, load_sources, read_document, slug

LIMIT = 10_000


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t \n", "empty"),
        ("binary.txt", b"abc\x00\x01\x02def", "binary"),
        ("latin1.txt", "Caf\u00e9 inspection".encode("latin-1"), "UTF-8"),
        ("big.txt", b"x" * (LIMIT + 1), "larger than the limit"),
        ("notes.docx", b"hello", "unsupported file type"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("empty.html", b"<html><body></body></html>", "no main text"),
    ],
)
def test_bad_input_is_refused_with_the_reason(tmp_path: Path, name: str, data: bytes, reason: str):
    path = write(tmp_path / name, data)
    with pytest.raises(InputError, match=reason) as caught:
        read_document(path, max_bytes=LIMIT)
    assert str(path) in str(caught.value)


def test_a_nul_byte_after_the_first_8_kb_is_binary(tmp_path: Path):
    text = b"Kestrel Bay PDU was inspected in 2024. " * 300
    path = write(tmp_path / "late-nul.txt", text + b"\x00\x01\x02" + text)
    with pytest.raises(InputError, match="binary"):
        read_document(path, max_bytes=100_000)


@pytest.mark.parametrize(
    ("codec", "bom"), [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")]
)
def test_text_with_a_byte_order_mark_is_decoded(tmp_path: Path, codec: str, bom: bytes):
    text = "Mercia Vale PDU was rated \u2018Good\u2019.\nKestrel Bay PDU was not."
    path = write(tmp_path / "bom.txt", bom + text.encode(codec))
    assert read_document(path, max_bytes=LIMIT).text == text


def test_utf16_with_a_nul_character_is_binary(tmp_path: Path):
    path = write(tmp_path / "nul16.txt", b"\xff\xfe" + "Kestrel Bay\x00PDU".encode("utf-16-le"))
    with pytest.raises(InputError, match="binary"):
        read_document(path, max_bytes=LIMIT)


def test_broken_utf16_is_named(tmp_path: Path):
    path = write(tmp_path / "odd16.txt", b"\xff\xfe" + "Kestrel Bay".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(InputError, match="not valid UTF-16"):
        read_document(path, max_bytes=LIMIT)


def test_unreadable_file_is_refused(tmp_path: Path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(InputError, match="cannot read"):
        read_document(folder, max_bytes=LIMIT)


def test_text_document_keeps_text_and_hash(tmp_path: Path):
    path = write(tmp_path / "Report One.md", "\ufeffLine one.\r\nLine two.".encode())
    document = read_document(path, max_bytes=LIMIT)
    assert document.text == "Line one.\nLine two."
    assert document.meta.source_id == "report-one"
    assert len(document.sha256) == 64


def test_metadata_comes_from_sources_toml(tmp_path: Path):
    write(tmp_path / "a.txt", b"Some text.")
    (tmp_path / "sources.toml").write_text(
        '[[source]]\nfile = "a.txt"\nsource_id = "doc-a"\nkind = "NewsArticle"\ntitle = "A title"\ndate = "2024-10"\n'
    )
    document = read_document(tmp_path / "a.txt", max_bytes=LIMIT)
    assert (document.meta.source_id, document.meta.title, document.meta.date) == ("doc-a", "A title", "2024-10")


@pytest.mark.parametrize(
    ("toml", "reason"),
    [
        ('[[source]]\nsource_id = "x"\n', "no 'file'"),
        ('[[source]]\nfile = "a.txt"\nsource_id = "Bad Id"\n', "source_id"),
        ('[[source]]\nfile = "a.txt"\nsource_id = "x"\ndate = "October 2024"\n', "date"),
        ("[[source]\n", "cannot read"),
    ],
)
def test_bad_sources_file_is_reported(tmp_path: Path, toml: str, reason: str):
    (tmp_path / "sources.toml").write_text(toml)
    with pytest.raises(ConfigError, match=reason):
        load_sources(tmp_path)


def test_html_main_text_and_title(tmp_path: Path):
    body = " ".join(["Inspectors found the Kestrel Bay PDU was rated Good overall."] * 5)
    html = (
        "<html><head><title>Kestrel Bay rated Good</title></head><body><nav>Menu</nav>"
        f"<article><h1>Kestrel Bay rated Good</h1><p>{body}</p></article></body></html>"
    )
    document = read_document(write(tmp_path / "page.html", html.encode()), max_bytes=100_000)
    assert "rated Good overall" in document.text
    assert "Menu" not in document.text
    assert document.meta.title == "Kestrel Bay rated Good"


def test_pdf_text_layer(tmp_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "An inspection of probation services in: Kestrel Bay. Overall rating Good.")
    path = tmp_path / "report.pdf"
    pdf.output(str(path))
    document = read_document(path, max_bytes=1_000_000)
    assert "Kestrel Bay" in document.text


def test_discover_skips_hidden_and_unsupported(tmp_path: Path):
    write(tmp_path / "a.txt", b"x")
    write(tmp_path / "b.pdf", b"x")
    write(tmp_path / "c.csv", b"x")
    (tmp_path / ".store").mkdir()
    write(tmp_path / ".store" / "d.txt", b"x")
    assert [p.name for p in discover(tmp_path)] == ["a.txt", "b.pdf"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Barnsley & Rotherham", "barnsley-and-rotherham"), ("Women's services", "womens-services"), ("3SC", "3sc")],
)
def test_slug(name: str, expected: str):
    assert slug(name) == expected


def test_reflow_joins_wrapped_pdf_lines_only():
    from probation_graph.read import reflow

    full = "We inspected 44 community orders and eighteen releases on licence from custody in the"
    text = f"{full}\nPDU area last year.\nP 1.1 Leadership\nGood\n- a bullet that is short"
    assert reflow(text).splitlines() == [
        f"{full} PDU area last year.",
        "P 1.1 Leadership",
        "Good",
        "- a bullet that is short",
    ]


def test_a_saved_web_page_gives_its_article_only():
    page = Path(__file__).parent / "data" / "layouts" / "harbour-moor-crc.html"
    document = read_document(page, max_bytes=10**6)
    assert "owned by Brightline Justice" in document.text
    for chrome in ("cookies", "Privacy policy", "Sport"):
        assert chrome not in document.text
    assert document.meta.date == "2019-06-11"


@pytest.mark.parametrize("module", ["lxml_html_clean", "trafilatura", "pypdf"])
def test_every_reader_dependency_is_installed(module: str):
    __import__(module)
