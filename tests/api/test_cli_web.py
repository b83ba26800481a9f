"""The token commands: a token printed once, stored hashed, revoked by name."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

import cliffhanger.cli.commands  # noqa: F401  (registers the commands on `app`)
from cliffhanger.cli import app
from cliffhanger.errors import AuthError, ForbiddenError
from cliffhanger.store import web_repository
from cliffhanger.store.web_tables import TokenRow


@pytest.fixture
def runner(engine: Engine, db_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Return a CliRunner whose commands use the test database."""
    monkeypatch.setenv("CLIFFHANGER_DATABASE_URL", db_url)
    return CliRunner()


def test_token_create_prints_it_once_and_stores_its_hash(runner: CliRunner, engine: Engine) -> None:
    result = runner.invoke(app, ["token", "create", "--name", "editor"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert len(token) >= 40
    with Session(engine) as session:
        row = session.scalar(select(TokenRow))
        assert row is not None
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in (row.name, row.token_hash)
    assert web_repository.check_token(engine, token).name == "editor"


def test_token_revoke_makes_it_forbidden(runner: CliRunner, engine: Engine) -> None:
    created = runner.invoke(app, ["token", "create", "--name", "editor"])
    token = created.output.strip().splitlines()[-1]
    result = runner.invoke(app, ["token", "revoke", "--name", "editor"])
    assert result.exit_code == 0, result.output
    with pytest.raises(ForbiddenError):
        web_repository.check_token(engine, token)
    with pytest.raises(AuthError):
        web_repository.check_token(engine, "not-a-token")
    listed = runner.invoke(app, ["token", "list"])
    assert "editor" in listed.output


def test_token_errors_are_one_line(runner: CliRunner) -> None:
    runner.invoke(app, ["token", "create", "--name", "editor"])
    again = runner.invoke(app, ["token", "create", "--name", "editor"])
    assert again.exit_code == 1
    assert "Error: a token named 'editor' exists already" in again.output
    missing = runner.invoke(app, ["token", "revoke", "--name", "nobody"])
    assert missing.exit_code == 1
    assert "Error: no token named 'nobody'" in missing.output


def test_serve_is_a_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output
