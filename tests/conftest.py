"""Shared fixtures: the default report built once per test session, read back."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from real_clients import DOCX_FILTER, distinct, docx_failures, qpdf_failures

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seeds" / "000_463937150d6009d8.txt"
CLI = Path(sys.executable).with_name("hrap-report")
BROKEN = "deliberately-broken"  # a folder of damaged files, which the real-client check skips
REAL_CLIENTS: list[str] = []  # the summary of the real-client check, for the terminal


def run_cli(*args: str, cwd: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run the installed `hrap-report` console script."""
    result = subprocess.run([str(CLI), *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"hrap-report {' '.join(args)} failed:\n{result.stderr}")
    return result


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def soffice_to_pdf(docx: Path, outdir: Path) -> Path:
    """Convert a DOCX to PDF with LibreOffice, as a Word-like client would open it."""
    profile = outdir / "lo-profile"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", f"--infilter={DOCX_FILTER}",
         "--convert-to", "pdf",
         "--outdir", str(outdir), str(docx)],
        capture_output=True, text=True, timeout=300,
    )
    pdf = outdir / (docx.stem + ".pdf")
    assert result.returncode == 0 and pdf.exists(), f"LibreOffice failed: {result.stdout}{result.stderr}"
    return pdf


def struct_elements(node):
    """The structure elements under `node` of a PDF opened with pikepdf (its
    StructTreeRoot, or an element), depth first: in reading order."""
    import pikepdf

    kids = node.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from struct_elements(kid)


def placed_by(function, *arguments):
    """A `table_function(...)` or `chart_function(...)` made callable as a template calls
    its result: the call returns the blocks it handed to the document model, in a tuple."""
    from hrap_report.compose.markup import Defaults, Placed

    placed = Placed(Defaults())

    def call(*args, **kwargs):
        function(*arguments, placed)(*args, **kwargs)
        return tuple(placed.blocks)
    return call


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice missing")


@pytest.fixture(scope="session", autouse=True)
def real_clients_open_every_report(request, tmp_path_factory):
    """After the session: every DOCX and PDF any test built passes LibreOffice, python-docx
    and qpdf (see `real_clients`). Skipped when tests failed, or a tool is missing."""
    yield
    if request.session.testsfailed or not (shutil.which("qpdf") and shutil.which("soffice")):
        return
    built = [p for p in tmp_path_factory.getbasetemp().rglob("*")
             if p.suffix in (".docx", ".pdf") and p.is_file() and not {"lo-profile", BROKEN} & set(p.parts)]
    docx_files = distinct([p for p in built if p.suffix == ".docx"])
    pdfs = distinct([p for p in built if p.suffix == ".pdf"])
    failures = qpdf_failures(pdfs) + docx_failures(docx_files, tmp_path_factory.mktemp("real-clients"))
    assert not failures, "\n".join(failures)
    REAL_CLIENTS.append(f"real clients: {len(pdfs)} distinct PDFs pass qpdf --check, {len(docx_files)} "
                        "distinct DOCX files open in python-docx and LibreOffice")


def pytest_terminal_summary(terminalreporter) -> None:
    """What the real-client check saw (a fixture's own output is captured, and dropped)."""
    for line in REAL_CLIENTS:
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def default_build(tmp_path_factory) -> dict[str, Path]:
    """`hrap-report build` with no options, run in an empty folder."""
    cwd = tmp_path_factory.mktemp("empty")
    run_cli("build", cwd=cwd)
    files = {p.suffix[1:]: p for p in (cwd / "output").iterdir()}
    assert set(files) == {"docx", "pdf"}, files
    return files


@pytest.fixture(scope="session")
def docx_via_libreoffice(default_build, tmp_path_factory) -> Path:
    return soffice_to_pdf(default_build["docx"], tmp_path_factory.mktemp("lo"))



def missing_glyphs(pdf: Path) -> dict[str, list[str]]:
    """Every text a PDF draws with a code that its (embedded) font draws as .notdef, an
    empty box, by font. reportlab writes a character its font lacks as code 0."""
    import io

    from fontTools.ttLib import TTFont
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    missing: dict[str, list[str]] = {}
    glyphs: dict[str, tuple[dict[int, str], str]] = {}  # by subset name, unique in a file
    reader = PdfReader(pdf)
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"
            if font["/BaseFont"] not in glyphs:
                embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
                cmap = {code: glyph for table in embedded["cmap"].tables for code, glyph in table.cmap.items()}
                glyphs[font["/BaseFont"]] = (cmap, embedded.getGlyphOrder()[0])
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = fonts[operands[0]].get_object()["/BaseFont"]
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                cmap, notdef = glyphs[current]
                strings = operands[0] if operator == b"TJ" else operands[-1:]
                for string in strings:
                    if isinstance(string, (int, float)):  # a TJ kerning adjustment
                        continue
                    data = string if isinstance(string, bytes) else string.get_original_bytes()
                    if any(cmap.get(code, notdef) == notdef for code in data):
                        missing.setdefault(str(current), []).append(
                            data.decode("latin-1"))
    return missing
