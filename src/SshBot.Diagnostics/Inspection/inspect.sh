# SshBot on-host inspection. Sent unchanged on the stdin of `/bin/sh -s`; it takes no
# arguments and no input, and it only reads. POSIX sh (dash, busybox ash).
#
# Output: one frame per section, so a command that is missing or not permitted is a finding,
# never a failure of the whole inspection:
#   @@section NAME [ARG]
#   ...the command's output, at most a bounded number of lines; a line that would start
#      with @@ is sent with a leading space...
#   @@truncated N          (only when lines were cut)
#   @@status ok|missing|not-permitted|error [detail]
#   @@end
# The reader picks, among every listening sshd reported here, the one on the port it probed.
export LC_ALL=C PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
umask 077
# Command lines read from /proc are split into words; they must never be globbed.
set -f

uid=$(id -u 2>/dev/null || echo unknown)
have_sudo=
if [ "$uid" != 0 ] && command -v sudo >/dev/null 2>&1; then
  have_sudo=yes
fi

# as_root COMMAND...: as root when this is root; through `sudo -n` when sudoers allows exactly
# this command line (infra/deploy/sudoers.sshbot lists them; sudo matches arguments literally);
# else as this user, whose refusal the frame reports as not-permitted.
as_root() {
  if [ "$uid" != 0 ] && [ -n "$have_sudo" ] && sudo -n -l "$@" </dev/null >/dev/null 2>&1; then
    sudo -n "$@"
  else
    "$@"
  fi
}

# frame NAME MAX-LINES: reads "output, a newline, then @@rc=N" on stdin and writes the frame
# body. The extra newline ends output that lacked one; the empty line it leaves is dropped.
frame() {
  awk -v max="$2" '
    function flush() { if (have) { if (n < max) { print pend; n++ } else cut++ } have = 0 }
    /^@@rc=[0-9]+$/ { rc = substr($0, 6); if (pend != "") flush(); done = 1; next }
    {
      flush()
      line = $0; sub(/\r$/, "", line)
      if (line ~ /^@@/) line = " " line
      if (line ~ /[Pp]ermission denied|[Oo]peration not permitted|must be root|you must be root|requires root|[Aa]ccess denied|are not allowed to|is not allowed to|a password is required|Insufficient permissions|[Uu]nable to load host key|[Cc]ould not load host key|no hostkeys available/) denied = 1
      if (line ~ /not seeing messages from other users/) partial = 1
      if (line ~ /No journal files were found/) nojournal = 1
      pend = line; have = 1
    }
    END {
      if (!done) { flush(); rc = "unknown" }
      if (cut) print "@@truncated " cut
      if (nojournal) print "@@status missing journal"
      else if (rc == "0" && partial) print "@@status not-permitted own messages only"
      else if (rc == "0") print "@@status ok"
      else if (rc == "127") print "@@status missing"
      else if (denied) print "@@status not-permitted exit " rc
      else print "@@status error exit " rc
    }'
}

# run NAME ARG MAX-LINES PRIV COMMAND...: one framed section. PRIV=root runs the command
# through as_root.
run() {
  name=$1 arg=$2 max=$3 priv=$4
  shift 4
  if [ -n "$arg" ]; then echo "@@section $name $arg"; else echo "@@section $name"; fi
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "@@status missing $1"
    echo "@@end"
    return 0
  fi
  # Functions of this script call as_root themselves for the commands that need it.
  case $(command -v "$1") in
    /*) [ "$priv" = root ] && set -- as_root "$@" ;;
  esac
  { "$@" </dev/null 2>&1; printf '\n@@rc=%s\n' "$?"; } | frame "$name" "$max"
  echo "@@end"
}

# A section whose content is computed here, not by an external command.
section() {
  echo "@@section $1"
  shift
  { "$@" </dev/null 2>&1; printf '\n@@rc=%s\n' "$?"; } | frame x 200
  echo "@@end"
}

meta() {
  echo "version=1"
  echo "uid=$uid"
  echo "sudo=${have_sudo:-no}"
  # The bot's own address as this host sees it: the first field of SSH_CONNECTION.
  set -- ${SSH_CONNECTION:-}
  echo "client=${1:-}"
  echo "kernel=$(uname -sr 2>/dev/null)"
}

# pid ppid name for every process, from /proc (busybox ps cannot print a ppid column).
process_table() {
  set +f
  # cat, not awk on the files: Debian's awk (mawk) stops at the first file it cannot open, and a
  # process that ends between the glob and the read would hide every process after it.
  cat /proc/[0-9]*/status 2>/dev/null | awk '/^Name:/ { n = $2 } /^Pid:/ { p = $2 } /^PPid:/ { print p, $2, n }'
  set -f
}

# Every sshd process and every direct child of one, with its command line: from one ps where
# it can print those columns (procps), else from /proc one process at a time.
sshd_processes() {
  if list=$(ps -e -o pid=,ppid=,comm=,args= 2>/dev/null) && [ -n "$list" ]; then
    printf '%s\n' "$list" | awk '
      { line[NR] = $0; pid[NR] = $1; ppid[NR] = $2; name[NR] = $3; if ($3 ~ /^sshd/) sshd[$1] = 1 }
      END {
        for (i = 1; i <= NR; i++) if (name[i] ~ /^sshd/ || (ppid[i] in sshd)) {
          a = line[i]; sub(/^ *[0-9]+ +[0-9]+ +[^ ]+ */, "", a)
          print "pid=" pid[i] " ppid=" ppid[i] " name=" name[i] " args=" a
        }
      }' | head -n 400
    return 0
  fi
  table=$(process_table)
  printf '%s\n' "$table" | awk '
    { pid[NR] = $1; ppid[NR] = $2; name[NR] = $3; if ($3 ~ /^sshd/) sshd[$1] = 1 }
    END { for (i = 1; i <= NR; i++) if (name[i] ~ /^sshd/ || (ppid[i] in sshd)) print pid[i], ppid[i], name[i] }' | head -n 400 |
  while read -r pid ppid pname; do
    args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
    [ -n "$args" ] || continue
    echo "pid=$pid ppid=$ppid name=$pname args=$args"
  done
}

# The sshd listener processes (not session children): the parent is not an sshd.
sshd_listeners() {
  process_table | awk '
    { pid[NR] = $1; ppid[NR] = $2; name[NR] = $3; if ($3 ~ /^sshd/) sshd[$1] = 1 }
    END { for (i = 1; i <= NR; i++) if (name[i] == "sshd" && !(ppid[i] in sshd)) print pid[i] }' | head -n 32
}

listening() {
  if command -v ss >/dev/null 2>&1; then
    echo "# ss"
    as_root ss -tlnp 2>&1
  elif command -v netstat >/dev/null 2>&1; then
    echo "# netstat"
    as_root netstat -tlnp 2>&1
  else
    echo "# proc"
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk '$4 == "0A"'
  fi
}

# The pids of sshd processes that own a listening socket here (network namespaces hide the
# others' sockets); every sshd listener when sockets cannot be tied to processes.
owning_pids() {
  pids=
  if command -v ss >/dev/null 2>&1; then
    pids=$(as_root ss -tlnp 2>/dev/null | grep -o '"sshd[^"]*",pid=[0-9]*' | sed 's/.*pid=//' | sort -un | head -n 8)
  fi
  if [ -z "$pids" ]; then
    pids=$(sshd_listeners | head -n 8)
  fi
  echo $pids
}

# trusted_binary FILE: a regular file owned by root that neither group nor others may write.
trusted_binary() {
  [ -n "$1" ] && [ -f "$1" ] || return 1
  # shellcheck disable=SC2046
  set -- $(ls -lnd "$1" 2>/dev/null)
  [ "${3:-}" = 0 ] || return 1
  case $1 in
    ?????w*|????????w*) return 1 ;;
  esac
  return 0
}

arg_after() { # FLAG ARGS...: the value of -F VALUE or -FVALUE in an argument list
  flag=$1
  shift
  while [ $# -gt 0 ]; do
    case $1 in
      "$flag") echo "${2:-}"; return 0 ;;
      "$flag"?*) echo "${1#"$flag"}"; return 0 ;;
    esac
    shift
  done
}

tcp_keepalive() {
  for k in tcp_keepalive_time tcp_keepalive_intvl tcp_keepalive_probes; do
    echo "$k=$(cat /proc/sys/net/ipv4/$k)"
  done
}

load() {
  echo "loadavg=$(cat /proc/loadavg)"
  if command -v nproc >/dev/null 2>&1; then
    echo "cpus=$(nproc)"
  else
    echo "cpus=$(grep -c '^processor' /proc/cpuinfo)"
  fi
}

disk_paths() {
  for p in / /var /tmp /home "${HOME:-/root}"; do
    [ -d "$p" ] && echo "$p"
  done
}

# Kernel log lines about the OOM killer. dmesg first; the exit status is dmesg's own.
oom_dmesg() {
  command -v dmesg >/dev/null || return 127
  out=$(as_root dmesg 2>&1)
  rc=$?
  if [ $rc -ne 0 ]; then
    printf '%s\n' "$out" | tail -n 3
    return $rc
  fi
  printf '%s\n' "$out" | grep -iE 'out of memory|killed process|oom-kill' | tail -n 50
  return 0
}

oom_journal() {
  command -v journalctl >/dev/null || return 127
  out=$(as_root journalctl -k --no-pager -n 5000 2>&1)
  rc=$?
  if [ $rc -ne 0 ]; then
    printf '%s\n' "$out" | tail -n 3
    return $rc
  fi
  # Keep journalctl's own notes too: no journal at all, or only this user's messages.
  printf '%s\n' "$out" | grep -iE 'out of memory|killed process|oom-kill|No journal files|not seeing messages' | tail -n 50
  return 0
}

authlog() { # FILE: the sshd lines among the file's last 2000
  out=$(as_root tail -n 2000 "$1" 2>&1)
  rc=$?
  if [ $rc -ne 0 ]; then
    printf '%s\n' "$out" | tail -n 3
    return $rc
  fi
  printf '%s\n' "$out" | grep -E 'sshd(-session)?\[' | tail -n 200
  return 0
}

knock() {
  process_table | awk '$3 == "knockd" || $3 == "fwknopd" { print "running=" $3 }'
  for f in /etc/knockd.conf /etc/fwknop/fwknopd.conf; do
    [ -e "$f" ] && echo "config=$f"
  done
  return 0
}

echo "@@inspect 1"
section meta meta
section sshd-processes sshd_processes
run listening "" 200 root listening

for pid in $(owning_pids); do
  # shellcheck disable=SC2046
  set -- $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
  [ $# -gt 0 ] || continue
  owner=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
  # The binary that is run as root must be root's own: the process's executable when it is,
  # else the system sshd. A user's process named sshd never gets its program run as root.
  bin=$(readlink "/proc/$pid/exe" 2>/dev/null)
  [ -n "$bin" ] || case $1 in /*) bin=$1 ;; esac
  trusted_binary "$bin" || bin=$(command -v sshd)
  config=$(arg_after -f "$@")
  logfile=$(arg_after -E "$@")
  echo "@@section sshd $pid"
  echo "binary=$bin"
  echo "owner=$owner"
  echo "config=${config:-/etc/ssh/sshd_config}"
  echo "config_flag=${config:+yes}"
  echo "log=$logfile"
  echo "@@status ok"
  echo "@@end"
  config=${config:-/etc/ssh/sshd_config}
  if [ "$owner" = 0 ]; then
    priv=root
  elif [ "$owner" = "$uid" ]; then
    priv=user
  else
    # Started by another user: its config and log paths are that user's to choose, so they
    # are neither read nor tested with anyone else's rights.
    for s in sshd-T sshd-t; do
      echo "@@section $s $pid"
      echo "@@status not-permitted started by uid $owner"
      echo "@@end"
    done
    continue
  fi
  run sshd-T "$pid" 300 "$priv" "$bin" -T -f "$config"
  run sshd-t "$pid" 20 "$priv" "$bin" -t -f "$config"
  if [ -n "$logfile" ]; then
    run sshd-log-file "$pid" 200 "$priv" tail -n 200 "$logfile"
  fi
done

run firewall-nft "" 1000 root nft list ruleset
run firewall-iptables "" 500 root iptables-save
run firewall-ip6tables "" 300 root ip6tables-save
run firewall-ufw "" 100 root ufw status
run bans-fail2ban "" 100 root fail2ban-client status sshd
run bans-ipset "" 500 root ipset list
run knock "" 20 user knock
run load "" 5 user load
run memory "" 5 user head -n 5 /proc/meminfo
run fd "" 2 user cat /proc/sys/fs/file-nr
# shellcheck disable=SC2046
run disk "" 20 user df -P $(disk_paths)
# shellcheck disable=SC2046
run disk-inodes "" 20 user df -Pi $(disk_paths)
run tcp-keepalive "" 3 user tcp_keepalive
run sshd-log-journal "" 200 root journalctl --no-pager -n 200 -u ssh -u sshd
for f in /var/log/auth.log /var/log/secure; do
  [ -r "$f" ] || [ -e "$f" ] || continue
  run sshd-log-syslog "$f" 200 root authlog "$f"
done
run oom-dmesg "" 50 root oom_dmesg
run oom-journal "" 50 root oom_journal
echo "@@done"
