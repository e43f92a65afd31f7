#!/usr/bin/python3
"""Runs a command and reports its wall time and the peak memory of its whole process tree.

  tree-peak.py COMMAND [ARG ...]   -> prints "wall_ms=N peak_rss_kb=N peak_procs=N exit=N" on stderr

The tree (the command and every descendant, e.g. the ssh children of the old login path) is
walked through /proc/PID/task/TID/children every 2 ms and the resident set sizes are summed; the
largest sum seen is the peak. A sampler misses what lives less than one interval, so the peak is
a lower bound (the same for both commands compared). The command's stdout goes to our stdout.
"""
import os, subprocess, sys, time

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024

def children(pid):
    kids = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                kids.extend(int(c) for c in f.read().split())
    except OSError:
        pass
    return kids

def tree_rss(root):
    total, count, todo = 0, 0, [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_KB
            count += 1
        except OSError:
            continue
        todo.extend(children(pid))
    return total, count

def main():
    start = time.monotonic()
    proc = subprocess.Popen(sys.argv[1:])
    peak, procs = 0, 0
    while proc.poll() is None:
        rss, count = tree_rss(proc.pid)
        peak, procs = max(peak, rss), max(procs, count)
        time.sleep(0.002)
    wall = int((time.monotonic() - start) * 1000)
    print(f"wall_ms={wall} peak_rss_kb={peak} peak_procs={procs} exit={proc.returncode}", file=sys.stderr)

if __name__ == "__main__":
    main()
