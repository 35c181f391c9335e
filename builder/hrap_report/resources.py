"""Where the built-in data, plans, templates and assets are.

In an installed wheel they ship inside the package (`hrap_report/resources/`); in a
source checkout they are the top-level folders of the repository.
"""
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "resources"
ROOT = _BUNDLED if _BUNDLED.is_dir() else _PACKAGE.parents[1]

DATA = ROOT / "data"
PLANS = ROOT / "plans"
TEMPLATES = ROOT / "templates"
ASSETS = ROOT / "assets"
