"""Start-up stays light: what a worker or a command does not need yet is not imported by
`create_app()`, so that a gunicorn worker starts, and `flask quiz generate` runs, in less time.

Each of these is loaded by the function that needs it (see the comment at its import); a new
top-level import of one of them would silently undo that, which these tests catch.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Loaded on first use only, each by the one feature that needs it.
LAZY = {
    "alembic": "migrations (`flask db upgrade`, the tests' schema)",
    "openpyxl": "the .xlsx gradebook download",
    "markdown_it": "the first teacher's text rendered as Markdown",
    "segno": "the join page's QR code",
    "yaml": "reading or writing content (a pack, an author's draft, a rubric)",
    "sqlalchemy.dialects.postgresql": "a PostgreSQL database, or its INSERT … ON CONFLICT",
}


def loaded_after(code: str) -> dict[str, bool]:
    """Which of LAZY are in sys.modules once `code` has run in a fresh interpreter."""
    probe = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps({{name: name in sys.modules for name in {sorted(LAZY)!r}}}))"
    )
    return json.loads(last_line(probe))


def last_line(code: str) -> str:
    """What `code` prints last, run in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()[-1]


def test_create_app_leaves_the_lazy_modules_unloaded():
    loaded = loaded_after(
        "from edu import create_app\n"
        "create_app({'SECRET_KEY': 'x', 'SQLALCHEMY_DATABASE_URI': 'sqlite://'})"
    )
    assert [name for name, yes in loaded.items() if yes] == []


def test_create_app_leaves_the_mappers_unconfigured():
    """Loader options built at import (a module-level `selectinload(...)`) configure every
    mapper, ~35 ms that the first query pays anyway: none may be built before it."""
    code = (
        "from edu import create_app\n"
        "create_app({'SECRET_KEY': 'x', 'SQLALCHEMY_DATABASE_URI': 'sqlite://'})\n"
        "from edu.models import Article\n"
        "print(Article.__mapper__.configured)"
    )
    assert last_line(code) == "False"


@pytest.mark.parametrize(
    ("name", "use"),
    [
        ("markdown_it", "from edu.richtext import render_markdown\nrender_markdown('**a**')"),
        ("openpyxl", "import edu.xlsx_export"),
        ("yaml", "from edu.content.yamlsource import parse_yaml\nparse_yaml('a: 1')"),
        (
            "sqlalchemy.dialects.postgresql",
            "from sqlalchemy import MetaData, Table, Column, Integer\n"
            "from edu.services.races import _insert_on_conflict\n"
            "t = Table('t', MetaData(), Column('id', Integer, primary_key=True))\n"
            "_insert_on_conflict('postgresql', t, ('id',))",
        ),
    ],
)
def test_a_lazy_module_is_loaded_by_its_use(name, use):
    """The probe itself works: the module does load once its feature is used."""
    assert loaded_after(use)[name]


def test_a_worker_freezes_its_long_lived_objects_once_warm():
    """After GC_FREEZE_AFTER requests, once that answer is sent, and not before."""
    code = (
        "import gc, tempfile\n"
        "from edu import create_app\n"
        "app = create_app({'SECRET_KEY': 'x', 'GC_FREEZE_AFTER': 3,\n"
        "    'SQLALCHEMY_DATABASE_URI': 'sqlite:///' + tempfile.mkdtemp() + '/db.sqlite3'})\n"
        "client = app.test_client()\n"
        "counts = []\n"
        "for _ in range(4):\n"
        "    client.get('/no-such-page').close()\n"
        "    counts.append(gc.get_freeze_count())\n"
        "print(counts)"
    )
    first, second, third, fourth = json.loads(last_line(code))
    assert first == second == 0 and third > 0 and 0 < fourth <= third
