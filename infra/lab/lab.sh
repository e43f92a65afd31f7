#!/usr/bin/env bash
# The SshBot fault lab: real test hosts in network namespaces, each fault on its own address
# in 198.18.0.0/24 (the benchmarking range), behind one bridge in the root namespace.
#
#   infra/lab/lab.sh up     build every host (tearing down a previous lab first); prints name=address lines
#   infra/lab/lab.sh down   remove every namespace, link, process and file the lab made
#
# Needs root, iproute2, nftables, openssh-server, dnsmasq and python3. Nothing here sends
# traffic anywhere but the lab's own addresses.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# SSHBOT_LAB_NAME and SSHBOT_LAB_NET let two labs live side by side (e.g. two checkouts):
# namespaces are NAME-*, the bridge NAMEbr0, the subnet 198.18.NET.0/24.
name=${SSHBOT_LAB_NAME:-sbl}
net=${SSHBOT_LAB_NET:-0}
[[ "$name" =~ ^[a-z]{1,4}$ ]] || { echo "lab: SSHBOT_LAB_NAME must be 1-4 lowercase letters" >&2; exit 2; }
[[ "$net" =~ ^[0-9]{1,3}$ && "$net" -le 255 ]] || { echo "lab: SSHBOT_LAB_NET must be 0-255" >&2; exit 2; }
state=${SSHBOT_LAB_DIR:-/tmp/sshbot-lab-$name}
bridge=${name}br0
prefix=198.18.$net
python=/usr/bin/python3
sshd=/usr/sbin/sshd

# host:last-octet
hosts=(client:2 healthy:10 stopped:11 drop:12 reject:13 maxstartups:14 closes:15 silent:16 http:17 oldkex:18 rsaonly:19 cbconly:20 hostkey:21 botdenied:22 keepalive:23 banned:24 badconfig:25 synloss:27 nopty:28 dns:53)
unreachable=$prefix.99

die() { echo "lab: $*" >&2; exit 1; }

# shellcheck source=infra/lab/harder.sh
source "$here/harder.sh"

down() {
  path_down
  harder_down
  if [ -d "$state" ]; then
    for pid in "$state"/*.pid; do
      [ -e "$pid" ] || continue
      kill "$(cat "$pid")" 2>/dev/null || true
    done
  fi
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$name-" || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  ip link del "$bridge" 2>/dev/null || true
  # A namespace is freed after its last socket closes, and its veth's root end with it; a host
  # that held many connections (the MaxStartups flood) may outlive "ip netns del" for a while.
  local link
  for link in $(ip -o link show 2>/dev/null | grep -o "^[0-9]*: ${name}v[0-9]*" | cut -d' ' -f2 || true); do
    ip link del "$link" 2>/dev/null || true
  done
  rm -rf /etc/netns/"$name"-* "$state"
}

add_host() { # name octet
  local ns=$name-$1 addr=$prefix.$2 veth=${name}v$2
  ip netns add "$ns"
  ip link add "$veth" type veth peer name eth0 netns "$ns"
  ip link set "$veth" master "$bridge" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$prefix.1"
}

start_sshd() { # host octet-or-address extra-config-lines...  (HOSTKEYS=dir picks other host keys)
  local host=$1 addr=$prefix.$2; shift 2
  [[ "$addr" == "$prefix".*.*.*.* || "$addr" == "$prefix".*:* ]] && addr=${addr#"$prefix".}  # a full address, for hosts off the bridge or IPv6
  local dir=$state/$host keys=${HOSTKEYS:-$state/keys}
  mkdir -p "$dir" "$state/home"
  # Sessions get a home of their own: the login shell reads ~/.bashrc when sshd starts it, and
  # the machine's own dotfiles (which may wait on a terminal or the network) are not the lab's.
  cat >"$dir/sshd_config" <<CFG
ListenAddress $addr
Port 22
HostKey $keys/ssh_host_ed25519_key
HostKey $keys/ssh_host_rsa_key
PidFile $state/$host.pid
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
LogLevel VERBOSE
PermitRootLogin prohibit-password
SetEnv HOME=$state/home
CFG
  for line in "$@"; do echo "$line" >>"$dir/sshd_config"; done
  ip netns exec "$name-$host" "$sshd" -f "$dir/sshd_config" -E "$dir/sshd.log" || die "sshd for $host did not start: $(tail -3 "$dir/sshd.log")"
}

start_listener() { # name octet mode
  local addr=$prefix.$2
  ip netns exec "$name-$1" "$python" "$here/listener.py" "$3" "$addr" 22 >/dev/null 2>&1 &
  echo $! >"$state/$1.pid"
}

firewall() { # name nft-rule
  ip netns exec "$name-$1" nft -f - <<NFT
table inet sshbot_lab {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 22 $2
  }
}
NFT
}

# The bot's identity: its key may log in as root on the host (key only; root because the lab runs as root).
authorise_bot() { # host
  mkdir -p "$state/$1"
  cat "$state/keys/bot_ed25519.pub" >>"$state/$1/authorized_keys"
}

# A bot known_hosts line for every key in a directory: "names keytype base64".
known_hosts_lines() { # names keydir
  local pub
  for pub in "$2"/ssh_host_ed25519_key.pub "$2"/ssh_host_rsa_key.pub; do
    echo "$1 $(cut -d' ' -f1,2 "$pub")"
  done
}

# Hosts the bot logs in to and inspects (sshd state the network probes cannot see).
inspection_hosts() {
  # keepalive: ClientAliveInterval 0, so idle sessions behind a NAT die unnoticed.
  start_sshd keepalive 23 "ClientAliveInterval 0"
  # banned: the lab client (.2) is in an nft ban set dropping port 22; the bot (.1) is not.
  # MaxSessions 1: one session per connection, so a second multiplexed session is refused.
  start_sshd banned 24 "MaxSessions 1"
  ip netns exec "$name-banned" nft -f - <<NFT
table inet sshbot_guard {
  set sshbot_bans {
    type ipv4_addr
    elements = { $prefix.2 }
  }
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 22 ip saddr @sshbot_bans drop
  }
}
NFT
  # badconfig: sshd runs with a valid file; then someone appends an invalid line and has not
  # restarted it, so `sshd -t` on that same file fails while logins still work.
  start_sshd badconfig 25
  echo "ClientAliveInterval sometimes" >>"$state/badconfig/sshd_config"
  for h in keepalive:23 banned:24 badconfig:25; do
    authorise_bot "${h%%:*}"
    known_hosts_lines "$prefix.${h##*:}" "$state/keys" >>"$state/bot_known_hosts"
  done
}

# Certificate scenarios (octets 40-49). A host CA signs the hosts' ed25519 key, a user CA signs
# the bot's key; the bot trusts the host CA (Ssh__HostCertificateAuthority), not these keys.
#   certok (.40)        a valid host certificate for its address and cert-01.sshbot.test;
#                       trusts the user CA (TrustedUserCAKeys), has not authorised the bot's plain key
#   certexpired (.41)   its host certificate expired in 2020
#   certfuture (.42)    its host certificate is valid only from next year
#   certprincipal (.43) its host certificate names another host (other.sshbot.test)
#   certrevoked (.44)   a valid host certificate whose serial (44) is on the bot's revoked list
#   nousercert (.45)    a valid host certificate, but no TrustedUserCAKeys: the bot's user certificate is not accepted
#   passwordonly (.46)  offers only password authentication (PubkeyAuthentication no, passwords on)
#   maxauth (.47)       MaxAuthTries 1 and the bot not authorised: its first failure is a disconnect
#   scripted (.48)      shows a pre-login banner; the bot's key runs a forced command that prints
#                       the command the bot asked for and the SHA-256 of what it sent on stdin
#   sessions (.49)      one sshd that accepts the bot, on port 22 and (redirected) 2201-2231: 32 login
#                       targets for bench/ssh-sessions.sh (MaxStartups raised so 32 logins at once fit);
#                       the bot's key there reads the script and answers with a recorded inspection,
#                       so the host's side costs nothing and the bench measures the bot's side
cert_hosts=(certok:40 certexpired:41 certfuture:42 certprincipal:43 certrevoked:44 nousercert:45 passwordonly:46 maxauth:47 scripted:48 sessions:49)

host_certificate() { # host octet validity principals
  mkdir -p "$state/$1"
  cp "$state/keys/ssh_host_ed25519_key.pub" "$state/$1/host_ed25519.pub"
  ssh-keygen -q -s "$state/keys/host_ca" -h -I "$1.sshbot.test" -n "$4" -V "$3" -z "$2" "$state/$1/host_ed25519.pub"
}

cert_up() {
  local k=$state/keys h
  ssh-keygen -q -t ed25519 -N '' -C sshbot-lab-host-ca -f "$k/host_ca"
  ssh-keygen -q -t ed25519 -N '' -C sshbot-lab-user-ca -f "$k/user_ca"
  # The bot's user certificate (principal root, valid from 5 minutes ago for a day), and an
  # expired one for the same key in a folder of its own.
  ssh-keygen -q -s "$k/user_ca" -I sshbot-lab -n root -V -5m:+1d -z 1 "$k/bot_ed25519.pub"
  mkdir -p "$k/expired"
  cp "$k/bot_ed25519.pub" "$k/expired/bot_ed25519.pub"
  ssh-keygen -q -s "$k/user_ca" -I sshbot-lab-expired -n root -V 20200101:20200102 -z 2 "$k/expired/bot_ed25519.pub"
  printf '# host certificates the bot refuses\nserial:44\n' >"$state/revoked_host_certs"
  for h in "${cert_hosts[@]}"; do add_host "${h%%:*}" "${h##*:}"; done
  host_certificate certok 40 -5m:+52w "$prefix.40,cert-01.sshbot.test"
  host_certificate certexpired 41 20200101:20200102 "$prefix.41"
  host_certificate certfuture 42 +52w:+104w "$prefix.42"
  host_certificate certprincipal 43 -5m:+52w other.sshbot.test
  host_certificate certrevoked 44 -5m:+52w "$prefix.44"
  host_certificate nousercert 45 -5m:+52w "$prefix.45"
  for h in certok:40 certexpired:41 certfuture:42 certprincipal:43 certrevoked:44; do
    start_sshd "${h%%:*}" "${h##*:}" "HostCertificate $state/${h%%:*}/host_ed25519-cert.pub" "TrustedUserCAKeys $k/user_ca.pub"
  done
  start_sshd nousercert 45 "HostCertificate $state/nousercert/host_ed25519-cert.pub"
  # The lab logs in as root: only a Match block overrides the PasswordAuthentication and
  # PermitRootLogin start_sshd set (sshd keeps the first value of a global option).
  start_sshd passwordonly 46 "PubkeyAuthentication no" "Match all" "PasswordAuthentication yes" "PermitRootLogin yes"
  start_sshd maxauth 47 "MaxAuthTries 1"
  printf 'Authorised use only. Lab host %s.\n' scripted >"$state/banner"
  mkdir -p "$state/scripted"
  echo "command=\"printf 'command=%s\\n' \\\"\$SSH_ORIGINAL_COMMAND\\\"; sha256sum\" $(cat "$k/bot_ed25519.pub")" >"$state/scripted/authorized_keys"
  start_sshd scripted 48 "Banner $state/banner"
  for h in 46 47 48; do known_hosts_lines "$prefix.$h" "$k" >>"$state/bot_known_hosts"; done
  local p
  for p in $(seq 2201 2231); do known_hosts_lines "[$prefix.49]:$p" "$k" >>"$state/bot_known_hosts"; done
  known_hosts_lines "$prefix.49" "$k" >>"$state/bot_known_hosts"
  mkdir -p "$state/sessions"
  cp "$here/../../tests/SshBot.Diagnostics.Tests/Inspection/Fixtures/lab-healthy-root.txt" "$state/sessions/inspection.txt"
  echo "command=\"cat >/dev/null; exec cat $state/sessions/inspection.txt\" $(cat "$k/bot_ed25519.pub")" >"$state/sessions/authorized_keys"
  start_sshd sessions 49 "MaxStartups 100:30:200"
  # sshd listens on at most 16 sockets: the other 31 ports reach its port 22 through a redirect.
  ip netns exec "$name-sessions" nft -f - <<NFT
table ip sshbot_sessions {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    tcp dport 2201-2231 redirect to :22
  }
}
NFT
  for h in "${cert_hosts[@]}"; do wait_port "${h%%:*}" "${h##*:}"; echo "${h%%:*}=$prefix.${h##*:}"; done
  echo "host_ca_pub=$k/host_ca.pub"
  echo "bot_certificate=$k/bot_ed25519-cert.pub"
  echo "bot_certificate_expired=$k/expired/bot_ed25519-cert.pub"
  echo "revoked_host_certs=$state/revoked_host_certs"
}

wait_port() { # name octet
  local i
  for i in $(seq 1 50); do
    ip netns exec "$name-$1" ss -Htln "sport = :22" | grep -q . && return 0
    sleep 0.1
  done
  die "nothing listens on $prefix.$2:22 in $name-$1"
}

# Path scenarios. lossy (.26): sshd behind a random drop of 30% of inbound SYNs. Two routers on
# the bridge, each with a host behind a 1280-byte link in 198.19.(128+NET).0/25 and .128/25:
# router .30 drops the ICMP fragmentation-needed it sends (an MTU black hole), router .31 sends
# it (the control, where path MTU discovery works).
pathnet=198.19.$((128 + net))
path_routes=("$pathnet.0/25" "$pathnet.128/25")

path_router() { # router octet host router-address host-address subnet drop-frag-needed(yes|no)
  local r=$name-$1 h=$name-$3
  add_host "$1" "$2"
  ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1
  ip netns add "$h"
  ip -n "$r" link add eth1 type veth peer name eth0 netns "$h"
  ip -n "$r" link set eth1 mtu 1280 up
  ip -n "$r" addr add "$4/25" dev eth1
  ip -n "$h" link set lo up
  ip -n "$h" link set eth0 mtu 1280 up
  ip -n "$h" addr add "$5/25" dev eth0
  ip -n "$h" route add default via "$4"
  ip route replace "$6" via "$prefix.$2" dev "$bridge"
  if [ "$7" = yes ]; then
    ip netns exec "$r" nft -f - <<NFT
table inet sshbot_lab {
  chain output {
    type filter hook output priority 0; policy accept;
    icmp type destination-unreachable icmp code frag-needed drop
  }
}
NFT
  fi
}

path_up() {
  if [ "$net" -gt 127 ]; then
    echo "lab: no path scenarios for SSHBOT_LAB_NET over 127 (their subnet is 198.19.(128+NET).0/24)" >&2
    return 0
  fi
  add_host lossy 26
  start_sshd lossy 26
  firewall lossy "tcp flags & (syn | ack) == syn numgen random mod 100 < 30 drop"
  path_router bhrouter 30 blackhole "$pathnet.1" "$pathnet.10" "${path_routes[0]}" yes
  start_sshd blackhole "$pathnet.10"
  path_router pmrouter 31 pmtu "$pathnet.129" "$pathnet.138" "${path_routes[1]}" no
  start_sshd pmtu "$pathnet.138"
  wait_port lossy 26
  wait_port blackhole "$pathnet.10"
  wait_port pmtu "$pathnet.138"
  echo "lossy=$prefix.26"
  echo "bhrouter=$prefix.30"
  echo "blackhole=$pathnet.10"
  echo "pmrouter=$prefix.31"
  echo "pmtu=$pathnet.138"
}

path_down() {
  [ "$net" -gt 127 ] && return 0
  local r
  for r in "${path_routes[@]}"; do ip route del "$r" 2>/dev/null || true; done
}

up() {
  [ "$(id -u)" -eq 0 ] || die "the lab needs root (network namespaces, nftables)"
  for tool in ip nft "$sshd" "$python" dnsmasq ssh-keygen; do
    command -v "$tool" >/dev/null || die "missing $tool: run infra/setup/packages.sh"
  done
  down
  mkdir -p "$state/keys" /run/sshd
  ssh-keygen -q -t ed25519 -N '' -f "$state/keys/ssh_host_ed25519_key"
  ssh-keygen -q -t rsa -b 2048 -N '' -f "$state/keys/ssh_host_rsa_key"
  # The bot's identity, and the host keys of "hostkey": the ones it serves (current) and the
  # ones the bot pinned before it was reinstalled (old).
  ssh-keygen -q -t ed25519 -N '' -C sshbot@lab -f "$state/keys/bot_ed25519"
  for k in current old; do
    mkdir -p "$state/keys/hostkey-$k"
    ssh-keygen -q -t ed25519 -N '' -f "$state/keys/hostkey-$k/ssh_host_ed25519_key"
    ssh-keygen -q -t rsa -b 2048 -N '' -f "$state/keys/hostkey-$k/ssh_host_rsa_key"
  done

  ip link add "$bridge" type bridge
  ip addr add "$prefix.1/24" dev "$bridge"
  ip link set "$bridge" up
  for h in "${hosts[@]}"; do add_host "${h%%:*}" "${h##*:}"; done

  start_sshd healthy 10
  start_sshd drop 12
  firewall drop "drop"
  start_sshd reject 13
  firewall reject "reject with icmpx type admin-prohibited"
  # One unauthenticated connection at a time; the test holds one open to trip the limit.
  start_sshd maxstartups 14 "MaxStartups 1" "LoginGraceTime 60"
  start_listener closes 15 close
  start_listener silent 16 silent
  start_listener http 17 http
  start_sshd oldkex 18 "KexAlgorithms diffie-hellman-group1-sha1"
  start_sshd rsaonly 19 "HostKeyAlgorithms ssh-rsa"
  start_sshd cbconly 20 "Ciphers aes128-cbc,aes256-cbc"
  # hostkey: sshd whose host key is not the one the bot pinned (a reinstalled host).
  HOSTKEYS=$state/keys/hostkey-current start_sshd hostkey 21
  # botdenied: a healthy sshd that has not authorised the bot's key.
  start_sshd botdenied 22
  # nopty: an sshd that lets the bot in and gives no session a terminal, as a container without
  # /dev/pts or a key with no-pty would (real OpenSSH output for the explain tests).
  start_sshd nopty 28 "PermitTTY no"
  # synloss: a healthy sshd whose first SYN of every connection is lost (as a full listen
  # queue drops it); the kernel's retransmission of that SYN, a second later, gets through.
  start_sshd synloss 27
  ip netns exec "$name-synloss" nft -f - <<NFT
table inet sshbot_lab {
  set first_syn {
    type ipv4_addr . inet_service
    flags dynamic,timeout
    timeout 60s
  }
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 22 tcp flags & (syn | ack) == syn ip saddr . tcp sport != @first_syn add @first_syn { ip saddr . tcp sport } drop
  }
}
NFT
  authorise_bot healthy
  authorise_bot hostkey
  authorise_bot nopty
  {
    known_hosts_lines "$prefix.10,web-01.sshbot.test" "$state/keys"
    for h in maxstartups:14 oldkex:18 rsaonly:19 cbconly:20 botdenied:22 nopty:28; do
      known_hosts_lines "$prefix.${h##*:}" "$state/keys"
    done
    known_hosts_lines "$prefix.21" "$state/keys/hostkey-old"
  } >"$state/bot_known_hosts"
  inspection_hosts

  ip netns exec "$name-dns" dnsmasq --conf-file=/dev/null --no-resolv --no-hosts --no-poll \
    --listen-address=$prefix.53 --bind-interfaces --local=/sshbot.test/ \
    --address=/web-01.sshbot.test/$prefix.10 --pid-file="$state/dns.pid"
  mkdir -p "/etc/netns/$name-client"
  printf 'nameserver %s.53\noptions timeout:1 attempts:2\n' "$prefix" >"/etc/netns/$name-client/resolv.conf"
  printf '127.0.0.1 localhost\n' >"/etc/netns/$name-client/hosts"

  for h in healthy:10 drop:12 reject:13 maxstartups:14 closes:15 silent:16 http:17 oldkex:18 rsaonly:19 cbconly:20 hostkey:21 botdenied:22 keepalive:23 banned:24 badconfig:25 synloss:27 nopty:28; do
    wait_port "${h%%:*}" "${h##*:}"
  done

  path_up
  cert_up
  harder_up
  for h in "${hosts[@]}"; do echo "${h%%:*}=$prefix.${h##*:}"; done
  echo "unreachable=$unreachable"
  echo "state=$state"
  echo "bot_identity=$state/keys/bot_ed25519"
  echo "bot_known_hosts=$state/bot_known_hosts"
  echo "hostkey_current_pub=$state/keys/hostkey-current/ssh_host_ed25519_key.pub"
  echo "hostkey_old_pub=$state/keys/hostkey-old/ssh_host_ed25519_key.pub"
  echo "namespace=$name"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
