#!/usr/bin/env bash
# The benchmark suite in one command (see docs/benchmarks.md):
#   bash bench/run.sh            # everything, about 5 minutes on 2 cores
#   bash bench/run.sh --quick    # a small smoke run
# Installs Debian's wrk (the load generator) when it is missing, trains the default
# model when there is none, then runs `python -m bench.run` with the arguments given.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  echo "no .venv: run 'bash scripts/run.sh test' (or the README's set-up) first" >&2
  exit 2
fi
if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian wrk for the load test..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null 2>&1 \
    || echo "warning: could not install wrk; the load test will be skipped" >&2
fi
if [ ! -f models/appeals.joblib ]; then
  echo "no model at models/appeals.joblib: training the default model..." >&2
  .venv/bin/gerp-nlp train
fi
exec .venv/bin/python -m bench.run "$@"
