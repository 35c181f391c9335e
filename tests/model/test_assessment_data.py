"""The assessment of the built-in dataset rests on the findings it quotes."""
from __future__ import annotations

import pytest

from conftest import REPO
from hrap_report.validation.checks import load_report

NUMBER_WORDS = dict(enumerate("zero one two three four five six seven eight nine ten".split()))


@pytest.fixture(scope="module")
def report():
    return load_report(REPO / "data")


def test_every_indicator_has_a_status_with_a_quoted_basis(report):
    for indicator in report.all_indicators():
        assert indicator.status in report.scale.indicator_statuses, indicator.number
        quote = indicator.basis.quote
        sources = indicator.findings or [indicator.target]
        assert any(quote in f for f in sources) or quote in indicator.target, \
            f"indicator {indicator.number}: basis is not a quote of its findings: {quote!r}"


def test_outcomes_quote_the_findings_and_hold_their_number(report):
    checked = 0
    for indicator in report.all_indicators():
        for metric in indicator.metrics:
            for outcome in metric.outcomes:
                assert any(outcome.quote in f for f in indicator.findings), (indicator.number, outcome.quote)
                number = f"{outcome.value:g}".split(".")[0]
                spelled = NUMBER_WORDS.get(outcome.value, number)
                quote = outcome.quote.replace(",", "")
                assert number in quote or spelled in quote.lower(), (indicator.number, number)
                checked += 1
    assert checked >= 10


def test_shortfalls_quote_their_chapter(report):
    for chapter in report.chapters:
        for indicator in chapter.all_indicators():
            if indicator.shortfall:
                assert any(indicator.shortfall in s for s in chapter.shortfall), indicator.number


def test_known_outcomes(report):
    metrics = {(i.number, m.label): m for i in report.all_indicators() for m in i.metrics}
    jobs = [m for (n, _), m in metrics.items() if n == 1 and m.target.value == 50]
    assert jobs and jobs[0].latest.value == pytest.approx(65.64) and jobs[0].met


def test_a_sample_against_the_seed_text(report):
    from conftest import SEED

    seed = SEED.read_text(encoding="utf-8")
    indicator = next(i for i in report.all_indicators() if i.number == 35)
    (metric,) = [m for m in indicator.metrics if m.target.value == 10.8]
    target_line = next(line for line in seed.splitlines() if line.strip().startswith("Indicator 35:"))
    assert "10.8 years" in target_line
    assert metric.latest.quote in seed and "10.75 years" in metric.latest.quote
    assert metric.latest.value == 10.75 and metric.met is False
    assert report.scale.metric_status(metric) == "progressing"
