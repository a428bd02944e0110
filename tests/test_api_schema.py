"""The API keeps the promises of its OpenAPI schema (/api/schema/): schemathesis generates
requests for every operation from the schema, sends them as the director (token
authentication, the way an API client signs in) and checks that no answer is a server error
and every answer's body matches what the schema says for its status.

Ids in paths are either generated or, half the time, the id of a real record of the
permission matrix's world (the record its declaration names), so the detail pages and the
actions run on data, not only into 404s. A bounded number of examples per operation keeps the
run to about half a minute.
"""

import pytest
import schemathesis
import time_machine
from django.contrib.auth import get_user_model
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.permission_matrix import as_list
from tests.permission_matrix.runner import NOW, api_owner, build_world, declarations

EXAMPLES_PER_OPERATION = 12
CHECKS = [not_a_server_error, response_schema_conformance]

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def wsgi_app():
    """Django's WSGI application in the test's transaction: like Django's test client, keep
    the end of each request from closing the connection the test's transaction lives in."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _real_ids(operations) -> dict[tuple[str, str], int]:
    """Per operation, the id of the record its permission-matrix declaration names."""
    world = build_world()
    records_by_app: dict[str, dict] = {}
    ids = {}
    for operation in operations:
        app = api_owner(operation.path)
        module = declarations(app)
        if app not in records_by_app:
            records_by_app[app] = module.build(world)
        case = as_list(module.API[(operation.method.upper(), operation.path)])[0]
        record, records = case.record, records_by_app[app]
        if isinstance(record, str) and record:
            ids[(operation.method.upper(), operation.path)] = records[record].pk
        elif isinstance(record, int):
            ids[(operation.method.upper(), operation.path)] = record
    return ids, world


def test_every_operation_answers_within_its_schema(wsgi_app):
    with time_machine.travel(NOW, tick=False):
        # The schema is behind the login too: read it with a reader's token.
        reader = get_user_model().objects.create_user("schema_reader", is_superuser=True)
        schema = schemathesis.openapi.from_wsgi(
            "/api/schema/",
            wsgi_app,
            headers={"Authorization": f"Token {Token.objects.create(user=reader).key}"},
        )
        operations = [result.ok() for result in schema.get_all_operations()]
        ids, world = _real_ids(operations)
        token = Token.objects.create(user=world.users["director"]).key

    failures = []
    for operation in operations:
        key = (operation.method.upper(), operation.path)
        strategy = operation.as_strategy()
        parameters = [p.name for p in operation.path_parameters]
        if key in ids and len(parameters) == 1:
            real = operation.as_strategy(path_parameters={parameters[0]: ids[key]})
            strategy = st.one_of(strategy, real)

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def answers_within_schema(case):
            response = case.call(headers={"Authorization": f"Token {token}"})
            case.validate_response(response, checks=CHECKS)

        try:
            answers_within_schema()
        except Exception as error:  # every operation is tried; all failures are reported
            failures.append(f"{key[0]} {key[1]}:\n{error}")

    assert len(operations) > 10
    assert failures == [], "\n\n".join(failures)
