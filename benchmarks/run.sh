#!/usr/bin/env bash
# Runs a benchmark against a local PostgreSQL (started by scripts/postgres.sh) and writes benchmarks/results/.
# Usage: benchmarks/run.sh [clients-search] [--clients 100000] [--samples 400]
set -euo pipefail
cd "$(dirname "$0")/.."
postgres="$(scripts/postgres.sh)"
dotnet run -c Release --project benchmarks/Benchmarks -- "${@:-clients-search}" --postgres "$postgres" --results benchmarks/results
