"""Label catalogs: every fixed word per language, numbers and dates by Babel."""
from __future__ import annotations

import datetime

import pytest
import yaml

from hrap_report.compose.labels import catalog_languages, load_labels
from hrap_report.errors import InputError
from hrap_report.model.localized import Fallback
from hrap_report.resources import TEMPLATES


def test_every_catalog_has_the_keys_of_the_english_one():
    english = set(yaml.safe_load((TEMPLATES / "labels" / "en.yaml").read_text(encoding="utf-8")))
    for language in catalog_languages():
        catalog = set(yaml.safe_load((TEMPLATES / "labels" / f"{language}.yaml").read_text(encoding="utf-8")))
        assert english - catalog == set(), language
        assert load_labels(language).warnings == []


def test_chinese_numbering_and_full_width_punctuation():
    zh, en = load_labels("zh"), load_labels("en")
    assert zh("chapter_heading", number=3, title="特定群体权利") == "三、特定群体权利"
    assert zh("section_heading", number=2, title="妇女权利") == "（二）妇女权利"
    assert zh("indicator", number=65) == "指标65："
    assert en("chapter_heading", number=3, title="Rights") == "III. Rights"
    assert en("chapter_count", count=7, title="Human Rights Education") == (
        "There are a total of seven indicators under human rights education.")


def test_numbers_dates_and_percentages_follow_the_locale():
    zh, en = load_labels("zh"), load_labels("en")
    assert en.number(281710000) == "281,710,000"
    assert en.percent(0.482) == "48.2%"
    assert zh.date(datetime.date(2021, 9, 9)) == "2021年9月"
    assert en.date(datetime.date(2021, 9, 9)) == "September 2021"
    assert en.date("spring 2021") == "spring 2021"


def test_a_missing_key_falls_back_to_english_with_a_warning(tmp_path):
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "de.yaml").write_text("contents: Inhalt\n", encoding="utf-8")
    de = load_labels("de", tmp_path)  # a language without a built-in catalog
    assert de("contents") == "Inhalt"
    assert de("table") == "Table"
    assert de.warnings and "English used" in de.warnings[0]
    (tmp_path / "labels" / "zh.yaml").write_text("contents: 目 录\n", encoding="utf-8")
    assert load_labels("zh", tmp_path)("contents") == "目 录"  # the user's word wins
    assert load_labels("zh", tmp_path)("table") == "表"  # the rest stays built in


def test_unknown_language_and_bad_patterns_are_clear_errors(tmp_path):
    with pytest.raises(InputError, match="no label catalog for language 'xx'"):
        load_labels("xx")
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "en.yaml").write_text("indicator: Indicator {nummer}\n", encoding="utf-8")
    with pytest.raises(InputError, match="label 'indicator'"):
        load_labels("en", tmp_path)("indicator", number=1)


def test_markup_keeps_catalog_words_and_escapes_values():
    zh = load_labels("zh")
    markup = zh.markup("indicator_outline", number=1, title=Fallback("A & <b>", "en"))
    assert "&amp; &lt;b&gt;" in markup and "\ue000en\ue001" in markup  # the fallback is tagged
    assert str(zh.markup("caption", label="表", number=1)) == "表1&#12288;"  # kept, not folded


def test_numbers_in_words_begin_a_sentence_with_a_capital():
    english, chinese = load_labels("en"), load_labels("zh")
    assert english("overview_level", count=81, share=0.482, level="Achieved") == (
        " Eighty-one (48.2%) were assessed as achieved.")
    assert str(english.markup("overview_level", count=81, share=0.482, level="Achieved")).startswith(
        "&#32;Eighty-one")
    assert english("chapter_count", count=58, title="X").startswith("There are a total of fifty-eight")
    assert chinese("overview_level", count=81, share=0.482, level="已实现") == "其中81项（48.2%）评估为“已实现”。"


def test_plural_style_follows_the_locale_rules():
    english, chinese = load_labels("en"), load_labels("zh")
    assert english("chapter_count", count=1, title="X") == "There is a total of one indicator under x."
    assert english("chapter_count", count=2, title="X") == "There are a total of two indicators under x."
    assert english("overview_level", count=1, share=1, level="Achieved") == " One (100.0%) was assessed as achieved."
    assert str(english.locale) == "en_GB" and str(chinese.locale) == "zh_Hans_CN"
    assert chinese.styled(1, "plural:one|other") == "other"  # Chinese has one plural form
