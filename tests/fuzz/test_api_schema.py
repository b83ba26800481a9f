"""Schemathesis over /openapi.json: every operation and the spec's links, on both backends.

Each answer must be documented (status, content type, body schema) and never
a 500; valid requests must be accepted and invalid ones refused. Writes carry
an editor's token. (Schemathesis's pytest plugin does not run under this
pytest, so the operations' strategies are driven by Hypothesis directly.)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import Engine, text

from api.conftest import seed
from cliffhanger.api import create_app
from cliffhanger.forecast import service
from cliffhanger.forecast.service import SCORECARD
from cliffhanger.store import (  # noqa: F401  (importing a table module registers its tables)
    catalog_tables,
    source_tables,
    web_repository,
    web_tables,
)
from cliffhanger.store.tables import Base
from forecast.conftest import write_scorecard

from .conftest import CASES, ERRORS, examples

ENTRY = "api (schemathesis)"
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@pytest.fixture
def app(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    """Yield the app on a seeded store of either backend.

    The forecast reads a small made-up scorecard: training on the real one
    takes seconds per backtest (tests/forecast cover it), and the fuzzer
    checks the contract, not the model.
    """
    seed(engine)
    (tmp_path / SCORECARD).parent.mkdir(parents=True)
    write_scorecard(tmp_path / SCORECARD)
    monkeypatch.setenv(service.DATA_ENV, str(tmp_path))
    service.clear_cache()
    service.backtest(engine)  # warm, as a server is after its first backtest request
    yield create_app(engine, webhook_backoff=0.0)
    service.clear_cache()


@pytest.fixture
def auth(engine: Engine) -> dict[str, str]:
    """Return the header of an editor's token, sent with every case."""
    return {"Authorization": f"Bearer {web_repository.create_token(engine, 'fuzzer')[1]}"}


# What a schema cannot judge: an article's words (a well-formed body may hold no readable
# text) and where a webhook's host resolves (it must be public). Both are a 400 with the
# reason; every other check still runs on these two.
CONTENT_JUDGED = {"POST /api/documents", "POST /api/watchlists"}


def _schema(app: FastAPI) -> Any:
    """Return the app's spec as schemathesis reads it.

    The token is sent with every case (so no case omits it on purpose), and no
    case adds query parameters the spec does not name: the API ignores those,
    as most HTTP APIs do, and OpenAPI cannot say so.
    """
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.config.generation.update(with_security_parameters=False, allow_extra_parameters=False)
    return schema


def _excluded(case: schemathesis.Case) -> list[Any]:
    return [positive_data_acceptance] if case.operation.label in CONTENT_JUDGED else []


# The walk-forward backtest refits its models whenever the store's decisions change (a
# fuzzed POST /api/documents can add one): seconds of CPU on a loaded 2-core runner, so
# it gets a minute where every other operation gets schemathesis's 10 seconds.
SLOW = {"GET /api/forecast/backtest": 60.0}


def _timeout(case: schemathesis.Case) -> float:
    return SLOW.get(case.operation.label, 10.0)


def _check(case: schemathesis.Case) -> None:
    CASES[ENTRY] += 1
    try:
        case.call_and_validate(excluded_checks=_excluded(case), timeout=_timeout(case))
    except BaseException:  # schemathesis raises a BaseExceptionGroup
        ERRORS[ENTRY] += 1
        raise


def test_every_operation(app: FastAPI, auth: dict[str, str]) -> None:
    schema = _schema(app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    for operation in operations:
        # The token goes in through the strategy, so negative cases know it is there.
        strategy = st.one_of(
            *(operation.as_strategy(generation_mode=m, headers=auth) for m in MODES)
        )

        @given(case=strategy)
        @settings(max_examples=examples(8, 350))
        def run(case: schemathesis.Case) -> None:
            _check(case)

        run()


# the fuzzer's own token, sent with every case; the store's version row (seeded by the
# migration), bumped instead so that cached reads of the emptied store are not served
KEPT = {"api_tokens", "store_version"}


def reset(engine: Engine) -> None:
    """Return once the store holds the seed articles again, and the same ids for them.

    Every table but the tokens is emptied, its id sequence restarted, then seeded.
    """
    tables = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name not in KEPT]
    with engine.begin() as conn:
        conn.execute(text("UPDATE store_version SET version = version + 1"))
        if engine.dialect.name == "postgresql":
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY"))
        else:
            for table in tables:
                conn.execute(text(f"DELETE FROM {table}"))
            if conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")
            ).first():
                conn.execute(text("DELETE FROM sqlite_sequence WHERE name != 'api_tokens'"))
    seed(engine)


def test_stateful_links(app: FastAPI, engine: Engine, auth: dict[str, str]) -> None:
    schema = _schema(app)
    workflow: Any = schema.as_state_machine()

    class Workflow(workflow):  # type: ignore[misc,valid-type]
        def setup(self) -> None:
            # Each scenario starts from the same store: a link draws from an earlier
            # answer (the review queue's ids), and Hypothesis requires that the same
            # choices draw the same way in every scenario, not only when shrinking.
            reset(engine)

        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            CASES[ENTRY] += 1
            return {"headers": auth}

        def validate_response(
            self, response: Any, case: schemathesis.Case, additional_checks: Any = None, **kw: Any
        ) -> None:
            try:
                case.validate_response(
                    response,
                    additional_checks=additional_checks,
                    excluded_checks=_excluded(case),
                    transport_kwargs=kw or None,
                    recorder=getattr(self, "recorder", None),
                )
            except BaseException:
                ERRORS[ENTRY] += 1
                raise

    run_state_machine_as_test(
        Workflow,
        # No shrinking: a failing scenario is reported as found, which keeps a full run's
        # time bounded.
        settings=settings(
            max_examples=examples(5, 300),
            stateful_step_count=6,
            phases=[Phase.explicit, Phase.generate],
        ),
    )
