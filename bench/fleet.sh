#!/usr/bin/env bash
# Fleet benchmark: SshBot against nmap and ssh-audit on the same lab hosts, in one run.
#
#   bench/fleet.sh [N]     (default 999; needs root)
#
# Builds N lab addresses in 198.19.4.0/22 inside one network namespace (routed, so the root
# namespace ARPs once): a third run a healthy sshd, a third drop SYNs (nftables), a third
# answer with a reset. One sshd listens on every address with MaxStartups raised, so the
# server is not the bottleneck. Prints wall time, peak memory and verdict counts for each
# tool, and SshBot's ratios. Traffic stays on this machine; everything is torn down after.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-999}
[ "$n" -ge 3 ] && [ "$n" -le 1020 ] || { echo "fleet: N must be 3..1020" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "fleet: needs root" >&2; exit 1; }
bash "$root/infra/setup/packages.sh" openssh-server nftables iproute2 nmap ssh-audit time
ns=sbb-fleet
work=$(mktemp -d /tmp/sshbot-fleet.XXXXXX)
cleanup() {
  [ -f "$work/sshd.pid" ] && kill "$(cat "$work/sshd.pid")" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  ip link del sbbv0 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
[ -n "${FLEET_KEEP:-}" ] && trap - EXIT
cleanup; mkdir -p "$work" /run/sshd

ip netns add "$ns"
ip link add sbbv0 type veth peer name eth0 netns "$ns"
ip addr add 198.19.0.1/30 dev sbbv0; ip link set sbbv0 up
ip -n "$ns" addr add 198.19.0.2/30 dev eth0; ip -n "$ns" link set eth0 up; ip -n "$ns" link set lo up
ip -n "$ns" route add default via 198.19.0.1
ip -n "$ns" route add local 198.19.0.0/16 dev lo
ip route add 198.19.4.0/22 via 198.19.0.2

healthy=(); drop=(); reset=()
for i in $(seq 0 $((n - 1))); do
  a=198.19.$((4 + i / 254)).$((1 + i % 254))
  case $((i % 3)) in 0) healthy+=("$a") ;; 1) drop+=("$a") ;; 2) reset+=("$a") ;; esac
  echo "$a" >>"$work/targets"
done
join() { local IFS=,; echo "$*"; }
ip netns exec "$ns" nft -f - <<NFT
table inet fleet {
  set dropped { type ipv4_addr; elements = { $(join "${drop[@]}") } }
  set resetting { type ipv4_addr; elements = { $(join "${reset[@]}") } }
  chain input {
    type filter hook input priority 0; policy accept;
    ip daddr @dropped tcp dport 22 drop
    ip daddr @resetting tcp dport 22 reject with tcp reset
  }
}
NFT
ssh-keygen -q -t ed25519 -N '' -f "$work/hostkey"
cat >"$work/sshd_config" <<CFG
ListenAddress 0.0.0.0
HostKey $work/hostkey
PidFile $work/sshd.pid
UsePAM no
PasswordAuthentication no
MaxStartups 4000
LoginGraceTime 30
CFG
# -r: sshd serves each connection in the forked child instead of re-executing itself, which
# costs the server several times less CPU per connection on this 2-core machine (the same for
# every tool): otherwise its accept queue (128, fixed in sshd) overflows and banners come late.
ip netns exec "$ns" /usr/sbin/sshd -r -f "$work/sshd_config" -E "$work/sshd.log"
for _ in $(seq 1 50); do ip netns exec "$ns" ss -Htln 'sport = :22' | grep -q . && break; sleep 0.1; done

echo "fleet: $n hosts (${#healthy[@]} healthy, ${#drop[@]} dropping SYNs, ${#reset[@]} resetting)"
# Measure the deployable form: the natively compiled program ./sshbot runs, built outside the timing.
bash "$root/infra/publish-native.sh" "$work/sshbot" >&2
runs=${FLEET_RUNS:-3}

measure() { # name command...
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
  read -r wall kb < <(tail -1 "$work/$name.time")
  echo "$name $wall $((kb / 1024))" >>"$work/runs"
}
# The server side (sshd forks a child per connection) shares the 2 cores with the tool, so
# single runs are noisy: the tools take turns, $runs times, and medians are compared.
for r in $(seq 1 "$runs"); do
  measure sshbot "$work/sshbot/sshbot" diagnose --targets "$work/targets" --json --timeout 5
  cp "$work/sshbot.out" "$work/sshbot.run$r.out"
  measure nmap nmap -Pn -n -p22 --script ssh2-enum-algos -iL "$work/targets" -oG -
done
measure ssh-audit ssh-audit -n -T "$work/targets" -t 5 -j
python3 - "$work/runs" >"$work/results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, wall, mb = line.split()
    runs.setdefault(name, []).append((float(wall), int(mb)))
for name, rs in runs.items():
    print(name, statistics.median(w for w, _ in rs), max(m for _, m in rs), " ".join(str(w) for w, _ in rs))
PY

sshbot_counts=$(tail -1 "$work/sshbot.out" | python3 -c 'import json,sys; print(" ".join(f"{k}={v}" for k,v in json.load(sys.stdin)["summary"]["verdicts"].items()))')
nmap_counts=$(grep -o '22/[a-z]*' "$work/nmap.out" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}')
audit_counts=$(python3 - "$work/ssh-audit.out" <<'PY'
import re, sys
# ssh-audit 2.5 -T -j prints a list mixing JSON objects (audited hosts) and bare exception
# text (failures), which is not valid JSON as a whole: count each kind by its marker.
text = re.sub(r"\x1b\[[0-9;]*m", "", open(sys.argv[1]).read())
audited = len(re.findall(r'"banner"\s*:', text))
failures = text.split("[exception]")[1:]
refused = sum(1 for f in failures if "refused" in f)
print(f"audited={audited} refused={refused} other-failures={len(failures) - refused}")
PY
)
# Every run's verdicts are checked, not only the last one's.
verify=$(python3 - "$work"/sshbot.run*.out <<'PY'
import json, sys
want = {0: "healthy", 1: "firewall-silent-drop", 2: "sshd-not-listening"}
counts = []
for path in sys.argv[1:]:
    wrong = 0
    for line in open(path):
        r = json.loads(line)
        if "summary" in r: continue
        o = r["target"]["host"].split(".")
        i = (int(o[2]) - 4) * 254 + int(o[3]) - 1
        if (r.get("verdict") or {}).get("id") != want[i % 3]: wrong += 1
    counts.append(str(wrong))
print(", ".join(counts))
PY
)
echo
printf '%-10s %8s %8s  %-50s %s\n' tool wall_s peak_MB verdicts "each run's wall_s"
while read -r name wall mb each; do
  case $name in sshbot) c=$sshbot_counts ;; nmap) c=$nmap_counts ;; *) c=$audit_counts ;; esac
  printf '%-10s %8s %8s  %-50s %s\n' "$name" "$wall" "$mb" "$c" "$each"
done <"$work/results"
python3 - "$work/results" <<'PY'
import sys
r = {l.split()[0]: (float(l.split()[1]), float(l.split()[2])) for l in open(sys.argv[1])}
print("(wall: median of the runs; peak memory: the largest)")
s = r["sshbot"]
for peer in ("nmap", "ssh-audit"):
    p = r[peer]
    print(f"sshbot / {peer}: wall {s[0] / p[0]:.2f}x, peak memory {s[1] / max(p[1], 1):.2f}x")
PY
echo "sshbot verdicts that do not match the host's fault, in each run: $verify"
