"""Text fields with translations: reading, localizing, coverage and errors."""
from __future__ import annotations

import pickle

import pytest
from pydantic import BaseModel

from hrap_report.datasets.yaml_files import Located, validate
from hrap_report.errors import InputError
from hrap_report.languages import language_chain
from hrap_report.model.localized import Fallback, LocalText, Text, localize, missing_translations


class Item(BaseModel):
    title: Text
    notes: list[Text] = []


def item(value, language="en") -> Item:
    return validate(Located("data.yaml", value, {(): 1, ("title",): 3}), Item, language=language)


def test_plain_text_is_the_datasets_language_and_a_mapping_keeps_every_language():
    plain = item({"title": "Right to work"})
    assert plain.title == "Right to work" and plain.title.translations == {}
    both = item({"title": {"zh": "工作权利", "en": "Right to work"}})
    assert both.title == "Right to work"  # the dataset's language, wherever it stands
    assert both.title.text_in("zh") == "工作权利"
    assert both.title.text_in("zh-Hans-CN") == "工作权利"  # broader tags are tried
    assert item({"title": {"en": "a", "zh": "乙"}}, language="zh").title == "乙"


def test_localize_picks_the_language_and_marks_fallbacks_with_their_language():
    model = item({"title": {"en": "Right to work", "zh": "工作权利"}, "notes": ["only English"]})
    zh = localize(model, "zh", "en")
    assert zh.title == "工作权利" and not isinstance(zh.title, Fallback)
    assert isinstance(zh.notes[0], Fallback) and zh.notes[0].lang == "en"
    en = localize(model, "en", "en")
    assert en.title == "Right to work" and not isinstance(en.notes[0], Fallback)
    assert pickle.loads(pickle.dumps(zh.notes[0])).lang == "en"
    assert pickle.loads(pickle.dumps(model.title)).translations == model.title.translations


def test_missing_translations_are_counted_with_their_place():
    model = item({"title": {"en": "a", "zh": "甲"}, "notes": ["b", {"en": "c", "zh": "丙"}]})
    assert missing_translations(model, "zh", "en") == (3, [("notes", 0)])
    assert missing_translations(model, "en", "en") == (3, [])


@pytest.mark.parametrize("value, message", [
    ({"title": {"english": "x"}}, "not a language tag"),
    ({"title": {"en": 3}}, "must be a string"),
    ({"title": {"en": "x", "zh": " "}}, "must not be empty"),
    ({"title": ["x"]}, "mapping of language tags"),
])
def test_bad_translations_are_located_errors(value, message):
    with pytest.raises(InputError, match=message) as error:
        item(value)
    assert error.value.line == 3


def test_language_chain_runs_from_specific_to_broad():
    assert language_chain("zh-Hans-CN") == ["zh-Hans-CN", "zh-Hans", "zh"]
    assert isinstance(LocalText("x"), str)
