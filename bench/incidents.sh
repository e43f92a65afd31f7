#!/usr/bin/env bash
# Incident store benchmark (Release): write throughput and history-query throughput as the
# store grows to 100,000 and 1,000,000 incidents, on SQLite and, when SSHBOT_TEST_POSTGRES is
# set (eval "$(bash infra/setup/services.d/20-postgres.sh)"), on PostgreSQL.
#   usage: bench/incidents.sh [sizes]   e.g. bench/incidents.sh 100000,1000000
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-100000,1000000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/SshBot.Incidents.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly >&2
bench=bench/SshBot.Incidents.Benchmarks/bin/Release/net10.0/SshBot.Incidents.Benchmarks.dll
dotnet "$bench" sqlite "$sizes"
if [ -n "${SSHBOT_TEST_POSTGRES:-}" ]; then
  echo
  dotnet "$bench" postgres "$sizes"
else
  echo "(PostgreSQL skipped: SSHBOT_TEST_POSTGRES is not set)" >&2
fi
