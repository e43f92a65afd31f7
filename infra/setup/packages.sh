#!/usr/bin/env bash
# Installs the Debian packages SshBot's tests, lab and bot need, when any is missing.
# Usage: infra/setup/packages.sh [package ...]   (default: the test set)
set -euo pipefail
want=("$@")
if [ ${#want[@]} -eq 0 ]; then
  want=(openssh-server openssh-client nftables iproute2 python3 dnsmasq-base ssh-audit nmap procps busybox sudo nats-server)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "sshbot setup: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "sshbot setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
