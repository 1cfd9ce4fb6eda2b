"""Fixtures: an app on a fresh database (SQLite, and PostgreSQL when configured), client, CLI."""

import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from edu import create_app, database
from edu.extensions import db
from edu.services.content_store import load_content
from edu.services.quizzes import generate_items

CONTENT = Path(__file__).resolve().parent.parent / "content"
POSTGRES_URL = os.environ.get("EDU_TEST_DATABASE_URL")
# A test's database is thrown away after it: its commits need not wait for the disk.
NO_WAIT_FOR_DISK = "-c synchronous_commit=off"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """With EDU_FAIL_ON_SKIP set (CI), a skipped test is a failed test: nothing may be skipped."""
    report = yield
    if report.skipped and os.environ.get("EDU_FAIL_ON_SKIP"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but EDU_FAIL_ON_SKIP forbids skips: {report.longrepr}"
    return report


def pytest_collection_modifyitems(items):
    """The longest tests first: run in parallel, the workers then finish close together."""
    items.sort(key=lambda item: 0 if item.get_closest_marker("slow") else 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    """Each database test runs on SQLite and, when configured, on PostgreSQL."""
    if request.param == "postgresql" and not POSTGRES_URL:
        pytest.skip("EDU_TEST_DATABASE_URL is not set")
    return request.param


@pytest.fixture
def database_url(backend, tmp_path):
    """An empty database of the test's own: a fresh SQLite file, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}", {}
        return
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


class DatabaseTemplates:
    """Databases migrated (and loaded) once per run; each test gets a copy of its own.

    Migrating and loading the five packs takes half a second; copying the result takes a few
    milliseconds: a SQLite file copy, or PostgreSQL's CREATE DATABASE … TEMPLATE.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.built: dict[tuple[str, bool], str] = {}
        self.admin = (
            create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT") if POSTGRES_URL else None
        )
        self.run = uuid.uuid4().hex[:10]

    def template(self, backend: str, loaded: bool) -> str:
        key = (backend, loaded)
        if key not in self.built:
            self.built[key] = self._build(backend, loaded)
        return self.built[key]

    def _build(self, backend: str, loaded: bool) -> str:
        kind = "loaded" if loaded else "empty"
        if backend == "sqlite":
            path = self.folder / f"{kind}.sqlite3"
            url = f"sqlite:///{path}"
        else:
            name = f"agora_tpl_{self.run}_{kind}"
            self._execute(f'CREATE DATABASE "{name}"')
            url = self._url(name)
        engine = create_engine(url)
        with engine.begin() as connection:
            database.upgrade(connection)
        if loaded:
            with Session(engine) as session:
                load_content(session, CONTENT)
                session.commit()
                generate_items(session)
                session.commit()
        engine.dispose()  # a template must have no open connection (and SQLite's WAL folded in)
        return str(path) if backend == "sqlite" else name

    def copy(self, backend: str, loaded: bool, tmp_path: Path) -> Iterator[tuple[str, dict]]:
        template = self.template(backend, loaded)
        if backend == "sqlite":
            path = tmp_path / f"{'loaded' if loaded else 'migrated'}.sqlite3"
            shutil.copyfile(template, path)
            yield f"sqlite:///{path}", {}
            return
        name = f"agora_test_{uuid.uuid4().hex[:16]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        try:
            yield self._url(name), {"connect_args": {"options": NO_WAIT_FOR_DISK}}
        finally:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def drop_all(self) -> None:
        if self.admin is None:
            return
        for (backend, _loaded), name in self.built.items():
            if backend == "postgresql":
                self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()

    def _url(self, name: str) -> str:
        return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        assert self.admin is not None
        with self.admin.connect() as connection:
            connection.execute(text(statement))


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory):
    templates = DatabaseTemplates(tmp_path_factory.mktemp("templates"))
    yield templates
    templates.drop_all()


@pytest.fixture
def migrated_database(backend, database_templates, tmp_path):
    """A database of the test's own, migrated, with no content."""
    yield from database_templates.copy(backend, False, tmp_path)


@pytest.fixture
def loaded_database(backend, database_templates, tmp_path):
    """A database of the test's own, migrated, with the five packs and their items."""
    yield from database_templates.copy(backend, True, tmp_path)


@pytest.fixture
def session(migrated_database):
    """A plain SQLAlchemy session on a migrated database: domain services without Flask."""
    url, options = migrated_database
    engine = create_engine(url, **options)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def loaded_session(loaded_database):
    """A plain SQLAlchemy session on a database with the five packs and their items."""
    url, options = loaded_database
    engine = create_engine(url, **options)
    with Session(engine) as session:
        yield session
    engine.dispose()


def make_app(
    url: str,
    engine_options: dict,
    tmp_path: Path,
    load: bool = True,
    migrate: bool = True,
    **config,
):
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
    if migrate:
        with app.app_context():
            with db.engine.begin() as connection:
                database.upgrade(connection)
            if load:
                load_content(db.session, CONTENT)
                generate_items(db.session)
                db.session.commit()
    return app


@pytest.fixture
def app(loaded_database, tmp_path):
    """The app on a database of its own, migrated, with the five content packs loaded."""
    app = make_app(*loaded_database, tmp_path, migrate=False)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def empty_app(migrated_database, tmp_path):
    """The app with the schema migrated and no content."""
    app = make_app(*migrated_database, tmp_path, migrate=False)
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
