# The harder faults, sourced by lab.sh (hosts .60-.89 of the lab subnet): a TLS and a binary
# listener on port 22, an sshd for a MaxStartups flood and a namespace to flood it from, a
# resolver that never answers, loss on every packet and on alternate SYNs, a host reached
# over IPv6, a name with a dead and a healthy address, and hosts behind two routers.
# Addresses: 198.18.NET.0/24, 198.19.(128+NET).64/27 behind the routers, and the IPv6 ULA
# fd5b:ab:0:NET::/64 on the bridge. Nothing here sends traffic outside the lab.

v6prefix=fd5b:ab:0:$net
far_route=198.19.$((128 + net)).64/27

harder_down() {
  [ "$net" -gt 127 ] || ip route del "$far_route" 2>/dev/null || true
}

harder_up() {
  local farnet=198.19.$((128 + net))
  ip -6 addr add "$v6prefix::1/64" dev "$bridge" nodad
  ip -n "$name-client" -6 addr add "$v6prefix::2/64" dev eth0 nodad

  # tlsport: a TLS server (openssl s_server) on the SSH port; binary: NUL bytes, no line end.
  add_host tlsport 60
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=tlsport.sshbot.test \
    -keyout "$state/keys/tls.key" -out "$state/keys/tls.crt" 2>/dev/null
  ip netns exec "$name-tlsport" openssl s_server -quiet -accept "$prefix.60:22" \
    -cert "$state/keys/tls.crt" -key "$state/keys/tls.key" </dev/null >/dev/null 2>&1 &
  echo $! >"$state/tlsport.pid"
  add_host binary 61
  start_listener binary 61 binary
  # tlsalert: a TLS endpoint that answers the client's identification line with an alert and holds.
  add_host tlsalert 71
  start_listener tlsalert 71 tls-alert
  # hangup: reads the client's first bytes, then closes cleanly (the lab's "closes" may reset).
  add_host hangup 73
  start_listener hangup 73 hangup

  # flooded: sshd with the default MaxStartups 10:30:100; flooder: where the test floods it from.
  add_host flooded 62
  start_sshd flooded 62 "LoginGraceTime 120"
  add_host flooder 63

  # c2: a client whose resolver (.65) takes queries and never answers (the glibc defaults:
  # 5 s a try, 2 tries), and whose hosts file gives failover.sshbot.test a dead address (.69,
  # every packet dropped) before the healthy sshd (.10).
  add_host c2 64
  add_host dnssilent 65
  ip netns exec "$name-dnssilent" "$python" "$here/listener.py" dns-silent "$prefix.65" 53 >/dev/null 2>&1 &
  echo $! >"$state/dnssilent.pid"
  mkdir -p "/etc/netns/$name-c2"
  printf 'nameserver %s.65\n' "$prefix" >"/etc/netns/$name-c2/resolv.conf"
  printf '127.0.0.1 localhost\n%s.69 failover.sshbot.test\n%s.10 failover.sshbot.test\n' "$prefix" "$prefix" >"/etc/netns/$name-c2/hosts"
  add_host dead 69
  ip netns exec "$name-dead" nft -f - <<NFT
table inet sshbot_lab {
  chain input {
    type filter hook input priority 0; policy drop;
  }
}
NFT

  # lossier: 30% of every inbound packet dropped (SYNs, data, ICMP echo): loss, not a black hole.
  add_host lossier 66
  start_sshd lossier 66
  ip netns exec "$name-lossier" nft -f - <<NFT
table inet sshbot_lab {
  chain input {
    type filter hook input priority 0; policy accept;
    iifname eth0 numgen random mod 100 < 30 drop
  }
}
NFT
  # alternate: every other SYN is dropped (one counter for all sources), so a connect whose
  # SYN is lost is followed by one that gets through.
  add_host alternate 67
  start_sshd alternate 67
  ip netns exec "$name-alternate" nft -f - <<NFT
table inet sshbot_lab {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 22 tcp flags & (syn | ack) == syn numgen inc mod 2 == 0 drop
  }
}
NFT

  # v6host: sshd reached over IPv6 only.
  add_host v6host 68
  ip -n "$name-v6host" -6 addr add "$v6prefix::68/64" dev eth0 nodad
  ip -n "$name-v6host" -6 route add default via "$v6prefix::1"
  start_sshd v6host "$v6prefix::68"

  if [ "$net" -le 127 ]; then routers_up; fi

  for h in flooded:62 lossier:66 alternate:67; do wait_port "${h%%:*}" "${h##*:}"; done
  wait_port tlsport 60
  wait_port binary 61
  wait_port tlsalert 71
  wait_port hangup 73
  wait_port v6host "$v6prefix::68"
  local h
  for h in tlsport:60 binary:61 flooded:62 flooder:63 c2:64 dnssilent:65 lossier:66 alternate:67 dead:69 tlsalert:71 r1:72 hangup:73; do
    echo "${h%%:*}=$prefix.${h##*:}"
  done
  echo "v6host=$v6prefix::68"
}

routers_up() {
  local farnet=198.19.$((128 + net))
  # Two routers in a row: r1 (.72) on the bridge, r2 behind it; far behind r2 is healthy, and
  # r2 rejects forwarded SSH to far2 with admin-prohibited (a network firewall).
  add_host r1 72
  ip netns add "$name-r2"
  ip netns add "$name-far"
  ip netns add "$name-far2"
  ip netns exec "$name-r1" sysctl -qw net.ipv4.ip_forward=1
  ip netns exec "$name-r2" sysctl -qw net.ipv4.ip_forward=1
  link_pair r1 eth1 "$farnet.65/30" r2 eth0 "$farnet.66/30"
  link_pair r2 eth1 "$farnet.69/30" far eth0 "$farnet.70/30"
  link_pair r2 eth2 "$farnet.73/30" far2 eth0 "$farnet.74/30"
  ip -n "$name-r1" route add "$farnet.64/27" via "$farnet.66"
  ip -n "$name-r2" route add default via "$farnet.65"
  ip -n "$name-far" route add default via "$farnet.69"
  ip -n "$name-far2" route add default via "$farnet.73"
  ip route replace "$far_route" via "$prefix.72" dev "$bridge"
  ip netns exec "$name-r2" nft -f - <<NFT
table inet sshbot_lab {
  chain forward {
    type filter hook forward priority 0; policy accept;
    ip daddr $farnet.74 tcp dport 22 reject with icmpx type admin-prohibited
  }
}
NFT
  start_sshd far "$farnet.70"
  start_sshd far2 "$farnet.74"
  wait_port far "$farnet.70"
  wait_port far2 "$farnet.74"
  echo "far=$farnet.70"
  echo "far2=$farnet.74"
}

link_pair() { # ns-a if-a addr-a ns-b if-b addr-b
  ip -n "$name-$1" link add "$2" type veth peer name "$5" netns "$name-$4"
  ip -n "$name-$1" addr add "$3" dev "$2"
  ip -n "$name-$4" addr add "$6" dev "$5"
  ip -n "$name-$1" link set "$2" up
  ip -n "$name-$4" link set lo up
  ip -n "$name-$4" link set "$5" up
}
