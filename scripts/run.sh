#!/usr/bin/env bash
# Set up everything the project needs on a fresh machine, then run one job:
#   bash scripts/run.sh serve   # the API on 127.0.0.1:8000 (trains the default model first if none exists)
#   bash scripts/run.sh test    # the whole test suite (extra args go to pytest)
# Idempotent: the virtualenv is made once and re-installed only when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")/.."

job=${1:-}
shift || true
PYTHON=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[test,bench]'
  rm -f .venv/.installed-* && touch "$stamp"
fi

need_test_tools() {
  # Debian packages two tests drive: Chromium for the browser end-to-end test (never a browser download)
  # and wrk for the load script's test (tests/test_bench.py)
  local pkgs=()
  [ -x /usr/bin/chromium ] || pkgs+=(chromium chromium-driver)
  command -v wrk >/dev/null || pkgs+=(wrk)
  if [ ${#pkgs[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Debian ${pkgs[*]} for the browser and load-script tests..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}") \
      >/dev/null 2>&1 || echo "warning: could not install ${pkgs[*]}; the tests that need them will be skipped" >&2
  fi
}

case "$job" in
  serve)
    if [ ! -f models/appeals.joblib ]; then
      echo "no model at models/appeals.joblib: training the default model from corpora/ ..." >&2
      .venv/bin/gerp-nlp train
    fi
    exec .venv/bin/gunicorn --config gunicorn.conf.py "api:create_app()"
    ;;
  test)
    need_test_tools
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: bash scripts/run.sh serve|test [pytest args]" >&2
    exit 2
    ;;
esac
