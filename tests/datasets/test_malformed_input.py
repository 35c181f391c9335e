"""Hostile input: every malformed input file gives one located error and exit 2, never a
traceback, never a partial output.

The commands run in-process (click's CliRunner) for speed; the one input that used to
crash the interpreter itself (YAML nested too deep) runs in a process of its own.
"""
from __future__ import annotations

import builtins
import io
import os
import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import run_cli
from hrap_report.cli import main
from hrap_report.datasets.plan_files import load_plan
from hrap_report.datasets.workbook import MAX_RATIO, MAX_UNPACKED_BYTES
from hrap_report.datasets.yaml_files import MAX_DEPTH, MAX_VALUES, load_yaml
from hrap_report.errors import InputError
from hrap_report.pipeline.export import export_dataset
from hrap_report.project.scaffold import init_project
from hrap_report.validation.checks import load_report

PROBLEM = re.compile(r"^\S.*: (error|warning): \S")  # one problem of the data, as the CLI prints it
BOTH = ("validate", "build")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A small valid project (the 2021-2025 skeleton) as YAML, as a workbook and as CSV."""
    root = tmp_path_factory.mktemp("base")
    init_project(root / "project", load_plan("2021-2025"))
    shutil.move(root / "project" / "data", root / "data")
    report = load_report(root / "data")
    export_dataset(report, "xlsx", root / "book.xlsx")
    export_dataset(report, "csv", root / "csv")
    return root


@pytest.fixture
def work(base, tmp_path, monkeypatch) -> Path:
    """A copy of the project to spoil, as the current folder."""
    for name in ("data", "csv"):
        shutil.copytree(base / name, tmp_path / name)
    shutil.copy(base / "book.xlsx", tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _files(folder: Path) -> set[Path]:
    """Everything under `folder` but its folders."""
    return {p for p in folder.rglob("*") if not p.is_dir() or p.is_symlink()}


def refused(command: str, data: Path | str | None, place: str, message: str, *options: str) -> list[str]:
    """Run `command` (validate, build or export) on `data`; it must exit 2 naming `place`
    and `message` in one error line (or in its first problem, one line per problem, plus
    the summary of a build), with no traceback and no file written. Returns the lines."""
    before = _files(Path.cwd())
    defaults = {"build": ["--out", "out", "--format", "docx"], "export": ["--to", "csv", "exported"]}
    data_option = ["--data", str(data)] if data is not None else []
    result = CliRunner().invoke(main, [command, *data_option, *defaults.get(command, []), *options])
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, (result.exception, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert _files(Path.cwd()) == before, "a file was written"
    if lines[0].startswith("hrap-report: error: "):
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"hrap-report: error: {place}: ") and message in lines[0], lines
        return lines
    summary = [line for line in lines if line.startswith("hrap-report: error: ")]
    assert summary == ([] if command == "validate" else [lines[-1]]), lines
    assert summary == [] or re.fullmatch(r"hrap-report: error: \d+ errors? in the data; nothing was written",
                                         summary[0]), summary
    problems = lines[:-1] if summary else lines
    assert all(PROBLEM.match(line) for line in problems), lines
    first = next(line for line in problems if ": error: " in line)
    assert first.startswith(f"{place}: error: ") and message in first, lines
    return lines


def _both(data, place, message, *options) -> None:
    for command in BOTH:
        refused(command, data, place, message, *options)


# --- YAML datasets -------------------------------------------------------------------

CHAPTER = "data/chapter-1.yaml"


@pytest.mark.parametrize("content,line,message", [
    ("number: 1\ntitle: Rights: of all\n", 2, "invalid YAML: mapping values are not allowed"),
    ('number: 1\ntitle: "Rights\nindicators: []\n', 4, "invalid YAML: found unexpected end of stream"),
    ("number: 1\ntitle:\n\ten: Rights\n", 3, "invalid YAML: found character that cannot start any token"),
    ("- number: 1\n- title: Rights\n", 1, "Input should be a valid dictionary"),
    ("", 1, "Input should be a valid dictionary"),
    ("number: 1\ntitle: A\nnumber: 2\n", 3, "the key 'number' appears twice (first at line 1)"),
    ("number: 1\n? [a, b]\n: c\n", 2, "a key must be a plain value, not a list or mapping"),
    ("number: 2021-02-30\ntitle: A\n", 1, "cannot read the value '2021-02-30': day is out of range"),
    ("number: " + "9" * 5000 + "\n", 1, "cannot read the value '9999"),
    ("number: !!python/object:os.system x\n", 1, "invalid YAML value: could not determine a constructor"),
    ("number: 1\ntitle: Rights\noverview: 5\n", 3, "overview: Input should be a valid list"),
    ("number: 1\ntitle:\n  en: {text: Rights}\n", 3, "the en text must be a string"),
], ids=["syntax", "unclosed-quote", "tab", "list-for-mapping", "empty", "duplicate-key", "list-as-key",
        "impossible-date", "huge-number", "python-tag", "number-for-list", "mapping-for-text"])
def test_malformed_yaml_names_file_and_line(work, content, line, message):
    (work / CHAPTER).write_text(content, encoding="utf-8")
    _both("data", f"{CHAPTER}:{line}", message)


@pytest.mark.parametrize("content,line,message", [
    (bytes(range(256)), 2, "is not UTF-8 text (byte 0x80)"),
    ("number: 1\ntitle: Droits économiques\n".encode("latin-1"), 2, "is not UTF-8 text (byte 0xE9)"),
    ("number: 1\ntitle: Rights\n".encode("utf-16"), 1, "is UTF-16 text, not UTF-8"),
    ("number: 1\ntitle: Rights\n".encode("utf-16-le"), 1, "holds NUL bytes: it is not UTF-8 text"),
], ids=["binary", "latin-1", "utf-16", "utf-16-without-mark"])
def test_a_yaml_file_not_in_utf8_names_file_and_line(work, content, line, message):
    (work / CHAPTER).write_bytes(content)
    _both("data", f"{CHAPTER}:{line}", message)


def test_aliases_that_expand_without_end_are_refused(work):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for name, previous in zip("bcdefgh", "abcdefg"):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    (work / CHAPTER).write_text("\n".join(lines) + "\n", encoding="utf-8")
    _both("data", f"{CHAPTER}:6", f"holds more than {MAX_VALUES:,} values")


def test_yaml_nested_too_deep_is_refused_not_a_crash(work):
    """libyaml's composer recursed in C until the interpreter died (a segmentation fault)."""
    (work / CHAPTER).write_text("number: 1\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    for args in (["validate"], ["build", "--out", "out"]):
        result = run_cli(*args, "--data", "data", cwd=work, check=False)
        # whoever notices first (our parser events or PyYAML's own limit), the user gets one
        # located line: the wording is the parser's, the behaviour ours
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.startswith(f"{CHAPTER}:2: error: "), result.stderr
        assert len([line for line in result.stderr.splitlines() if line.startswith(f"{CHAPTER}:")]) == 1
    assert not (work / "out").exists()


def test_our_own_nesting_limit_comes_before_the_parser_s(work):
    """Nesting a little deeper than a dataset ever needs is refused by our limit, whatever
    the parser's own (PyYAML 6.0.4 has one, earlier releases did not)."""
    depth = MAX_DEPTH + 1
    (work / CHAPTER).write_text("number: 1\ntitle: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(work / CHAPTER)
    assert (caught.value.line, caught.value.message) == (2, f"lists and mappings nested more than {MAX_DEPTH} deep")


def test_a_chapter_entry_that_is_not_a_file_name(work):
    report = work / "data" / "report.yaml"
    lines = report.read_text(encoding="utf-8").splitlines()
    at = lines.index("  - chapter-1.yaml")
    lines[at] = "  - {file: chapter-1.yaml}"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _both("data", f"data/report.yaml:{at + 1}", "{'file': 'chapter-1.yaml'} is not a file name")


# --- Workbooks -----------------------------------------------------------------------

def _zip(members: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip archive of raw deflate streams as given: name → (stream, size, CRC), so a
    test can declare any size and hold a gigabyte in a few kilobytes."""
    local, central = bytearray(), bytearray()
    for name, (stream, size, crc) in members.items():
        encoded = name.encode()
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(stream), size,
                               len(encoded), 0, 0, 0, 0, 0, len(local)) + encoded
        local += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(stream), size,
                             len(encoded), 0) + encoded + stream
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(local), 0)
    return bytes(local + central + end)


def _deflated(data: bytes) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(), len(data), zlib.crc32(data)


def _bomb(mebibytes: int) -> tuple[bytes, int, int]:
    """A sheet's XML of that many MiB of blanks, deflated as much as deflate can: one
    MiB compressed once (with a full flush, so it does not depend on what came before)
    and repeated."""
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    tail = b"</sheetData></worksheet>"
    blanks = b" " * 2**20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(blanks) + packer.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    for _ in range(mebibytes):
        crc = zlib.crc32(blanks, crc)
    stream = start + block * mebibytes + packer.compress(tail) + packer.flush()
    return stream, len(head) + mebibytes * len(blanks) + len(tail), zlib.crc32(tail, crc)


def _workbook_with(book: Path, name: str, member: tuple[bytes, int, int] | None) -> bytes:
    """The exported workbook with one part replaced (or left out, for None)."""
    with zipfile.ZipFile(book) as archive:
        parts = {n: _deflated(archive.read(n)) for n in archive.namelist()}
    if member is None:
        del parts[name]
    else:
        parts[name] = member
    return _zip(parts)


SHEET = "xl/worksheets/sheet1.xml"
WORKBOOK = "book.xlsx"


def _spoil(work: Path, make) -> None:
    (work / WORKBOOK).write_bytes(make(work / WORKBOOK))


@pytest.mark.parametrize("make,message", [
    (lambda book: b"number,title\n1,Rights\n", "not an Excel workbook (.xlsx): it is not a zip archive"),
    (lambda book: b"", "not an Excel workbook (.xlsx): it is not a zip archive"),
    (lambda book: (whole := book.read_bytes())[:len(whole) // 2], "it is a damaged zip archive (cut short?)"),
    (lambda book: _zip({"hello.txt": _deflated(b"hello")}), "not an Excel workbook (.xlsx): "),
    (lambda book: bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4088), "is an old Excel workbook (.xls) or a password"),
    (lambda book: _workbook_with(book, "xl/workbook.xml", _deflated(b"<workbook xml")), "not an Excel workbook"),
    (lambda book: _workbook_with(book, "xl/styles.xml", _deflated(b"<styleSheet")), "not an Excel workbook"),
], ids=["text", "empty", "truncated", "zip-of-other-things", "xls-or-encrypted", "damaged-workbook-part",
        "damaged-styles"])
def test_a_file_that_is_no_workbook(work, make, message):
    _spoil(work, make)
    _both(WORKBOOK, WORKBOOK, message)
    refused("export", WORKBOOK, WORKBOOK, message)


@pytest.fixture
def unpacking(monkeypatch):
    """From when it is called, a list of the parts any code unpacks, which a refused
    archive must leave empty."""
    def watch() -> list[str]:
        unpacked: list[str] = []
        original = zipfile.ZipFile.open

        def note(archive, name, *args, **kwargs):
            unpacked.append(getattr(name, "filename", name))
            return original(archive, name, *args, **kwargs)

        monkeypatch.setattr(zipfile.ZipFile, "open", note)
        return unpacked
    return watch


def test_a_zip_bomb_is_refused_before_it_is_unpacked(work, unpacking):
    """A sheet of 1 GiB in 1 MB: refused by the sizes the archive declares."""
    _spoil(work, lambda book: _workbook_with(book, SHEET, _bomb(1024)))
    assert (work / WORKBOOK).stat().st_size < 2 * 2**20
    no_unpacking = unpacking()
    _both(WORKBOOK, WORKBOOK, f"unpacks to 1,024 MB, more than the {MAX_UNPACKED_BYTES // 2**20} MB")
    refused("export", WORKBOOK, WORKBOOK, "(a zip bomb?)")
    assert no_unpacking == []


def test_a_part_compressed_like_a_bomb_is_refused_below_the_size_limit(work, unpacking):
    _spoil(work, lambda book: _workbook_with(book, SHEET, _bomb(MAX_UNPACKED_BYTES // 2**20 // 4)))
    no_unpacking = unpacking()
    lines = refused("validate", WORKBOOK, WORKBOOK, f"its part {SHEET} is compressed ")
    assert f"to 1, more than the {MAX_RATIO} to 1" in lines[0]
    assert no_unpacking == []


def test_a_declared_size_beyond_the_limit_is_refused(work, unpacking):
    stream, _, crc = _deflated(b"<worksheet/>")
    _spoil(work, lambda book: _workbook_with(book, SHEET, (stream, 3_000_000_000, crc)))
    no_unpacking = unpacking()
    _both(WORKBOOK, WORKBOOK, "unpacks to 2,861 MB")
    assert no_unpacking == []


@pytest.mark.filterwarnings("error::UserWarning")
def test_a_workbook_missing_a_sheet_part_is_a_problem_without_openpyxl_noise(work):
    """openpyxl warns on stderr about the parts it leaves out; the reader keeps it quiet."""
    _spoil(work, lambda book: _workbook_with(book, "xl/worksheets/sheet5.xml", None))
    _both(WORKBOOK, WORKBOOK, "the indicators sheet is missing")


# --- CSV folders ---------------------------------------------------------------------

FINDINGS = "csv/findings.csv"


def _findings(work: Path) -> str:
    return (work / FINDINGS).read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("spoil,line,message", [
    (lambda text: text.replace("Example", "Éxample").encode("latin-1"), 2, "is not UTF-8 text (byte 0xC9)"),
    (lambda text: text.encode("utf-16"), 1, "is UTF-16 text, not UTF-8"),
    (lambda text: text.replace("Example: A", "Example:\0 A").encode(), 3, "holds NUL bytes"),
    (lambda text: (text + '1,"' + "x" * 200_000 + '"\n').encode(), 4, "field larger than field limit"),
    (lambda text: (text + '1,"A quote never closed\n2,More\n').encode(), 4, "unexpected end of data"),
    (lambda text: (text + "1,A text, with commas, unquoted\n").encode(), 4, "4 cells in a row under 2 headings"),
    (lambda text: "".join(text.splitlines(True)[1:]).encode(), 1, "the findings sheet has no indicator column"),
    (lambda text: b"", 1, "the findings sheet has no indicator column"),
    (lambda text: b"\xef\xbb\xbf", 1, "the findings sheet has no indicator column"),
    (lambda text: text.replace("indicator,text", "indicator,text,text").encode(), 1,
     "the findings sheet has 2 columns headed text"),
    (lambda text: text.replace("\n1,Example", "\n" + "9" * 5000 + ",Example").encode(), 3, "findings: "),
], ids=["latin-1", "utf-16", "nul", "field-too-long", "unclosed-quote", "ragged-row", "no-header", "empty",
        "only-a-byte-order-mark", "duplicate-heading", "huge-number"])
def test_malformed_csv_names_file_and_line(work, spoil, line, message):
    (work / FINDINGS).write_bytes(spoil(_findings(work)))
    _both("csv", f"{FINDINGS}:{line}", message)


# --- Folders, missing files, links, devices -------------------------------------------

def _replace_with_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize("name,data,place", [
    ("data/report.yaml", "data", "data/report.yaml"),
    ("data/chapter-3.yaml", "data", "data/chapter-3.yaml"),
    ("csv/indicators.csv", "csv", "csv/indicators.csv"),
    ("csv/sources.csv", "csv", "csv/sources.csv"),
])
def test_a_folder_where_a_dataset_file_belongs(work, name, data, place):
    _replace_with_folder(work / name)
    _both(data, place, "is a folder, not a file")


@pytest.mark.parametrize("data", ["folder.xlsx", "data/report.yaml"])
def test_a_folder_given_as_the_dataset_file(work, data):
    (work / data).unlink(missing_ok=True)
    (work / data).mkdir()
    _both(data, data, "is a folder, not a file")


def test_plan_project_file_and_label_catalog_that_are_folders(work):
    for plan in ("plan.yaml", "plans"):
        (work / plan).mkdir()
        _both("data", plan, "is a folder, not a file", "--plan", plan)
    (work / "templates" / "labels" / "en.yaml").mkdir(parents=True)
    refused("build", "data", "templates/labels/en.yaml", "is a folder, not a file", "--templates", "templates")
    (work / "hrap.toml").mkdir()  # the project file of the current folder
    _both("data", str(work / "hrap.toml"), "is a folder, not a file")


def test_a_logo_that_is_a_folder(work):
    (work / "logo.png").mkdir()
    (work / "project.toml").write_text('logo = "logo.png"\n', encoding="utf-8")
    refused("build", "data", "logo.png", "", "--config", "project.toml")


def test_a_theme_font_that_is_a_folder(work):
    """Named by its own path: it was looked up among the built-in fonts instead."""
    (work / "font.ttf").mkdir()
    files = ", ".join(f'{face} = "font.ttf"' for face in ("regular", "bold", "italic", "bolditalic"))
    (work / "project.toml").write_text(f'[theme]\nfonts = {{ body = {{ docx = "Font", pdf = {{ {files} }} }} }}\n',
                                       encoding="utf-8")
    refused("build", "data", str(work / "font.ttf"), "", "--config", "project.toml", "--format", "pdf")


@pytest.mark.parametrize("option,make", [("--config", Path.mkdir), ("--templates", Path.touch)])
def test_config_and_templates_of_the_wrong_kind(work, option, make):
    make(work / "given")
    refused("build", "data", "given", "", option, "given")


@pytest.mark.parametrize("name,content,place", [
    pytest.param("templates/chapter.j2", None, "templates/chapter.j2", id="template-folder"),
    pytest.param("templates/chapter.j2", b"\xff{{ chapter }}", "templates/chapter.j2:1", id="template-not-utf8"),
    pytest.param("logo.png", b"not an image", "logo.png", id="logo-not-an-image"),
])
def test_templates_and_logo_that_are_no_such_thing(work, name, content, place):
    (work / name).parent.mkdir(exist_ok=True)
    (work / name).mkdir() if content is None else (work / name).write_bytes(content)
    setting = "logo" if name == "logo.png" else "templates"
    (work / "project.toml").write_text(f'{setting} = "{name.split("/")[0]}"\n', encoding="utf-8")
    refused("build", "data", place, "", "--config", "project.toml")


def test_missing_files(work):
    report = work / "data" / "report.yaml"
    line = report.read_text(encoding="utf-8").splitlines().index("  - chapter-2.yaml") + 1
    (work / "data" / "chapter-2.yaml").unlink()
    _both("data", f"data/report.yaml:{line}", "chapter file 'chapter-2.yaml' not found")
    _both("nowhere", "nowhere", "no such file or folder")
    _both("data", "plan.yaml", "no such file", "--plan", "plan.yaml")


def test_broken_links_and_link_loops(work):
    chapter = work / "data" / "chapter-1.yaml"
    chapter.unlink()
    chapter.symlink_to(work / "data" / "gone.yaml")
    _both("data", CHAPTER, f"is a link to {work / 'data' / 'gone.yaml'}, which does not exist")
    chapter.unlink()
    chapter.symlink_to(chapter)
    _both("data", CHAPTER, "is a symbolic link that leads back to itself")
    (work / "loop.xlsx").symlink_to(work / "loop.xlsx")
    _both("loop.xlsx", "loop.xlsx", "is a symbolic link that leads back to itself")
    (work / "loop").symlink_to(work / "loop")
    _both("loop", "loop", "is a symbolic link that leads back to itself")
    (work / "project.toml").symlink_to(work / "project.toml")
    _both(None, "project.toml", "is a symbolic link that leads back to itself", "--config", "project.toml")
    sources = work / "csv" / "sources.csv"
    sources.unlink()
    sources.symlink_to(sources)
    _both("csv", "csv/sources.csv", "is a symbolic link that leads back to itself")


def test_a_pipe_is_not_read(work):
    """A named pipe would block the reader for ever."""
    chapter = work / "data" / "chapter-1.yaml"
    chapter.unlink()
    os.mkfifo(chapter)
    _both("data", CHAPTER, "is not a regular file")


# --- Files we may not read ------------------------------------------------------------

@pytest.fixture
def forbid(monkeypatch):
    """Make opening one file fail as it would for a user without the right to read it
    (the tests run as root, whom chmod does not stop)."""
    def deny(name: str) -> None:
        target = os.path.abspath(name)
        original = io.open

        def refusing(file, *args, **kwargs):
            if isinstance(file, (str, os.PathLike)) and os.path.abspath(file) == target:
                raise PermissionError(13, "Permission denied", str(file))
            return original(file, *args, **kwargs)

        monkeypatch.setattr(io, "open", refusing)
        monkeypatch.setattr(builtins, "open", refusing)
    return deny


@pytest.mark.parametrize("name,data,options", [
    ("data/report.yaml", "data", ()),
    (CHAPTER, "data", ()),
    (WORKBOOK, WORKBOOK, ()),
    (FINDINGS, "csv", ()),
    ("plan.yaml", "data", ("--plan", "plan.yaml")),
    ("project.toml", "data", ("--config", "project.toml")),
])
def test_a_file_we_may_not_read(work, forbid, name, data, options):
    (work / "plan.yaml").write_text("id: x\n", encoding="utf-8")
    (work / "project.toml").write_text("", encoding="utf-8")
    forbid(name)
    _both(data, name, "cannot be read (permission denied)", *options)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_a_file_without_read_permission(work):
    (work / CHAPTER).chmod(0)
    _both("data", CHAPTER, "cannot be read (permission denied)")


# --- Export ---------------------------------------------------------------------------

def test_export_of_a_malformed_dataset_writes_nothing(work):
    (work / CHAPTER).write_text("number: 1\ntitle: Rights: of all\n", encoding="utf-8")
    refused("export", "data", f"{CHAPTER}:2", "invalid YAML")
    (work / "loop").symlink_to(work / "loop")
    refused("export", "loop", "loop", "is a symbolic link that leads back to itself")
    (work / "exported").mkdir()  # an existing target is compared with the source first
    refused("export", "loop", "loop", "is a symbolic link that leads back to itself", "--force")
