#!/usr/bin/env bash
# Checks the shipped systemd files without a running systemd (CI runs in a container):
# `systemd-analyze verify` must print nothing about the unit (an unknown or misspelt directive
# is only a warning to systemd, an error here), `systemd-analyze security --offline=true` must
# rate it 3.0 or lower, and systemd-sysusers must accept the sysusers.d entry.
# Usage: infra/deploy/check-systemd.sh [UNIT]   (default: infra/deploy/sshbot.service)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
unit=${1:-$here/sshbot.service}
sysusers=$here/sshbot.sysusers.conf
max_exposure=3.0

command -v systemd-analyze >/dev/null && command -v systemd-sysusers >/dev/null \
  || bash "$here/../setup/packages.sh" systemd

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0

# verify wants ExecStart's program to exist: the copy points at a stand-in, every other line as shipped.
name=$(basename "$unit")
program=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit" | head -n 1)
mkdir -p "$work/unit" "$work/bin"
printf '#!/bin/sh\n' >"$work/bin/program"
chmod +x "$work/bin/program"
sed "s#^ExecStart=$program#ExecStart=$work/bin/program#" "$unit" >"$work/unit/$name"
if ! out=$(systemd-analyze verify --man=no "$work/unit/$name" 2>&1) || [ -n "$out" ]; then
  echo "check-systemd: systemd-analyze verify $name:" >&2
  echo "${out//$work\/unit\//}" >&2
  status=1
fi

report=$(systemd-analyze security --offline=true "$unit" 2>&1) || true
exposure=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$report")
if [ -z "$exposure" ]; then
  echo "check-systemd: systemd-analyze security gave no exposure level:" >&2
  echo "$report" >&2
  status=1
elif awk -v e="$exposure" -v m="$max_exposure" 'BEGIN { exit !(e > m) }'; then
  echo "check-systemd: $name exposure $exposure is above $max_exposure; what scores:" >&2
  grep '✗' <<<"$report" >&2 || true
  status=1
else
  echo "check-systemd: $name exposure $exposure (at most $max_exposure)"
fi

mkdir -p "$work/root/etc"
if ! out=$(systemd-sysusers --root="$work/root" --dry-run "$sysusers" 2>&1) || grep -qi 'ignoring\|fail\|invalid' <<<"$out"; then
  echo "check-systemd: systemd-sysusers $(basename "$sysusers"):" >&2
  echo "$out" >&2
  status=1
fi

exit $status
