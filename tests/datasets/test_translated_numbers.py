"""The built-in dataset's Chinese translations keep every number of their English texts:
each value written in digits in the English (scaled by its "million", "billion" …) is
in the Chinese, in digits or in Chinese numerals, scaled by 万 or 亿 as Chinese writes
large numbers ("65.64 million" is 6564万; "the 14th to 17th" is 第十四至十七次)."""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import cn2an
import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "data"
ENGLISH_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(trillion|billion|million|thousand))?",
                            re.IGNORECASE)
CHINESE_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(?:多|余)?(万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)?")
BARE_SCALE = re.compile(r"(?<![\d.万亿千百十])(万|亿|千)(?!万|亿)")
ENGLISH_SCALE = {"trillion": 1e12, "billion": 1e9, "million": 1e6, "thousand": 1e3}
CHINESE_SCALE = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6,
                 "十万": 1e5, "万": 1e4, "千": 1e3}


def pairs(node, place: str = "") -> Iterator[tuple[str, str, str]]:
    """Every text of a YAML tree given in English and Chinese: (place, en, zh)."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and isinstance(node.get("zh"), str):
            yield place, node["en"], node["zh"]
            return
        for key, value in node.items():
            yield from pairs(value, f"{place}.{key}" if place else str(key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from pairs(value, f"{place}.{n}")


def english_values(text: str) -> set[float]:
    return {float(number.replace(",", "")) * ENGLISH_SCALE.get((scale or "").lower(), 1)
            for number, scale in ENGLISH_NUMBER.findall(text)}


def chinese_values(text: str) -> set[float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns of the words it leaves as they are
        text = cn2an.transform(text, "cn2an")
    values = set()
    for number, scale in CHINESE_NUMBER.findall(text):
        values |= {float(number), float(number) * CHINESE_SCALE.get(scale, 1)}
    # a unit of a scale without digits: 每万人口 (per 10,000 people), 亿元 (100 million
    # yuan); ‰ says "per 1,000"
    values |= {CHINESE_SCALE[scale] for scale in BARE_SCALE.findall(text)}
    return values | ({1000.0} if "‰" in text else set())


def missing_numbers(english: str, chinese: str) -> list[float]:
    """The values of `english` that `chinese` does not have."""
    found = chinese_values(chinese)
    return sorted(v for v in english_values(english)
                  if not any(abs(v - w) <= 1e-9 * max(abs(v), 1) for w in found))


@pytest.mark.parametrize("file", sorted(p.name for p in DATA.glob("*.yaml")))
def test_every_number_of_the_english_is_in_the_chinese(file):
    tree = yaml.safe_load((DATA / file).read_text(encoding="utf-8"))
    wrong = [f"{place}: {missing} not in {zh!r}" for place, en, zh in pairs(tree)
             if (missing := missing_numbers(en, zh))]
    assert not wrong, "\n".join(wrong)


def test_the_check_finds_a_number_left_out_or_changed():
    assert missing_numbers("65.64 million new jobs in 2016-2020", "2016—2020年新增就业6564万个") == []
    assert missing_numbers("the 14th to 17th periodic reports", "第十四至十七次定期报告") == []
    assert missing_numbers("an increase of 970,000 a year", "年均增加97万") == []
    assert missing_numbers("RMB 11,257.1 and more than 9.6 million", "11257.1元，960多万") == []
    assert missing_numbers("65.64 million new jobs", "新增就业6546万个") == [65.64e6]
    assert missing_numbers("below 4.2% in 2020", "低于4.2%") == [2020]
    assert missing_numbers("deaths per 100 million yuan of GDP", "亿元国内生产总值死亡率") == []
