"""Agora: bilingual quizzes and structured debates from news articles' key facts."""

import os

from flask import Flask

from edu.config import default_config, instance_secret_key


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, extensions, then blueprints and commands, in small named steps."""
    app = Flask(__name__, instance_relative_config=True)
    configure(app, test_config)
    init_extensions(app)
    register_blueprints(app)
    register_commands(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(default_config(app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)


def init_extensions(app: Flask) -> None:
    from edu import database, i18n, richtext, security
    from edu.extensions import csrf, limiter
    from edu.web import compression, garbage, identity, input_guard, unit_of_work

    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["PROXY_COUNT"]
        # Flask's documented way to wrap the WSGI app, which mypy takes for replacing a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )
    # The first after_request registered runs last: the page is compressed once it is final
    # and its transaction is over, so that no write lock waits for gzip.
    compression.init_app(app)
    garbage.init_app(app)
    # Before anything that may answer with a page (a refused value, a CSRF or throttling
    # error): such pages show who is signed in, so who that is must be checked first.
    identity.init_app(app)
    input_guard.init_app(app)
    database.init_app(app)
    unit_of_work.init_app(app)  # its commit runs after every after_request but compression
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    richtext.init_app(app)


def register_blueprints(app: Flask) -> None:
    from edu.web import (
        accounts,
        admin,
        articles,
        assignments,
        authoring,
        classes,
        debate,
        errors,
        preferences,
        quiz,
        recall,
    )

    app.register_blueprint(accounts.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(classes.bp)
    app.register_blueprint(assignments.bp)
    app.register_blueprint(authoring.bp)
    app.register_blueprint(quiz.bp)
    app.register_blueprint(recall.bp)
    app.register_blueprint(debate.bp)
    app.register_blueprint(preferences.bp)
    app.register_blueprint(errors.bp)


def register_commands(app: Flask) -> None:
    from edu import cli

    cli.init_app(app)
