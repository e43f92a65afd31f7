#!/usr/bin/env bash
# Runs every SshBot test on this machine, doing its own set-up first: Debian packages,
# services the tests talk to (infra/setup/services.d/*.sh), NuGet restore and build.
# Lab tests build real sshd hosts in network namespaces and need root.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash infra/setup/packages.sh

# Each service script prints `export NAME=value` lines for the tests (e.g. a PostgreSQL URL).
env_file=$(mktemp)
trap 'rm -f "$env_file"' EXIT
for s in infra/setup/services.d/*.sh; do
  [ -e "$s" ] || continue
  bash "$s" >>"$env_file"
done
# shellcheck disable=SC1090
source "$env_file"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build SshBot.sln -c Release --nologo -v quiet -clp:ErrorsOnly
# The natively compiled program ./sshbot runs; the lab tests run it too (NativeBinaryTests).
bash infra/publish-native.sh "$root/artifacts/native"
export SSHBOT_NATIVE_BINARY="$root/artifacts/native/sshbot"

results="$root/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test SshBot.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# The systemd unit and sysusers entry (offline checks: CI has no systemd as PID 1).
bash infra/deploy/check-systemd.sh || status=1

python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
