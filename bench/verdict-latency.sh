#!/usr/bin/env bash
# Time to verdict per lab scenario: SshBot next to OpenSSH's own time to error on the same host.
#
#   bench/verdict-latency.sh [RUNS]     (default 5; needs root: it builds the fault lab)
#
# For each scenario it reports, as medians over RUNS:
#   ssh_ms      wall time of `ssh -o BatchMode=yes -o ConnectTimeout=T host true` until it fails
#   warm_ms     request to ranked verdict in a process that is already running, as `sshbot serve`
#               and `sshbot chat` are: what a chat user waits for (bench/SshBot.Diagnostics.Benchmarks);
#               each run is the bot's first diagnosis of that address (path connects included)
#   engine_ms   the report's elapsedMs in a one-shot `sshbot diagnose` (first use of each code path)
#   cli_ms      wall time of the whole `sshbot diagnose` process (the native build ./sshbot runs), start-up included
# The last two columns are warm_ms - ssh_ms and cli_ms - ssh_ms; the goal (issue: single-target
# verdicts) is at most +50.
# The silent scenarios use the same timeout T for both tools.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
timeout_s=3
[ "$(id -u)" -eq 0 ] || { echo "verdict-latency: needs root (the lab)" >&2; exit 1; }
bash "$root/infra/setup/packages.sh"
work=$(mktemp -d /tmp/sshbot-latency.XXXXXX)
trap 'bash "$root/infra/lab/lab.sh" down >/dev/null 2>&1; rm -rf "$work"' EXIT
bash "$root/infra/publish-native.sh" "$work/sshbot" >&2
dotnet publish "$root/bench/SshBot.Diagnostics.Benchmarks" -c Release -r linux-x64 --self-contained false \
  -p:PublishReadyToRun=true -o "$work/warm" -v quiet -clp:ErrorsOnly >&2
declare -A addr
while IFS='=' read -r k v; do addr[$k]=$v; done < <(bash "$root/infra/lab/lab.sh" up)
export SSHBOT_DATA_DIR=$work/data

ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

scenarios=(healthy stopped drop reject unreachable closes silent http oldkex rsaonly cbconly lossy blackhole pmtu)
declare -A warm
for s in "${scenarios[@]}"; do
  t=$timeout_s; [ "$s" = unreachable ] && t=5
  while read -r n w _; do warm[$n]=$w; done < <("$work/warm/SshBot.Diagnostics.Benchmarks" "$root/kb" "$t" "$runs" "$s=${addr[$s]}")
done

printf '%-12s %-34s %8s %8s %10s %8s  %10s %9s\n' scenario verdict ssh_ms warm_ms engine_ms cli_ms "warm - ssh" "cli - ssh"
for s in "${scenarios[@]}"; do
  a=${addr[$s]}
  t=$timeout_s; [ "$s" = unreachable ] && t=5
  : >"$work/ssh"; : >"$work/engine"; : >"$work/cli"
  for _ in $(seq 1 "$runs"); do
    s0=$(ms)
    ssh -o BatchMode=yes -o ConnectTimeout="$t" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
      -o LogLevel=ERROR -i /dev/null "bench@$a" true </dev/null >/dev/null 2>&1 || true
    echo $(( $(ms) - s0 )) >>"$work/ssh"
    sleep 0.2
    s0=$(ms)
    "$work/sshbot/sshbot" diagnose "$a" --json --no-record --timeout "$t" >"$work/report.json"
    echo $(( $(ms) - s0 )) >>"$work/cli"
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["elapsedMs"])' "$work/report.json" >>"$work/engine"
    sleep 1   # let sshd reap the children of the path stage's connects before the next ssh
  done
  verdict=$(python3 -c 'import json,sys; print((json.load(open(sys.argv[1]))["verdict"] or {}).get("id"))' "$work/report.json")
  sm=$(median <"$work/ssh"); em=$(median <"$work/engine"); cm=$(median <"$work/cli")
  wm=${warm[$s]}
  printf '%-12s %-34s %8s %8s %10s %8s  %+10d %+9d\n' "$s" "$verdict" "$sm" "$wm" "$em" "$cm" $((wm - sm)) $((cm - sm))
done
