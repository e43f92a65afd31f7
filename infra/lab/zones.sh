#!/usr/bin/env bash
# The zone lab: two zones, each a network namespace that reaches only its own hosts, plus one
# host both zones reach through different paths, and a hub address in the root namespace where
# NATS listens for both zones' agents. Everything lives in 198.19.B.0/21 with
# B = 32 + 8 * (SSHBOT_LAB_NET mod 4), inside 198.19.32.0/19, so four labs can coexist.
#
#   infra/lab/zones.sh up      build it (tearing down a previous one first); prints name=value lines
#   infra/lab/zones.sh down    remove every namespace, link, route and process it made
#
# Layout (B = 32 for SSHBOT_LAB_NET=20):
#   hub         198.19.B.1         the root namespace's end of dc1's link: NATS listens here
#   NAME-za     zone "dc1":    routes to its hosts 198.19.(B+1).0/24 and 198.19.(B+4).0/23, the shared host, the hub
#   NAME-zb     zone "office": routes to its hosts 198.19.(B+2).0/24 and 198.19.(B+6).0/23, the shared host, the hub
#   NAME-zah    dc1's hosts:    one sshd (ports 22, 2201-2209) answering every address of its ranges
#   NAME-zbh    office's hosts: the same for office's ranges
#   NAME-zsh    the shared host, 198.19.(B+3).0/24, reached from dc1 over one link and office over another:
#                 .10 drops SYNs from office (a filter admitting one source network)
#                 .11 resets office's connections (a middlebox on office's path)
#                 .12 answers both
#   The root namespace routes to each zone's ranges through the zone (for a single process that
#   probes everything, as the benchmark's baseline); a zone has no route to the other zone's.
# Needs root, iproute2, nftables and openssh-server. No traffic leaves the machine.
set -euo pipefail
name=${SSHBOT_LAB_NAME:-sbl}
net=${SSHBOT_LAB_NET:-0}
[[ "$name" =~ ^[a-z]{1,4}$ ]] || { echo "zones: SSHBOT_LAB_NAME must be 1-4 lowercase letters" >&2; exit 2; }
[[ "$net" =~ ^[0-9]{1,3}$ && "$net" -le 255 ]] || { echo "zones: SSHBOT_LAB_NET must be 0-255" >&2; exit 2; }
b=$((32 + 8 * (net % 4)))
p=198.19
state=${SSHBOT_ZONES_DIR:-/tmp/sshbot-zones-$name}
hub=$p.$b.1
ports=(22 2201 2202 2203 2204 2205 2206 2207 2208 2209)
die() { echo "zones: $*" >&2; exit 1; }

root_routes=("$p.$((b + 1)).0/24" "$p.$((b + 4)).0/23" "$p.$((b + 2)).0/24" "$p.$((b + 6)).0/23")

down() {
  if [ -d "$state" ]; then
    for pid in "$state"/*.pid; do
      [ -e "$pid" ] || continue
      kill "$(cat "$pid")" 2>/dev/null || true
    done
  fi
  for r in "${root_routes[@]}"; do ip route del "$r" 2>/dev/null || true; done
  for ns in za zb zah zbh zsh; do
    ip netns pids "$name-$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$name-$ns" 2>/dev/null || true
  done
  ip link del "${name}za0" 2>/dev/null || true
  ip link del "${name}zb0" 2>/dev/null || true
  rm -rf "$state"
}

link() { # ns-a addr-a/len ns-b addr-b/len  (ns "" = root); veth names from the namespaces
  local a=$1 aa=$2 z=$3 za=$4 ia ib
  ia=v${z:-root}; ib=v${a:-root}
  if [ -z "$a" ]; then
    ia=${name}${z#*-}0
    ip link add "$ia" type veth peer name "$ib" netns "$z"
    ip addr add "$aa" dev "$ia"; ip link set "$ia" up
  else
    ip -n "$a" link add "$ia" type veth peer name "$ib" netns "$z"
    ip -n "$a" addr add "$aa" dev "$ia"; ip -n "$a" link set "$ia" up
  fi
  ip -n "$z" addr add "$za" dev "$ib"; ip -n "$z" link set "$ib" up
}

host_sshd() { # ns
  local dir=$state/$1
  mkdir -p "$dir"
  {
    echo "ListenAddress 0.0.0.0"
    for port in "${ports[@]}"; do echo "Port $port"; done
    cat <<CFG
HostKey $state/hostkey
PidFile $state/$1.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
MaxStartups 4000
LoginGraceTime 30
PerSourcePenalties no
CFG
  } >"$dir/sshd_config"
  # -r: no re-exec per connection, several times cheaper per connection on two cores (bench/fleet.sh).
  ip netns exec "$name-$1" /usr/sbin/sshd -r -f "$dir/sshd_config" -E "$dir/sshd.log" \
    || { sed -i '/PerSourcePenalties/d' "$dir/sshd_config"; ip netns exec "$name-$1" /usr/sbin/sshd -r -f "$dir/sshd_config" -E "$dir/sshd.log"; } \
    || die "sshd in $name-$1 did not start: $(tail -3 "$dir/sshd.log")"
}

up() {
  [ "$(id -u)" -eq 0 ] || die "the zone lab needs root (network namespaces, nftables)"
  for tool in ip nft /usr/sbin/sshd ssh-keygen; do command -v "$tool" >/dev/null || die "missing $tool: run infra/setup/packages.sh"; done
  down
  mkdir -p "$state" /run/sshd
  ssh-keygen -q -t ed25519 -N '' -f "$state/hostkey"
  for ns in za zb zah zbh zsh; do ip netns add "$name-$ns"; ip -n "$name-$ns" link set lo up; done

  # Root <-> zones: the zones reach the hub; the root namespace reaches the zones' hosts through them.
  link "" "$p.$b.1/30" "$name-za" "$p.$b.2/30"
  link "" "$p.$b.5/30" "$name-zb" "$p.$b.6/30"
  # Zones <-> their hosts, and both zones <-> the shared host.
  link "$name-za" "$p.$b.9/30" "$name-zah" "$p.$b.10/30"
  link "$name-zb" "$p.$b.13/30" "$name-zbh" "$p.$b.14/30"
  link "$name-za" "$p.$b.17/30" "$name-zsh" "$p.$b.18/30"
  link "$name-zb" "$p.$b.21/30" "$name-zsh" "$p.$b.22/30"

  for z in za zb; do ip netns exec "$name-$z" sysctl -qw net.ipv4.ip_forward=1; done
  ip -n "$name-za" route add "$p.$((b + 1)).0/24" via "$p.$b.10"
  ip -n "$name-za" route add "$p.$((b + 4)).0/23" via "$p.$b.10"
  ip -n "$name-za" route add "$p.$((b + 3)).0/24" via "$p.$b.18"
  ip -n "$name-zb" route add "$hub/32" via "$p.$b.5"
  ip -n "$name-zb" route add "$p.$((b + 2)).0/24" via "$p.$b.14"
  ip -n "$name-zb" route add "$p.$((b + 6)).0/23" via "$p.$b.14"
  ip -n "$name-zb" route add "$p.$((b + 3)).0/24" via "$p.$b.22"
  ip -n "$name-zah" route add default via "$p.$b.9"
  ip -n "$name-zah" route add local "$p.$((b + 1)).0/24" dev lo
  ip -n "$name-zah" route add local "$p.$((b + 4)).0/23" dev lo
  ip -n "$name-zbh" route add default via "$p.$b.13"
  ip -n "$name-zbh" route add local "$p.$((b + 2)).0/24" dev lo
  ip -n "$name-zbh" route add local "$p.$((b + 6)).0/23" dev lo
  ip -n "$name-zsh" route add local "$p.$((b + 3)).0/24" dev lo
  ip route replace "${root_routes[0]}" via "$p.$b.2"
  ip route replace "${root_routes[1]}" via "$p.$b.2"
  ip route replace "${root_routes[2]}" via "$p.$b.6"
  ip route replace "${root_routes[3]}" via "$p.$b.6"

  # The shared host: office's traffic (from 198.19.B.20/30) is dropped at .10 and reset at .11.
  ip netns exec "$name-zsh" nft -f - <<NFT
table inet sshbot_zones {
  chain input {
    type filter hook input priority 0; policy accept;
    ip saddr $p.$b.20/30 ip daddr $p.$((b + 3)).10 tcp dport 22 drop
    ip saddr $p.$b.20/30 ip daddr $p.$((b + 3)).11 tcp dport 22 reject with tcp reset
  }
}
NFT
  for ns in zah zbh zsh; do host_sshd "$ns"; done
  for ns in zah zbh zsh; do
    for _ in $(seq 1 50); do ip netns exec "$name-$ns" ss -Htln 'sport = :22' | grep -q . && break; sleep 0.1; done
  done

  echo "hub=$hub"
  echo "zone_dc1_namespace=$name-za"
  echo "zone_office_namespace=$name-zb"
  echo "dc1_cidrs=$p.$((b + 1)).0/24,$p.$((b + 4)).0/23"
  echo "office_cidrs=$p.$((b + 2)).0/24,$p.$((b + 6)).0/23"
  echo "shared_cidr=$p.$((b + 3)).0/24"
  echo "dc1_host=$p.$((b + 1)).10"
  echo "office_host=$p.$((b + 2)).10"
  echo "shared_dropped_from_office=$p.$((b + 3)).10"
  echo "shared_reset_from_office=$p.$((b + 3)).11"
  echo "shared_open=$p.$((b + 3)).12"
  echo "outside=$p.$b.200"
  echo "bench_dc1=$p.$((b + 4)).0/23"
  echo "bench_office=$p.$((b + 6)).0/23"
  echo "ports=${ports[*]}"
  echo "state=$state"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
