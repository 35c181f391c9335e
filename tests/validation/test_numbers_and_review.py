"""Numbers checked against their words, and notes for the evaluators: a change in percent
computed from levels, an ambiguous one refused, an outcome its quote contradicts warned
of, a computed status refused as a judgement, and `validate --review` listing judgements
the numbers do not bear out."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import REPO, run_cli
from hrap_report.model.report import Metric
from hrap_report.validation.quoted import numbers_in, quotes


@pytest.fixture
def data(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(REPO / "data", copy)
    return copy


def _edit(path, old: str, new: str) -> int:
    """Replace the first `old` in a file; the line `new` starts on."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def _metric(**fields) -> Metric:
    return Metric.model_validate({"label": "CO2 emissions", "direction": "decrease",
                                  "target": {"value": 8, "year": 2020, "comparator": "reduce_by_percent"},
                                  "outcomes": [{"value": 22.2, "year": 2020}], **fields})


# -- a change in percent --------------------------------------------------------------------

def test_a_reduction_given_by_levels_is_computed_from_the_baseline():
    """25.5 to 22.2 million tonnes against a cut of 8 %: a cut of 12.9 %, 162 % (not 22.2 / 8)."""
    metric = _metric(unit="million tonnes", baseline={"value": 25.5, "year": 2015})
    assert metric.achieved(metric.latest) == pytest.approx(100 * 3.3 / 25.5)
    assert metric.share == pytest.approx(3.3 / 25.5 / 0.08) and round(metric.share * 100) == 162
    assert metric.met is True
    rise = _metric(unit="yuan", direction="increase", baseline={"value": 200},
                   target={"value": 10, "comparator": "increase_by_percent"}, outcomes=[{"value": 215}])
    assert rise.share == pytest.approx(0.75) and rise.met is False


def test_a_change_given_as_such_stays_the_outcome():
    metric = _metric(unit="%", baseline={"year": 2015}, outcomes=[{"value": 38.8, "year": 2020}])
    assert metric.share == pytest.approx(38.8 / 8) and metric.met


def test_levels_without_a_baseline_are_refused_as_ambiguous(data):
    with pytest.raises(ValueError, match="needs the baseline's value"):
        _metric(unit="million tonnes")
    _metric(unit="million tonnes", outcomes=[])  # nothing to compute yet: accepted
    line = _edit(data / "chapter-1.yaml", "      unit: '%'\n      direction: decrease\n      baseline:\n        year: 2015\n",
                 "      unit: deaths\n      direction: decrease\n      baseline:\n        year: 2015\n")
    result = run_cli("validate", "--data", str(data), check=False)
    assert result.returncode == 2
    (error,) = [e for e in result.stderr.splitlines() if "needs the baseline's value" in e]
    assert f"chapter-1.yaml:{line - 3}: error: indicator 5, metrics.0: " in error  # the metric's first line
    assert "give baseline.value, or give the outcomes as the change itself with unit '%'" in error


def test_the_annex_shows_the_share_computed_from_levels(data, tmp_path):
    """The percent-change metric of indicator 5 turned into levels: the annex's share follows."""
    _edit(data / "chapter-1.yaml", "      unit: '%'\n      direction: decrease\n      baseline:\n        year: 2015\n"
          "      target:\n        value: 10\n        year: 2020\n        comparator: reduce_by_percent\n"
          "      outcomes:\n      - value: 38.8\n",
          "      unit: deaths\n      direction: decrease\n      baseline:\n        year: 2015\n        value: 44812\n"
          "      target:\n        value: 10\n        year: 2020\n        comparator: reduce_by_percent\n"
          "      outcomes:\n      - value: 27412\n")
    run_cli("build", "--data", str(data), "--format", "docx", "--out", str(tmp_path / "out"), "--quiet")
    import docx

    document = docx.Document(str(next((tmp_path / "out").glob("*.docx"))))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    (row,) = [r for r in rows if "27,412" in " ".join(r) or "27412" in " ".join(r)]
    assert "388%" in row  # (44812 − 27412) / 44812 = 38.8 %, over the 10 % required


# -- outcomes against their quotes ----------------------------------------------------------

def test_numbers_are_read_as_findings_write_them():
    assert numbers_in("down 38.8%, 27,412 deaths") == [38.8, 27412.0]
    assert 5e7 in numbers_in("新增5000万人") and 1.2e6 in numbers_in("1.2 million") and 6 in numbers_in("six areas")
    assert quotes("helping 227,200 students", 22.72)  # a value in 万 quoted in full
    assert quotes("城镇新增就业6564万人", 65.64)  # 6564万 = 65.64 million
    assert not quotes("65.64 million new jobs", 66.5) and not quotes("no number", 3)


def test_an_outcome_its_quote_contradicts_is_a_warning_at_its_line(data):
    line = _edit(data / "chapter-1.yaml", "      - value: 65.64\n", "      - value: 66.5\n")
    result = run_cli("validate", "--data", str(data))
    warnings = [w for w in result.stderr.splitlines() if "is not in its quote" in w]
    assert [w.split(": warning:")[0].rsplit(":", 1)[1] for w in warnings] == [str(line)] * 2  # en and zh
    assert "the outcome 66.5 of metric 'New urban jobs'" in warnings[0]
    assert result.returncode == 0 and run_cli("validate", "--data", str(data), "--strict", check=False).returncode == 1


def test_the_built_in_data_quotes_every_outcome():
    result = run_cli("validate", "--strict")
    assert "quote" not in result.stderr and result.returncode == 0


def test_a_computed_level_is_refused_as_a_judgement_with_the_judged_ones_listed(data):
    line = _edit(data / "chapter-1.yaml", "    status: largely_completed\n", "    status: exceeded\n")
    result = run_cli("validate", "--data", str(data), check=False)
    (error,) = [e for e in result.stderr.splitlines() if "'exceeded'" in e]
    assert f"chapter-1.yaml:{line}: error:" in error and "computed for a metric" in error
    assert "use one of the judged levels of the status scale: completed, largely_completed, in_progress" in error


# -- the evaluators' review -----------------------------------------------------------------

def test_review_notes_a_judgement_its_metrics_all_contradict():
    result = run_cli("validate", "--review")
    notes = [line for line in result.stdout.splitlines() if ": note: " in line]
    first = notes[0]
    assert re.search(r"chapter-1\.yaml:\d+: note: indicator 1 is judged largely completed", first)
    assert "New urban jobs: exceeded (131%)" in first
    numbers = [int(re.search(r"indicator (\d+) is judged", n)[1]) for n in notes]
    assert 2 not in numbers  # completed, and its metric achieved: they agree
    assert f"review: {len(notes)} judged statuses" in result.stdout
    assert result.returncode == 0 and "note" not in result.stderr
    assert run_cli("validate", "--review", "--strict").returncode == 0  # notes are not warnings
    assert ": note: " not in run_cli("validate").stdout  # only asked for
