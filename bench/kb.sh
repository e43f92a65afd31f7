#!/usr/bin/env bash
# Knowledge-base benchmarks: matching a realistic diagnosis against kb/, and loading 1,000
# generated articles. Release build; pass a kb folder to measure another one.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet run -c Release --project bench/SshBot.KnowledgeBase.Benchmarks -- "$@"
