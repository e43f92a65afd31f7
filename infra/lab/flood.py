#!/usr/bin/env python3
"""A bounded flood of unauthenticated connections, to keep an sshd past MaxStartups.

  flood.py ADDRESS PORT HOLD SECONDS MAX_CONNECTS

Keeps up to HOLD connections open to ADDRESS:PORT without ever sending a byte (each one is
an unauthenticated connection to sshd until its LoginGraceTime), opening a new one whenever
sshd drops one. Prints "ready N" once HOLD are open (or after a first pass), then stops by
itself after SECONDS or MAX_CONNECTS connects, whichever comes first, closing everything.
At most 200 connects a second. Lab use only: the test runs it in a lab namespace.
"""
import selectors, socket, sys, time

def main():
    address, port, hold, seconds, max_connects = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    hold, seconds, max_connects = min(hold, 200), min(seconds, 600), min(max_connects, 20000)
    sel = selectors.DefaultSelector()
    open_socks, made, ready = set(), 0, False
    end = time.monotonic() + seconds
    while time.monotonic() < end and made < max_connects:
        while len(open_socks) < hold and made < max_connects:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.settimeout(2)
            made += 1
            try:
                s.connect((address, port))
            except OSError:
                s.close()
                time.sleep(0.005)
                continue
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)
            open_socks.add(s)
            time.sleep(0.005)
        if not ready:
            ready = True
            print(f"ready {len(open_socks)}", flush=True)
        for key, _ in sel.select(timeout=0.2):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if not data:  # dropped by sshd: make room for another
                sel.unregister(s)
                open_socks.discard(s)
                s.close()
    for s in open_socks:
        s.close()
    print(f"done {made}", flush=True)

if __name__ == "__main__":
    main()
