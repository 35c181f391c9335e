"""The one date a built file records as its creation date, so that the same inputs give
the same bytes: `SOURCE_DATE_EPOCH` when set (the reproducible-builds convention), else
the report's own date from its data, else none at all — never the clock."""
from __future__ import annotations

import datetime
import os

from hrap_report.errors import InputError
from hrap_report.model.report import FIRST_DATE, LAST_DATE


def build_date(report_date: datetime.date | str) -> datetime.datetime | None:
    """The creation date of the files built from a report dated `report_date` (a date, or
    free text that is no date), in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            date = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since "
                             "1970-01-01 (e.g. $(git log -1 --format=%ct))") from None
        if not FIRST_DATE <= date.date() <= LAST_DATE:
            raise InputError(f"SOURCE_DATE_EPOCH={epoch!r} is {date:%Y-%m-%d}, not between {FIRST_DATE} and "
                             f"{LAST_DATE}, the dates a report's files can store")
        return date
    if isinstance(report_date, datetime.date):
        return datetime.datetime(report_date.year, report_date.month, report_date.day,
                                 tzinfo=datetime.timezone.utc)
    return None
