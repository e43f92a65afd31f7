#!/usr/bin/env python3
"""Small TCP listeners for lab faults that sshd cannot produce on its own.

  close  - accept, then close at once with no byte sent (TCP wrappers, a ban, an LB without backend)
  hangup - read the client's first bytes, then close with no byte sent (a clean FIN every time,
           where "close" races the client's first line and may reset)
  silent - accept and never say anything (a tarpit, an overloaded service)
  http   - a web server on the SSH port: answers whatever it reads with an HTTP 400
  binary - a binary protocol on the SSH port: sends a few bytes with NUL and no line end, then holds
  tls-alert - a TLS endpoint that answers the client's first bytes with a fatal alert record, then holds
  dns-silent - (UDP and TCP) a resolver that takes every query and never answers

Runs until killed; every connection is handled on its own thread and bounded in time.
"""
import socket, sys, threading

def serve(mode, conn):
    try:
        conn.settimeout(30)
        if mode == "close":
            return
        if mode == "hangup":
            conn.recv(4096)
            return
        if mode == "silent":
            conn.recv(4096)
            threading.Event().wait(30)
            return
        if mode == "binary":
            conn.sendall(b"\x00\x00\x00\x0c\x01\x02\x7f\xfe")
            threading.Event().wait(30)
            return
        if mode == "tls-alert":
            conn.recv(4096)
            conn.sendall(b"\x15\x03\x03\x00\x02\x02\x46")  # alert, TLS 1.2, fatal, protocol_version
            threading.Event().wait(30)
            return
        if mode == "http":
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nServer: lab\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    except OSError:
        pass
    finally:
        conn.close()

def silent_udp(address, port):
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind((address, port))
    while True:
        u.recvfrom(4096)

def main():
    mode, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "dns-silent":
        threading.Thread(target=silent_udp, args=(address, port), daemon=True).start()
        mode = "silent"
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, port))
    s.listen(128)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(mode, conn), daemon=True).start()

if __name__ == "__main__":
    main()
