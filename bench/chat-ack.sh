#!/usr/bin/env bash
# Slack acknowledgement latency under concurrent load on loopback, against a bare ASP.NET Core
# endpoint run side by side.   bench/chat-ack.sh [REQUESTS] [CONCURRENCY]   (default 20000 64)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/SshBot.Chat.Benchmarks -- "${1:-20000}" "${2:-64}"
