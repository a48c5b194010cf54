#!/usr/bin/env bash
# Schemathesis against the live API of a running server: every operation of the schema at
# /api/schema/, examples + coverage + fuzzing + stateful phases, a bounded number of cases
# per operation. Fails on a server error, a status code or content type the schema does
# not document, or a response body or header that breaks the schema.
#   deploy/api_fuzz.sh [BASE_URL]        (default $STACK_URL, else http://127.0.0.1:8080)
# The server's database is the one in DATABASE_URL (a token for the demo admin is made
# there with `manage.py api_token`); afterwards `manage.py check_stock` must find the
# ledger clean, whatever the fuzzer booked. Knobs: API_FUZZ_EXAMPLES (cases per operation
# and phase, default 10), API_FUZZ_SEED, API_FUZZ_USER (default admin).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
BASE=${1:-${STACK_URL:-http://127.0.0.1:8080}}
BASE=${BASE%/}
PY=.venv/bin/python
export DEBUG=${DEBUG-1}

TOKEN=$($PY manage.py api_token "${API_FUZZ_USER:-admin}" --name "schemathesis $(date +%s)" | awk '{print $NF}')
REPORT_DIR=${API_FUZZ_REPORT_DIR:-$ROOT/.stack-fuzz}
mkdir -p "$REPORT_DIR"

status=0
.venv/bin/schemathesis run "$BASE/api/schema/" \
    --url "$BASE" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "${API_FUZZ_EXAMPLES:-10}" \
    --seed "${API_FUZZ_SEED:-1}" \
    --workers 2 \
    --request-timeout 10 \
    --wait-for-schema 30 \
    --suppress-health-check all \
    --report junit --report-junit-path "$REPORT_DIR/junit.xml" \
    || status=$?

echo "api_fuzz: ledger check after the run"
$PY manage.py check_stock || status=$?
exit $status
