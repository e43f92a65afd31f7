#!/usr/bin/env bash
# The bot's own SSH sessions, side by side: the OpenSSH `ssh` child processes the login and
# inspection used to start, and SSH.NET in-process (what they use now). Authenticated diagnoses
# (login, then the inspection script) of lab hosts that accept the bot's key.
#
#   bench/ssh-sessions.sh OLD_SSHBOT NEW_SSHBOT [RUNS]    (default 5; needs root: the lab)
#
# OLD_SSHBOT is a `sshbot` built from the last commit with the ssh path (infra/publish-native.sh
# in a checkout of it), NEW_SSHBOT one built from this tree. For 1 target and for a batch of 32
# (one sshd on 32 ports, all at once: --concurrency 32), it reports the medians over RUNS of:
#   wall_ms    the whole `sshbot diagnose` process, start to exit (time to every verdict)
#   tree_mb    the peak resident memory of its whole process tree (bench/tree-peak.py: the
#              program plus any ssh children, sampled every 2 ms and summed)
#   procs      the most processes the tree had at once
# and checks that every diagnosis logged in and ran the inspection. Runs alternate A B A B so
# drift on a shared machine hits both. --path-connects 0: only the SSH sessions are compared.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
old=${1:?usage: bench/ssh-sessions.sh OLD_SSHBOT NEW_SSHBOT [RUNS]}
new=${2:?usage: bench/ssh-sessions.sh OLD_SSHBOT NEW_SSHBOT [RUNS]}
runs=${3:-5}
[ "$(id -u)" -eq 0 ] || { echo "ssh-sessions: needs root (the lab)" >&2; exit 1; }
work=$(mktemp -d /tmp/sshbot-sessions.XXXXXX)
trap 'bash "$root/infra/lab/lab.sh" down >/dev/null 2>&1; rm -rf "$work"' EXIT
declare -A lab
while IFS='=' read -r k v; do lab[$k]=$v; done < <(bash "$root/infra/lab/lab.sh" up)
export SSHBOT_DATA_DIR=$work/data

host=${lab[sessions]}
{ echo "$host"; for p in $(seq 2201 2231); do echo "$host:$p"; done; } >"$work/targets32"
common=(--no-record --json --timeout 10 --path-connects 0
  --identity "${lab[bot_identity]}" --ssh-user root --known-hosts "${lab[bot_known_hosts]}")

# The knowledge base of a binary's own checkout (the nearest kb/ above it), else this one's: the
# old program's vocabulary does not know the new articles' keys.
kb_for() {
  local dir
  dir=$(cd "$(dirname "$1")" && pwd)
  while [ "$dir" != / ]; do [ -d "$dir/kb" ] && { echo "$dir/kb"; return; }; dir=$(dirname "$dir"); done
  echo "$root/kb"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

# One measured run: prints "wall_ms rss_kb procs", fails unless every diagnosis logged in and inspected.
measure() { # binary targets
  local bin=$1 n=$2 out=$work/out err=$work/err kb
  kb=$(kb_for "$bin")
  if [ "$n" = 1 ]; then
    /usr/bin/python3 "$root/bench/tree-peak.py" "$bin" diagnose "$host" "${common[@]}" --kb "$kb" >"$out" 2>"$err"
  else
    /usr/bin/python3 "$root/bench/tree-peak.py" "$bin" diagnose --targets "$work/targets32" --concurrency 32 "${common[@]}" --kb "$kb" >"$out" 2>"$err"
  fi
  local ok
  ok=$(grep -o '"ssh.auth.status": *"accepted"' "$out" | wc -l)
  local inspected
  inspected=$(grep -o '"host.inspect.status": *"ok"' "$out" | wc -l)
  if [ "$ok" != "$n" ] || [ "$inspected" != "$n" ]; then
    echo "ssh-sessions: $bin on $n target(s): $ok logins accepted, $inspected inspections ok" >&2
    tail -5 "$err" >&2
    return 1
  fi
  sed -n 's/.*wall_ms=\([0-9]*\) peak_rss_kb=\([0-9]*\) peak_procs=\([0-9]*\).*/\1 \2 \3/p' "$err" | tail -1
}

echo "| path | targets | wall_ms (median) | tree_mb (median peak) | procs (max) |"
echo "|---|---|---|---|---|"
for n in 1 32; do
  measure "$old" "$n" >/dev/null; measure "$new" "$n" >/dev/null   # warm-up: page cache, sshd
  : >"$work/old.$n"; : >"$work/new.$n"
  for _ in $(seq 1 "$runs"); do
    measure "$old" "$n" >>"$work/old.$n"
    measure "$new" "$n" >>"$work/new.$n"
  done
  for side in old new; do
    name=$([ $side = old ] && echo "ssh child processes" || echo "SSH.NET in-process")
    wall=$(cut -d' ' -f1 "$work/$side.$n" | median)
    mb=$(cut -d' ' -f2 "$work/$side.$n" | median | awk '{printf "%.1f", $1/1024}')
    procs=$(cut -d' ' -f3 "$work/$side.$n" | sort -n | tail -1)
    echo "| $name | $n | $wall | $mb | $procs |"
  done
done
