"""`flask --app edu …` commands: database schema, content packs, accounts and data retention.

Services only flush: a command that writes commits once, when its work is done, so that one
failing on the way leaves nothing of what it did.
"""

import datetime as dt
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from edu import clock, database
from edu.accounts.passwords import password_problems
from edu.content.export import pack_to_yaml, themes_to_yaml
from edu.content.messages import ContentError
from edu.content.pack import THEMES_FILE
from edu.content.reading import read_content
from edu.debate.rubric import read_rubric
from edu.extensions import db
from edu.models import Article, User
from edu.services import accounts, audit, gift, privacy, quizzes, web_sessions
from edu.services.content_store import exported_packs, load_content, stored_themes

db_cli = AppGroup("db", help="Create or upgrade the database schema.")
content_cli = AppGroup("content", help="Check and load the content packs.")
quiz_cli = AppGroup("quiz", help="Generate the quiz items from the loaded content.")
user_cli = AppGroup("user", help="Create accounts and end their sessions.")
gift_cli = AppGroup("gift", help="Moodle GIFT files in and out of an article's quiz.")
privacy_cli = AppGroup("privacy", help="Apply the data retention policy.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Create or upgrade the schema (Alembic); run it before starting the workers."""
    with db.engine.begin() as connection:
        database.upgrade(connection, revision)
    click.echo(f"Database at revision {revision}.")


def _content_path(path: str | None) -> str:
    return path or current_app.config["CONTENT_DIR"]


@content_cli.command("check")
@click.argument("path", required=False)
@click.option(
    "--against-article",
    "article_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The text of the article PATH was written from: every `where` must be one of its "
    "paragraphs, and no text may copy a run of its words.",
)
def content_check(path: str | None, article_file: Path | None) -> None:
    """Validate a content folder (default: content/) or one file; list every problem."""
    article_text = None
    if article_file is not None:
        if path is None or not Path(path).is_file():
            raise click.UsageError("--against-article checks one pack: give its file as PATH")
        try:
            article_text = article_file.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise click.UsageError(f"{article_file}: the article is not UTF-8 text") from None
    content = read_content(_content_path(path), article_text)
    problems = list(content.problems)
    folder = Path(_content_path(path))
    rubric_file = folder / "rubric.yaml" if folder.is_dir() else None
    if rubric_file is not None and rubric_file.exists():
        problems += read_rubric(rubric_file)[1]  # the debate rubric lives beside the packs
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.exceptions.Exit(1)
    facts = sum(len(article.facts) for article in content.articles)
    click.echo(f"OK: {len(content.articles)} articles, {facts} facts.")


@content_cli.command("load")
@click.argument("path", required=False)
def content_load(path: str | None) -> None:
    """Validate, then load every pack in one transaction: all or nothing."""
    try:
        report = load_content(db.session, _content_path(path))
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo("Nothing was loaded.", err=True)
        raise click.exceptions.Exit(1) from None
    db.session.commit()
    click.echo(
        f"Loaded {report.articles} articles, {report.facts} facts, {report.questions} questions."
    )


@content_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--article", "slug", metavar="SLUG", help="Export only this article.")
@click.option("--force", is_flag=True, help="Overwrite files that exist and differ.")
def content_export(folder: Path, slug: str | None, force: bool) -> None:
    """Write the stored articles back to YAML packs in FOLDER, with their themes.yaml.

    `content check FOLDER` accepts the result, and `content load FOLDER` gives the same content.
    themes.yaml holds every stored theme, so a whole export loads back to the same themes.
    """
    articles = exported_packs(db.session, slug)
    if slug is not None and not articles:
        raise click.ClickException(f"no article {slug!r} is loaded; nothing was written")
    files = {folder / f"{article.id}.yaml": pack_to_yaml(article) for article in articles}
    files[folder / THEMES_FILE] = themes_to_yaml(stored_themes(db.session))
    folders = [str(path) for path in files if path.is_dir()]
    if folders:
        raise click.ClickException(f"{', '.join(folders)}: a folder is in the way; nothing written")
    # A file that already holds exactly what would be written is no clash.
    clashes = [
        str(path)
        for path, text in files.items()
        if path.exists() and path.read_text(encoding="utf-8") != text
    ]
    if clashes and not force:
        raise click.ClickException(
            f"{', '.join(clashes)}: would be overwritten (use --force); nothing was written"
        )
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    click.echo(f"Exported {_plural(len(articles), 'article', 'articles')} to {folder}.")


@quiz_cli.command("generate")
def quiz_generate() -> None:
    """Generate items from the stored facts; changed items get a new version, results stay."""
    report = quizzes.generate_items(db.session)
    db.session.commit()
    click.echo(f"{report.items} items: {report.new_items} new, {report.new_versions} new versions.")


PASSWORD_HELP = "Asked for when not given; at least 8 characters, not a common one."


@quiz_cli.command("check")
@click.option("--article", "slug", metavar="SLUG", help="Check only this article's items.")
def quiz_check(slug: str | None) -> None:
    """List every suspicious item (published or draft) with its reasons; exit 1 if any."""
    if slug is not None:
        articles = [_loaded_article(slug)]
    else:
        articles = list(db.session.scalars(select(Article).order_by(Article.slug)))
    suspicious = 0
    for article in articles:
        for key, reasons in quizzes.item_reasons(db.session, article).items():
            suspicious += 1
            for reason in reasons:
                click.echo(f"{key}: {reason.rule}: {reason.text()}")
    if suspicious:
        click.echo(f"{_plural(suspicious, 'suspicious item', 'suspicious items')}.", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"OK: no suspicious item in {_plural(len(articles), 'article', 'articles')}.")


def _create_account(username: str, password: str, role: str, title: str) -> None:
    """One account from the command line: the sign-up page's password rules, a clear refusal."""
    problems = password_problems(password, username)
    if problems:
        raise click.ClickException(f"password refused: {', '.join(problems)}")
    if accounts.create_user(db.session, username, password, role) is None:
        raise click.ClickException(f"the username {username!r} is taken")
    db.session.commit()
    click.echo(f"{title} {accounts.normalise_username(username)!r} created.")


@user_cli.command("create-teacher")
@click.argument("username")
@click.password_option(help=PASSWORD_HELP)
def create_teacher(username: str, password: str) -> None:
    """Create a teacher account (the first one, or when self-sign-up is off)."""
    _create_account(username, password, "teacher", "Teacher")


@user_cli.command("create-admin")
@click.argument("username")
@click.password_option(help=PASSWORD_HELP)
def create_admin(username: str, password: str) -> None:
    """Create an administrator account: reads the audit log, and can do what a teacher does."""
    _create_account(username, password, "admin", "Admin")


@user_cli.command("sign-out")
@click.argument("username", required=False)
@click.option("--all", "everyone", is_flag=True, help="Sign out every account and every pupil.")
def sign_out(username: str | None, everyone: bool) -> None:
    """End an account's sessions on every browser at once (or everybody's, with --all)."""
    if everyone == bool(username):
        raise click.UsageError("give a USERNAME or --all, not both")
    if not username:  # --all
        ended = web_sessions.end_all(db.session)
        subject = "everyone"
    else:
        user = db.session.scalar(
            select(User).where(User.username == accounts.normalise_username(username))
        )
        if user is None:
            raise click.ClickException(f"no account is called {username!r}")
        ended = web_sessions.end_for_user(db.session, user.id)
        subject = f"user {user.username}"
    audit.record(db.session, "sign-out", actor="cli", subject=subject, ended=ended)
    db.session.commit()
    click.echo(f"Ended {_plural(ended, 'session', 'sessions')}.")


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


@privacy_cli.command("purge")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    help="Inactive for more than this many days (default: EDU_PUPIL_RETENTION_DAYS, 365).",
)
@click.option("--dry-run", is_flag=True, help="Only count who would be deleted.")
def privacy_purge(days: int | None, dry_run: bool) -> None:
    """Delete pupils and guest learners inactive for too long, with all their work."""
    days = days if days is not None else current_app.config["PUPIL_RETENTION_DAYS"]
    if days < 1:
        raise click.ClickException("the retention period must be at least one day")
    older_than = clock.now() - dt.timedelta(days=days)
    report = privacy.purge_inactive(db.session, older_than, dry_run=dry_run)
    if not dry_run:  # sessions no request can use any more
        now = clock.now()
        web_sessions.purge_ended(db.session, web_sessions.lifetimes(current_app.config), now)
    since = older_than.date().isoformat()
    pupils = _plural(report.pupils, "pupil", "pupils")
    guests = _plural(report.guests, "guest learner", "guest learners")
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(f"{verb} {pupils} and {guests} inactive since {since}.")
    if not dry_run:
        audit.record(
            db.session,
            "data-purge",
            actor="cli",
            subject=f"inactive since {since}",
            pupils=report.pupils,
            guests=report.guests,
            days=days,
        )
        db.session.commit()


@gift_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--article", "slug", required=True, help="The article whose quiz gets the questions.")
@click.option("--language", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
def gift_import(file: Path, slug: str, language: str) -> None:
    """Add a Moodle GIFT file's questions to an article's quiz: all of them or, on any
    problem, none."""
    article = _loaded_article(slug)
    try:
        report = gift.import_gift(
            db.session, file.read_text(encoding="utf-8-sig"), article, language
        )
    except gift.GiftImportError as error:
        for problem in error.problems:
            click.echo(f"{file}:{problem}", err=True)
        click.echo("Nothing was imported.", err=True)
        raise click.exceptions.Exit(1) from None
    db.session.commit()
    click.echo(
        f"Imported {report.questions} questions into {slug} ({report.new_items} new, "
        f"{len(report.updated)} updated, {len(report.unchanged)} unchanged)."
    )
    if report.updated:
        click.echo(f"Updated, a new version each: {_names(report.updated)}")
    if report.unchanged:
        click.echo(f"Unchanged: {_names(report.unchanged)}")
    if report.not_asked:
        click.echo(f"{report.not_asked} essays or descriptions are kept but not asked in quizzes.")


def _names(names: tuple[str, ...], shown: int = 20) -> str:
    """Names for one line: a re-imported file may hold thousands."""
    if len(names) <= shown + 1:
        return ", ".join(names)
    return ", ".join(names[:shown]) + f" and {len(names) - shown} more"


@gift_cli.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--article", "slug", required=True, help="The article whose quiz to export.")
@click.option("--language", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
def gift_export(file: Path, slug: str, language: str) -> None:
    """Write an article's quiz (its published items) as a Moodle GIFT file; `-` for stdout."""
    text = gift.export_gift(db.session, _loaded_article(slug), language)
    if str(file) == "-":
        click.echo(text, nl=False)
    else:
        file.write_text(text, encoding="utf-8")
        click.echo(f"Wrote the quiz of {slug} to {file}.", err=True)


def _loaded_article(slug: str) -> Article:
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None:
        raise click.ClickException(f"no article {slug!r} is loaded")
    return article


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(quiz_cli)
    app.cli.add_command(user_cli)
    app.cli.add_command(gift_cli)
    app.cli.add_command(privacy_cli)
