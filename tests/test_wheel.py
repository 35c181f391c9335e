"""The built wheel carries the default data, templates and assets, and works anywhere."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile

from conftest import REPO


def test_wheel_builds_the_default_report_outside_the_repository(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                    str(REPO)], check=True, capture_output=True, timeout=600)
    (wheel,) = (tmp_path / "dist").glob("hrap_report-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("hrap_report/resources/data/report.yaml", "hrap_report/resources/templates/report.j2",
                     "hrap_report/resources/plans/2016-2020.yaml", "hrap_report/resources/assets/theme.yaml",
                     "hrap_report/resources/assets/fonts/LiberationSerif-Regular.ttf"):
        assert expected in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run([sys.executable, "-m", "hrap_report", "build"], cwd=empty, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.suffix for p in (empty / "output").iterdir()) == [".docx", ".pdf"]
    code = "import hrap_report.resources as r; print(r.ROOT)"
    root = subprocess.run([sys.executable, "-c", code], cwd=empty, env=env, capture_output=True, text=True)
    assert root.stdout.strip() == str(site / "hrap_report" / "resources")
