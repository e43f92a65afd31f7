#!/usr/bin/env bash
# Zones benchmark: 10,000 lab targets diagnosed by four agents (two per zone, each in its zone's
# namespace, over NATS JetStream) against one process diagnosing them alone, in one run; then the
# latency NATS adds to one job (p50, p99) over jobs run one at a time.
#
#   bench/zones.sh [N]      (default 10000, at most 10000; needs root)
#   SSHBOT_BIN=DIR/sshbot bench/zones.sh    (an already published native sshbot)
#   ZONES_BENCH_PROGRAM=DIR                  (an already built bench/SshBot.Zones.Benchmarks)
# The logs of the last run are kept in /tmp/sshbot-zones-bench-last.
#
# Targets: N/10 addresses (half in each zone's benchmark range of infra/lab/zones.sh) times ten
# ports (22, 2201-2209), all served by one sshd per zone; half the addresses reset (nftables
# "reject with tcp reset"), half answer SSH. No silent drops: an agent runs each job on its own,
# so it cannot learn connect timeouts across a batch as the single process does, and a drop
# would measure the timeout, not the bot. Path checks are off in both (--path-connects 0).
# Uses SSHBOT_LAB_NAME / SSHBOT_LAB_NET like the labs; everything is torn down after.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-10000}
[ "$n" -ge 20 ] && [ "$n" -le 10000 ] || { echo "zones bench: N must be 20..10000" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "zones bench: needs root" >&2; exit 1; }
bash "$root/infra/setup/packages.sh" openssh-server nftables iproute2 nats-server time
work=$(mktemp -d /tmp/sshbot-zones-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  # The logs of the last run stay for a look afterwards (small; the targets and stores do not).
  rm -rf /tmp/sshbot-zones-bench-last; mkdir -p /tmp/sshbot-zones-bench-last
  cp "$work"/*.err "$work"/*.time "$work"/runs "$work"/agents.out /tmp/sshbot-zones-bench-last/ 2>/dev/null || true
  bash "$root/infra/lab/zones.sh" down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

lab=$(bash "$root/infra/lab/zones.sh" up)
get() { echo "$lab" | sed -n "s/^$1=//p"; }
hub=$(get hub); dc1=$(get bench_dc1); office=$(get bench_office)

# N/10 addresses, alternating zones; odd ones reset.
per=$((n / 10)); ports=(22 2201 2202 2203 2204 2205 2206 2207 2208 2209)
reset_dc1=(); reset_office=()
for i in $(seq 0 $((per - 1))); do
  range=$([ $((i % 2)) -eq 0 ] && echo "$dc1" || echo "$office")
  base=${range%.0/23}; third=${base##*.}; prefix=${base%.*}
  j=$((i / 2)); a=$prefix.$((third + (j + 1) / 254)).$(((j + 1) % 254 + 1))
  if [ $((j % 2)) -eq 1 ]; then
    if [ $((i % 2)) -eq 0 ]; then reset_dc1+=("$a"); else reset_office+=("$a"); fi
  fi
  for port in "${ports[@]}"; do echo "$a:$port"; done >>"$work/targets"
done
join() { local IFS=,; echo "$*"; }
for z in "zah:${reset_dc1[*]}" "zbh:${reset_office[*]}"; do
  ns=${SSHBOT_LAB_NAME:-sbl}-${z%%:*}; set -- ${z#*:}
  [ $# -eq 0 ] && continue
  ip netns exec "$ns" nft -f - <<NFT
table inet bench {
  set resetting { type ipv4_addr; elements = { $(join "$@") } }
  chain input { type filter hook input priority 0; policy accept; ip daddr @resetting tcp dport { 22, 2201-2209 } reject with tcp reset; }
}
NFT
done
echo "zones bench: $(wc -l <"$work/targets") targets on $per addresses x ${#ports[@]} ports, half resetting" >&2

# The deployable programs: native sshbot (SSHBOT_BIN if given, else published here; falls back to
# the JIT build) and the replica's bench program.
if [ -n "${SSHBOT_BIN:-}" ]; then sshbot=("$SSHBOT_BIN")
elif bash "$root/infra/publish-native.sh" "$work/native" >&2; then sshbot=("$work/native/sshbot"); else
  dotnet build "$root/src/SshBot.App" -c Release -o "$work/jit" -v quiet >&2; sshbot=(dotnet "$work/jit/sshbot.dll"); fi
if [ -n "${ZONES_BENCH_PROGRAM:-}" ]; then cp -r "$ZONES_BENCH_PROGRAM" "$work/bench"   # an already built replica program
else dotnet build "$root/bench/SshBot.Zones.Benchmarks" -c Release -o "$work/bench" -v quiet >&2; fi

# NATS on the hub with the sample configuration.
port=$(python3 -c "import socket; s=socket.socket(); s.bind(('$hub',0)); print(s.getsockname()[1])")
mon=$(python3 -c "import socket; s=socket.socket(); s.bind(('$hub',0)); print(s.getsockname()[1])")
for u in REPLICA AGENT_DC1 AGENT_OFFICE; do export "SSHBOT_NATS_${u}_PASSWORD=p$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"; done
SSHBOT_NATS_LISTEN=$hub:$port SSHBOT_NATS_MONITOR=$hub:$mon SSHBOT_NATS_STORE=$work/nats \
  nats-server -c "$root/infra/deploy/nats-server.conf" -l "$work/nats.log" & pids+=($!)
for _ in $(seq 1 100); do grep -q "Server is ready" "$work/nats.log" 2>/dev/null && break; sleep 0.1; done

measure() { # name command...   -> "name wall_s peak_MB"
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
  read -r wall kb < <(tail -1 "$work/$name.time"); echo "$name $wall $((kb / 1024))" >>"$work/runs"
}

# 1. One process alone, from the root namespace (which routes to both zones' ranges). One
#    `sshbot diagnose` takes at most 4096 targets, so it runs on chunks of 4000 one after another:
#    the wall time is the sum, the peak memory the largest process's.
split -l 4000 "$work/targets" "$work/chunk."
printf '%q ' "${sshbot[@]}" >"$work/sshbot.cmd"
measure alone bash -c 'for f in "$1"/chunk.*; do eval "$(cat "$1/sshbot.cmd")" diagnose --targets "$f" --json --path-connects 0 --no-record; done' _ "$work"

# 2. Four agents. The replica's program creates the stream and consumers, then publishes.
agent_env=(Nats__Url="nats://$hub:$port" Nats__Deployment=prod Nats__AckWait=30 Targets__Allow__0=198.19.32.0/19 SSHBOT_DATA_DIR="$work")
for i in "${!ports[@]}"; do agent_env+=("Targets__Ports__$i=${ports[$i]}"); done
start_agent() { # zone id namespace password
  ip netns exec "$3" env "${agent_env[@]}" Nats__User="agent-$1" Nats__Password="$4" \
    /usr/bin/time -f "%e %M" -o "$work/agent-$2.time" "${sshbot[@]}" agent --zone "$1" --id "$2" --concurrency 128 \
    >"$work/agent-$2.out" 2>"$work/agent-$2.err" & pids+=($!)
}
name=${SSHBOT_LAB_NAME:-sbl}
(cd "$work/bench" && timeout 900 dotnet SshBot.Zones.Benchmarks.dll --url "nats://$hub:$port" --password "$SSHBOT_NATS_REPLICA_PASSWORD" \
   --targets /dev/null --zone "dc1=$dc1" --zone "office=$office" --latency-jobs 0 >/dev/null 2>&1) || true
start_agent dc1 dc1-a "$name-za" "$SSHBOT_NATS_AGENT_DC1_PASSWORD"
start_agent dc1 dc1-b "$name-za" "$SSHBOT_NATS_AGENT_DC1_PASSWORD"
start_agent office office-a "$name-zb" "$SSHBOT_NATS_AGENT_OFFICE_PASSWORD"
start_agent office office-b "$name-zb" "$SSHBOT_NATS_AGENT_OFFICE_PASSWORD"
for a in dc1-a dc1-b office-a office-b; do
  for _ in $(seq 1 300); do grep -q "as $a" "$work/agent-$a.err" 2>/dev/null && break; sleep 0.1; done
done
sleep 1   # the first heartbeats (every 5 s, the first at start) reach the bucket
measure agents timeout 900 dotnet "$work/bench/SshBot.Zones.Benchmarks.dll" --url "nats://$hub:$port" --password "$SSHBOT_NATS_REPLICA_PASSWORD" \
  --targets "$work/targets" --zone "dc1=$dc1" --zone "office=$office" --in-flight 1024 --latency-jobs 200 --latency-target "$(head -1 "$work/targets")"
# Each agent's pid is its /usr/bin/time (ip netns exec and env exec in place): stop the agent under it.
for pid in "${pids[@]:1}"; do
  for child in $(ps -o pid= --ppid "$pid"); do kill -TERM "$child" 2>/dev/null || true; done
done
for a in dc1-a dc1-b office-a office-b; do
  for _ in $(seq 1 200); do [ -s "$work/agent-$a.time" ] && break; sleep 0.1; done
done

echo
alone_counts=$(python3 - "$work/alone.out" <<'PY'
import collections, json, sys
counts = collections.Counter()
for line in open(sys.argv[1]):
    r = json.loads(line)
    if "summary" in r:
        counts.update(r["summary"]["verdicts"])
print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))
PY
)
read -r _ awall amb < <(grep '^alone ' "$work/runs")
printf '%-28s %8s %10s  %s\n' "" wall_s peak_MB outcome
printf '%-28s %8s %10s  %s\n' "one process alone" "$awall" "$amb" "$alone_counts"
printf '%-28s %8s %10s  %s\n' "4 agents (replica's view)" "$(sed -n 's/^agents_wall_s //p' "$work/agents.out")" "$(sed -n 's/^replica_peak_mb //p' "$work/agents.out")" "$(sed -n 's/^agents_outcomes //p' "$work/agents.out")"
for a in dc1-a dc1-b office-a office-b; do
  read -r _ kb <"$work/agent-$a.time" 2>/dev/null || kb=0
  printf '%-28s %8s %10s  %s\n' "  agent $a" "" "$((kb / 1024))" "$(grep -c ' done, ' "$work/agent-$a.err" || true) jobs"
done
read -r nmb < <(ps -o rss= -p "${pids[0]}" 2>/dev/null || echo 0)
echo "nats-server resident at the end: $((${nmb:-0} / 1024)) MB"
sed -n 's/^nats_added_ms /NATS adds per job (ms): /p' "$work/agents.out"
