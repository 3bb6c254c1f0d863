"""Schemathesis over /openapi.json against the app in process: valid and invalid requests generated
from the schema; no 5xx, and every answer (status, content type, body) as the schema says.

The schema is read from the app when this module is imported (schemathesis' fixture-based loader
does not work with pytest 9), so the app starts without a model; the module fixture then loads
the session's test model into it before any case runs.
"""
from __future__ import annotations

import tempfile

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from hypothesis import HealthCheck, settings

from api import create_app
from nlp.service import ServiceState
from tests.conftest import copy_model

TOKEN = "fuzz-admin-token"

# small limits, so that generated cases also reach the 413 and 422 answers (the body limit stays
# above what the schema's own limits allow, so a schema-valid request is never too large)
app = create_app({"LOAD_ON_START": False, "MODELS_DIR": tempfile.gettempdir(), "ADMIN_TOKEN": TOKEN,
                  "MAX_BATCH": 4, "MAX_TEXT_CHARS": 500, "MAX_TURNS": 6, "MAX_CONTENT_LENGTH": 4 * 1024 * 1024})

DEFAULT_REJECTION = ["400", "401", "403", "404", "405", "406", "409", "415", "422", "428", "429"]
DEFAULT_ACCEPTANCE = ["2xx", "3xx", "401", "403", "404", "409", "429"]
CONFIG = SchemathesisConfig.from_dict({
    # over-long batches and transcripts are refused with 413 (documented), not 422
    "checks": {"negative_data_rejection": {"expected-statuses": DEFAULT_REJECTION + ["413"]},
               "positive_data_acceptance": {"expected-statuses": DEFAULT_ACCEPTANCE}},
    "operations": [{
        # a transcript can be well-formed and still not scorable: no operator turn, a line without
        # a speaker prefix, an end before its start; JSON Schema cannot say these, the app answers 422
        "include-path": "/v1/transcripts/score",
        "checks": {"positive_data_acceptance": {"expected-statuses": DEFAULT_ACCEPTANCE + ["422"]}},
    }],
})
schema = schemathesis.openapi.from_wsgi("/openapi.json", app, config=CONFIG)


@pytest.fixture(scope="module", autouse=True)
def loaded(model_path, tmp_path_factory):
    d = copy_model(model_path, tmp_path_factory.mktemp("fuzz-models"))
    state = ServiceState(d, model_path.name, app.config["RULES_PATH"])
    state.load()
    app.config["MODELS_DIR"] = str(d)
    app.extensions["gerp_nlp"] = state
    return state


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_api_matches_its_schema(case):
    # all of schemathesis' checks: no 5xx, documented status codes and content types, response
    # bodies valid against their schemas, invalid requests refused, valid ones accepted
    case.call_and_validate()


def test_the_app_under_test_is_ready():
    assert app.test_client().get("/readyz").status_code == 200
    paths = {op.ok().path for op in schema.get_all_operations()}
    assert {"/v1/appeals/classify", "/v1/transcripts/score", "/v1/admin/reload"} <= paths
