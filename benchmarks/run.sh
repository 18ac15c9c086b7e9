#!/usr/bin/env bash
# Runs a benchmark against a local PostgreSQL (started by scripts/postgres.sh) and writes benchmarks/results/.
# Usage: benchmarks/run.sh [clients-search] [--clients 100000] [--samples 400]
#        benchmarks/run.sh service-desk [--concurrency 16,32] [--peak-seconds 15] [--open-seconds 30] [--baseline-seconds 8] [--wait-quiet 120] [--no-pgbench] [--only decisions|tickets]
#          the dispatcher's decision (IDispatcherGrain.Place) against a raw grain call, and tickets through the HTTP API on
#          PostgreSQL against PostgreSQL's single-row insert rate (benchmarks/results/service-desk.md; about 3 minutes on
#          2 cores, after waiting up to --wait-quiet seconds for other jobs to leave the cores idle)
#        benchmarks/run.sh live-feed [--clients 1000] [--rounds 5] [--pairs 20] [--interval-ms 100] [--wait-quiet 120]
#          1,000 SignalR screens on the wall of one host (embedded SQLite): a ticket change through the live feed against a
#          raw SignalR broadcast, p50/p95/p99 at each screen (benchmarks/results/live-feed.md; under a minute)
#        benchmarks/run.sh payments-import [--payments 10000] [--invoices 20000]
#          a 10,000-payment 1C statement imported and matched against 20,000 open invoices through the product's import,
#          then again (all duplicates), against PostgreSQL's single-row insert rate (benchmarks/results/payments-import.md)
#        benchmarks/run.sh billing-run [--contracts 5000]
#          the monthly run (RunMonth) for 5,000 active contracts made through the product (10,000 documents), then again
#          (nothing new), against the single-row insert rate (benchmarks/results/billing-run.md; a few minutes, mostly seeding)
#        benchmarks/run.sh payment-to-wall [--samples 300]
#          an unknown payment matched through the API until a Director's SignalR client receives moneyChanged with it,
#          p50/p95/p99 (benchmarks/results/payment-to-wall.md)
#        benchmarks/run.sh invoice-pdf [--samples 400]
#          one invoice's PDF through GET /api/invoices/{id}/pdf and in process, p50/p95/p99 (benchmarks/results/invoice-pdf.md)
#        benchmarks/run.sh sales [--keep] [--samples 100] [--report-seconds 30] [--concurrency 8,16] [--moves 800] [--open-seconds 10]
#          200,000 deals, 2,000,000 stage-history rows and 2,000,000 interactions loaded by COPY beside the demo data; the
#          funnel, plan and activity reports through the HTTP API (p95), and a deal move whose robot creates a task at half
#          its peak rate against the single-row insert rate (benchmarks/results/sales.md; --keep reuses the loaded database
#          crm_bench_sales and applies new migrations to it at start)
#        Each results file notes the machine's load average; a figure taken under load is written and marked so.
# The environment reaches dotnet as it is: CRM_BUILD_SLOT=name builds into /tmp/crm-build/name (Directory.Build.props),
# CRM_TEST_POSTGRES names an existing server (scripts/postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
postgres="$(scripts/postgres.sh)"
dotnet run -c Release --project benchmarks/Benchmarks -- "${@:-clients-search}" --postgres "$postgres" --results benchmarks/results
