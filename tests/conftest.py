"""Fixtures: an app on a fresh database (SQLite, and PostgreSQL when configured), client, CLI."""

import os
import re
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from edu import create_app, database
from edu.extensions import db
from edu.services.content_store import load_content
from edu.services.quizzes import generate_items

CONTENT = Path(__file__).resolve().parent.parent / "content"
POSTGRES_URL = os.environ.get("EDU_TEST_DATABASE_URL")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """With EDU_FAIL_ON_SKIP set (CI), a skipped test is a failed test: nothing may be skipped."""
    report = yield
    if report.skipped and os.environ.get("EDU_FAIL_ON_SKIP"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but EDU_FAIL_ON_SKIP forbids skips: {report.longrepr}"
    return report


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A database of the test's own: a fresh SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}", {}
        return
    if not POSTGRES_URL:
        pytest.skip("EDU_TEST_DATABASE_URL is not set")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield POSTGRES_URL, {"connect_args": {"options": f"-csearch_path={schema}"}}
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def session(database_url):
    """A plain SQLAlchemy session on a migrated database: domain services without Flask."""
    url, options = database_url
    engine = create_engine(url, **options)
    with engine.begin() as connection:
        database.upgrade(connection)
    with Session(engine) as session:
        yield session
    engine.dispose()


def make_app(url: str, engine_options: dict, tmp_path: Path, load: bool = True, **config):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options,
            "CONTENT_DIR": str(CONTENT),
            **config,
        }
    )
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        with db.engine.begin() as connection:
            database.upgrade(connection)
        if load:
            load_content(db.session, CONTENT)
            generate_items(db.session)
    return app


@pytest.fixture
def app(database_url, tmp_path):
    """The app with the schema migrated and the five content packs loaded."""
    app = make_app(*database_url, tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def empty_app(database_url, tmp_path):
    """The app with the schema migrated and no content."""
    app = make_app(*database_url, tmp_path, load=False)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, path: str = "/") -> str:
    """The CSRF token a page's forms carry, as a browser would send it back."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "the page has no form with a CSRF token"
    return match.group(1)
