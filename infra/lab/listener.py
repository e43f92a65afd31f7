#!/usr/bin/env python3
"""Small TCP listeners for lab faults that sshd cannot produce on its own.

  close  - accept, then close at once with no byte sent (TCP wrappers, a ban, an LB without backend)
  silent - accept and never say anything (a tarpit, an overloaded service)
  http   - a web server on the SSH port: answers whatever it reads with an HTTP 400

Runs until killed; every connection is handled on its own thread and bounded in time.
"""
import socket, sys, threading

def serve(mode, conn):
    try:
        conn.settimeout(30)
        if mode == "close":
            return
        if mode == "silent":
            conn.recv(4096)
            threading.Event().wait(30)
            return
        if mode == "http":
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nServer: lab\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    except OSError:
        pass
    finally:
        conn.close()

def main():
    mode, address, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, port))
    s.listen(128)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(mode, conn), daemon=True).start()

if __name__ == "__main__":
    main()
