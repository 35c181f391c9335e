"""Many reports in one run: `build DATA...` and `build --each FIELD`, in worker processes."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BROKEN, CLI, REPO, needs_poppler, pdftotext, run_cli
from hrap_report.datasets.yaml_folder import save_report
from hrap_report.model.subset import cut, split, unique_slugs
from hrap_report.pipeline.batch import _Workers, dataset_names
from hrap_report.pipeline.jobs import Jobs
from hrap_report.validation.checks import load_report

#: Responsible bodies of the small dataset's first indicators, in reading order; the rest have none.
BODIES = [["Ministry of Education"], ["Ministry of Education", "Ministry of Civil Affairs"], ["教育部"],
          ["公安部", "Ministry of Civil Affairs"]]
NAME = "evaluation-report-2016-2020-en"


def _small_report():
    """The built-in report cut to the first two indicators of each chapter (1, 2, 59, 60,
    110, 111, 147, 148, 154, 155), the first four with responsible bodies."""
    report = load_report(REPO / "data")
    given = iter(BODIES)

    def kept(indicators, numbers):
        return [i.model_copy(update={"responsible": next(given, [])})
                for i in indicators if i.number in numbers]

    chapters = []
    for chapter in report.chapters:
        numbers = [i.number for i in chapter.all_indicators()][:2]
        sections = [s.model_copy(update={"indicators": kept(s.indicators, numbers)})
                    for s in chapter.sections]
        chapters.append(chapter.model_copy(update={"indicators": kept(chapter.indicators, numbers),
                                                   "sections": [s for s in sections if s.indicators]}))
    return report.model_copy(update={"chapters": chapters})


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "anhui"
    save_report(_small_report(), folder)
    return folder


def _indicators(pdf: Path) -> list[int]:
    return [int(n) for n in re.findall(r"^Indicator (\d+):", pdftotext(pdf), re.M)]


def _wrote(stdout: str) -> list[str]:
    return [Path(line.split()[1]).name for line in stdout.splitlines() if line.startswith("wrote ")]


@needs_poppler
def test_each_responsible_gives_a_report_per_body_with_its_indicators(small, tmp_path):
    result = run_cli("build", "--data", str(small), "--each", "responsible", "--format", "pdf",
                     "--out", str(tmp_path))
    expected = {"ministry-of-education": ([1, 2], "Ministry of Education"),
                "ministry-of-civil-affairs": ([2, 60], "Ministry of Civil Affairs"),
                "教育部": ([59], "教育部"), "公安部": ([60], "公安部")}
    names = [f"{NAME}-responsible-{slug}.pdf" for slug in expected]
    assert _wrote(result.stdout) == names  # in the order the bodies first appear
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    for name, (numbers, body) in zip(names, expected.values()):
        assert _indicators(tmp_path / name) == numbers, name
        cover = " ".join(pdftotext(tmp_path / name, "-l", "1").split())
        assert f"Extract: the indicators for which {body} is responsible" in cover
    assert "6 indicators have no responsible body and are in none of the reports" in result.stderr


@needs_poppler
def test_each_chapter_drops_the_other_chapters(small, tmp_path):
    result = run_cli("build", "--data", str(small), "--each", "chapter", "--format", "pdf",
                     "--out", str(tmp_path))
    numbers = {1: [1, 2], 2: [59, 60], 3: [110, 111], 4: [147, 148], 5: [154, 155]}
    assert _wrote(result.stdout) == [f"{NAME}-chapter-{n}.pdf" for n in numbers]
    for (chapter, indicators), roman in zip(numbers.items(), ["I", "II", "III", "IV", "V"]):
        pdf = tmp_path / f"{NAME}-chapter-{chapter}.pdf"
        assert _indicators(pdf) == indicators
        assert f"Extract: chapter {roman}, " in " ".join(pdftotext(pdf, "-l", "1").split())
    text = " ".join(pdftotext(tmp_path / f"{NAME}-chapter-3.pdf").split())
    assert "Extract: chapter III, Rights of Specific Groups" in text
    # the overview counts the extract, not the plan
    assert "This extract holds 2 of the plan's indicators, in 1 chapter and 1 section." in text
    assert "The plan set" not in text


@needs_poppler
def test_datasets_as_arguments_and_one_that_fails(small, tmp_path):
    for name in ("hebei", "broken"):
        shutil.copytree(small, tmp_path / name)
    broken = tmp_path / "broken" / "chapter-1.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status: completed", "status: done", 1),
                      encoding="utf-8")
    shutil.copytree(small, tmp_path / "anhui")
    out = tmp_path / "out"
    result = run_cli("build", "anhui", "broken", "hebei", "--format", "pdf", "--out", str(out),
                     cwd=tmp_path, check=False)
    assert result.returncode == 2
    assert _wrote(result.stdout) == [f"{NAME}-anhui.pdf", f"{NAME}-hebei.pdf"]  # the order of the arguments
    assert sorted(p.name for p in out.iterdir()) == [f"{NAME}-anhui.pdf", f"{NAME}-hebei.pdf"]
    assert _indicators(out / f"{NAME}-hebei.pdf") == [1, 2, 59, 60, 110, 111, 147, 148, 154, 155]
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    line = broken.read_text(encoding="utf-8").splitlines().index("    status: done") + 1
    assert errors == [f"hrap-report: error: [broken] broken/chapter-1.yaml:{line}: error: indicator 2: unknown "
                      "status 'done' — use one of the judged levels of the status scale: completed, "
                      "largely_completed, in_progress, not_started, not_assessable"]
    gap = (tmp_path / "anhui" / "chapter-2.yaml").read_text(encoding="utf-8").splitlines().index("  - number: 59") + 1
    assert f"[anhui] anhui/chapter-2.yaml:{gap}: warning: indicators 3–58 missing" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--each", "ministry"], "--each 'ministry': unknown field; use one of chapter, responsible, status, "
                             "binding, kind, horizon"),
    (["data", "--data", "data"], "give datasets as arguments or with --data, not both"),
    (["a", "b", "--each", "status"], "--each splits one dataset; give one DATA (or --data)"),
    (["data", "data/"], "data: dataset given twice"),
])
def test_usage_mistakes_are_one_line(tmp_path, args, message):
    shutil.copytree(REPO / "data", tmp_path / "data")
    result = run_cli("build", *args, "--out", str(tmp_path / "out"), cwd=tmp_path, check=False)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"hrap-report: error: {message}"]
    assert not (tmp_path / "out").exists()


def test_an_existing_report_stops_the_batch_before_building(small, tmp_path):
    out = tmp_path / BROKEN  # holds a PDF that is not one, which the check of real clients skips
    out.mkdir()
    (out / f"{NAME}-status-in-progress.pdf").write_bytes(b"edited by hand")
    result = run_cli("build", "--data", str(small), "--each", "status", "--format", "pdf", "--out", str(out),
                     check=False)
    assert result.returncode == 2 and "already exists; pass --force" in result.stderr
    assert [p.name for p in out.iterdir()] == [f"{NAME}-status-in-progress.pdf"]


def test_split_and_cut():
    report = _small_report()
    parts, left_out = split(report, "responsible")
    assert [(p.value, sorted(p.indicators)) for p in parts] == [
        ("Ministry of Education", [1, 2]), ("Ministry of Civil Affairs", [2, 60]), ("教育部", [59]), ("公安部", [60])]
    assert left_out == 6
    extract = cut(report, parts[1])
    assert [c.number for c in extract.chapters] == [1, 2]
    assert [s.number for s in extract.chapters[0].sections] == [1]  # the sections left empty dropped
    assert extract.meta.subset.value == "Ministry of Civil Affairs" and extract.meta.title == report.meta.title
    statuses = [p.value for p in split(report, "status")[0]]
    order = [level.id for level in report.scale.qualitative]
    assert statuses == sorted(statuses, key=order.index)  # the scale's order
    assert [p.slug for p in split(report, "kind")[0]] == ["quantitative", "qualitative"]
    assert split(report, "binding") == ([], 10)


def test_slugs_are_distinct_file_names():
    values = ["Ministry of Education", "ministry of education", "教育部", "教育部（中央）", "—", "A/B: C?"]
    slugs = unique_slugs(values)
    assert slugs["教育部"] == "教育部" and slugs["教育部（中央）"] == "教育部-中央" and slugs["A/B: C?"] == "a-b-c"
    assert re.fullmatch(r"ministry-of-education-[0-9a-f]{6}", slugs["Ministry of Education"])
    assert re.fullmatch(r"[0-9a-f]{6}", slugs["—"])
    assert len(set(slugs.values())) == len(values)


def test_dataset_names_take_folders_above_where_names_clash(tmp_path):
    paths = [tmp_path / "anhui" / "data", tmp_path / "hebei" / "data", tmp_path / "Jilin Sheng",
             tmp_path / "b.xlsx"]
    assert dataset_names(paths) == ["anhui-data", "hebei-data", "jilin-sheng", "b"]


def _runs_jobs_in_line() -> bool:
    with Jobs() as jobs:
        return jobs._pool is None


def test_workers_do_not_nest_pools():
    with _Workers(2, 2) as pool:
        assert pool.map(_runs_jobs_in_line, [(), ()]) == [True, True]


def test_ctrl_c_leaves_no_partial_files(small, tmp_path):
    out = tmp_path / "out"
    process = subprocess.Popen([str(CLI), "build", "--data", str(small), "--each", "chapter", "--format", "pdf",
                                "--out", str(out)], start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (out.is_dir() and any(out.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # as a Ctrl-C at the terminal: every process of the group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0 and "Aborted!" in stderr and "Traceback" not in stderr
    written = list(out.iterdir())
    assert len(written) < 5 and all(p.suffix == ".pdf" for p in written), written  # no `.part` left
    assert all(p.read_bytes().rstrip().endswith(b"%%EOF") for p in written)
