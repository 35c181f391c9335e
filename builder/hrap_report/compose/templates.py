"""Run the templates over the model and read their output into a document model."""
from __future__ import annotations

import datetime
import functools
import os
import traceback
from pathlib import Path

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from hrap_report.compose.filters import roman, words
from hrap_report.compose.labels import Labels, load_labels
from hrap_report.compose.markup import Defaults, Placed, read_markup, to_markup
from hrap_report.compose.tables import table_function
from hrap_report.datasets.files import inside, read_text
from hrap_report.document.blocks import Document, Meta
from hrap_report.document.transforms import apply_transforms
from hrap_report.errors import InputError
from hrap_report.model.base import Frozen
from hrap_report.model.localized import localize
from hrap_report.model.plan import Plan
from hrap_report.model.report import Report
from hrap_report.resources import TEMPLATES

ENTRY_TEMPLATE = "report.j2"


#: The most characters a template's output may have: the built-in report writes 0.6
#: million; a loop that writes without end is stopped here, not when memory runs out.
MAX_OUTPUT = 50_000_000
#: The longest text a template may make by repeating one (`"x" * n`), and the largest
#: power it may raise a number to.
MAX_REPEAT = 1_000_000
MAX_EXPONENT = 1_000


class _UserLoader(jinja2.FileSystemLoader):
    """The user's templates folder. A template there that cannot be read (a folder, a
    broken link, text not in UTF-8) is an error naming it, not a reason to quietly use
    the built-in one instead; one that leads outside the folder (a link) is refused."""

    def get_source(self, environment, template):
        folder = Path(self.searchpath[0])
        path = Path(folder, *split_template_path(template))
        if os.path.lexists(path):
            inside(path, folder, "template")
            read_text(path)
        return super().get_source(environment, template)


class _DataSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, narrowed to reading data. On a model of the data a template may
    read its fields and what the model's own classes define (`report.rollup_counts()`,
    `chapter.indicator_count`), never what pydantic gives every model (`parse_file`,
    `model_validate_json`, `copy` …), which read files or unpickle; nothing that starts
    with `_`. Repeating a text or raising a number is bounded, and so is the output."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj, attr: str, value) -> bool:
        if isinstance(obj, BaseModel):
            return attr in _data_names(type(obj))
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context, operator: str, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"a power above {MAX_EXPONENT} is not allowed in a template")
        if operator == "*":
            for text, times in ((left, right), (right, left)):
                if isinstance(text, (str, list, tuple)) and isinstance(times, int) \
                        and len(text) * times > MAX_REPEAT:
                    raise SecurityError(f"a text repeated to more than {MAX_REPEAT:,} characters")
        return super().call_binop(context, operator, left, right)


@functools.cache
def _data_names(model: type[BaseModel]) -> frozenset[str]:
    """What a template may read on a model: its fields, and the properties and methods its
    own classes (not pydantic's `BaseModel` or `object`) define."""
    names = set(model.model_fields)
    for cls in model.__mro__:
        if issubclass(cls, BaseModel) and cls not in (BaseModel, Frozen):
            names.update(vars(cls))
    return frozenset(n for n in names if not n.startswith(("_", "model_")))


def environment(user_templates: Path | None, labels: Labels) -> jinja2.Environment:
    """Templates from the user's folder first, then the built-ins (also as `builtin/...`);
    `label()` and the number and date filters speak the language of `labels`."""
    builtin = jinja2.FileSystemLoader(TEMPLATES)
    loaders = [_UserLoader(user_templates)] if user_templates else []
    loader = jinja2.ChoiceLoader([*loaders, builtin, jinja2.PrefixLoader({"builtin": builtin})])
    env = _DataSandbox(
        loader=loader, autoescape=True, finalize=to_markup, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["roman"] = roman
    env.filters["words"] = words
    env.globals["label"] = labels.markup
    env.filters["date"] = labels.date
    env.filters["number"] = labels.number
    env.filters["percent"] = labels.percent
    return env


def _template_error(error: Exception) -> InputError:
    """Name the template file and line of an error raised while rendering."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return InputError(f"template error: {error.message}", error.filename or error.name, error.lineno)
    if isinstance(error, jinja2.TemplateNotFound):
        return InputError(f"template not found: {error.name}")
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    message = getattr(error, "message", None) or str(error)
    if frames:
        return InputError(f"template error: {message}", frames[-1].filename, frames[-1].lineno)
    return InputError(f"template error: {message}")


def _charts(report: Report, labels: Labels, placed: Placed):
    """The templates' `chart()`."""
    def chart(name: str, caption: str | None = None, width: float = 1.0):
        from hrap_report.compose.charts import chart_function

        return chart_function(report, labels, placed)(name, caption, width)
    return chart


def render(report: Report, labels: Labels, placed: Placed, user_templates: Path | None = None,
           logo: Path | None = None, assessments: bool = True) -> str:
    """The markup the templates write for a report already in the language of `labels`;
    the tables and charts they place go to `placed`. `assessments`: each indicator's
    assessment shows under it (`show_assessments`)."""
    env = environment(user_templates, labels)
    try:
        pieces = env.get_template(ENTRY_TEMPLATE).generate(
            report=report, meta=report.meta, logo=logo or "", table=table_function(report, labels, placed),
            chart=_charts(report, labels, placed), show_assessments=assessments)
        output, size = [], 0
        for piece in pieces:
            size += len(piece)
            if size > MAX_OUTPUT:
                raise SecurityError(f"the templates wrote more than {MAX_OUTPUT:,} characters")
            output.append(piece)
        return "".join(output)
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, OverflowError, MemoryError) as error:
        raise _template_error(error) from None


def compose(report: Report, user_templates: Path | None = None, *, language: str | None = None,
            mark_fallbacks: bool = False,
            warn=lambda message: None, plan: Plan | None = None, logo: Path | None = None,
            date: datetime.datetime | None = None, assessments: bool = True) -> Document:
    """The document model of a report in `language` (default: the dataset's own):
    rendered templates, read and transformed. Texts without a translation stay in the
    dataset's language, tagged as such (and marked, with `mark_fallbacks`). The words of
    the plan profile's `labels` replace the built-in ones; `logo` goes on the cover; `date`
    is the files' creation date (see `pipeline.build_date`); `assessments`, whether each
    indicator's assessment shows under it."""
    language = language or report.meta.language
    labels = load_labels(language, user_templates, plan.labels if plan else None)
    for message in labels.warnings:
        warn(message)
    report = localize(report, language, report.meta.language)
    report = report.model_copy(update={"meta": report.meta.model_copy(update={"language": language})})
    defaults = Defaults(table=labels("table"), figure=labels("figure"), caption=labels.pattern("caption"),
                        contents=labels("contents"), empty=labels("no_entries"), mark_fallbacks=mark_fallbacks)
    placed = Placed(defaults)
    blocks = read_markup(render(report, labels, placed, user_templates, logo, assessments), defaults=defaults,
                         placed=placed.blocks)
    meta = report.meta
    document = Document(
        meta=Meta(title=meta.title, author="; ".join(meta.authors), subject=meta.subtitle or meta.title,
                  keywords=", ".join(meta.keywords), language=language, header=meta.short_title,
                  page_label=labels.pattern("page"), date=date,
                  locales=((language.split("-")[0].lower(), labels.locale_tag),)),
        blocks=tuple(blocks),
    )
    return apply_transforms(document)
