#!/usr/bin/env bash
# Time to verdict per lab scenario: SshBot next to OpenSSH's own time to error on the same host.
#
#   bench/verdict-latency.sh [RUNS]     (default 5; needs root: it builds the fault lab)
#
# For each scenario it reports, as medians over RUNS:
#   ssh_ms      wall time of `ssh -o BatchMode=yes -o ConnectTimeout=T host true` until it fails
#   engine_ms   SshBot's own time from request to verdict (the report's elapsedMs), which is
#               what a chat user waits for from the long-running bot
#   cli_ms      wall time of the whole `sshbot diagnose` process (ReadyToRun build), start-up included
# The silent scenarios use the same timeout T for both tools.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
timeout_s=3
[ "$(id -u)" -eq 0 ] || { echo "verdict-latency: needs root (the lab)" >&2; exit 1; }
bash "$root/infra/setup/packages.sh"
work=$(mktemp -d /tmp/sshbot-latency.XXXXXX)
trap 'bash "$root/infra/lab/lab.sh" down >/dev/null 2>&1; rm -rf "$work"' EXIT
dotnet publish "$root/src/SshBot.App" -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -o "$work/sshbot" -v quiet -clp:ErrorsOnly >&2
declare -A addr
while IFS='=' read -r k v; do addr[$k]=$v; done < <(bash "$root/infra/lab/lab.sh" up)
export SSHBOT_DATA_DIR=$work/data

ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

printf '%-12s %-34s %8s %10s %8s  %s\n' scenario verdict ssh_ms engine_ms cli_ms "engine - ssh"
for s in healthy stopped drop reject unreachable closes silent http oldkex rsaonly cbconly lossy blackhole pmtu; do
  a=${addr[$s]}
  t=$timeout_s; [ "$s" = unreachable ] && t=5
  : >"$work/ssh"; : >"$work/engine"; : >"$work/cli"
  for _ in $(seq 1 "$runs"); do
    s0=$(ms)
    ssh -o BatchMode=yes -o ConnectTimeout="$t" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
      -o LogLevel=ERROR -i /dev/null "bench@$a" true </dev/null >/dev/null 2>&1 || true
    echo $(( $(ms) - s0 )) >>"$work/ssh"
    s0=$(ms)
    "$work/sshbot/sshbot" diagnose "$a" --json --no-record --timeout "$t" >"$work/report.json"
    echo $(( $(ms) - s0 )) >>"$work/cli"
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["elapsedMs"])' "$work/report.json" >>"$work/engine"
  done
  verdict=$(python3 -c 'import json,sys; print((json.load(open(sys.argv[1]))["verdict"] or {}).get("id"))' "$work/report.json")
  sm=$(median <"$work/ssh"); em=$(median <"$work/engine"); cm=$(median <"$work/cli")
  printf '%-12s %-34s %8s %10s %8s  %+d\n' "$s" "$verdict" "$sm" "$em" "$cm" $((em - sm))
done
