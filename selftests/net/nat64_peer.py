#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tiny UDP/TCP peers for nat64.sh.

  nat64_peer.py serve-udp PORT [ADDR]  echo "PEER addr port|data" back
  nat64_peer.py serve-tcp PORT [ADDR]  the same, per TCP connection
  nat64_peer.py udp DST PORT [--src ADDR] [--sport N] [--count N]
                [--flows N] [--sizes N,...]
  nat64_peer.py tcp DST PORT [--src ADDR] [--bytes N]

Clients print the server's answer ("addr port") and exit 0, or exit 1
after a timeout.  A UDP flow sends COUNT datagrams of each of SIZES bytes
(32) in turn, each answered before the next.  Servers listen on ADDR (default 0.0.0.0; "::" for an
IPv6 server) and run until killed.
"""
import argparse
import socket
import sys
import threading


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def serve_udp(port, addr):
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(65535)
        s.sendto(b"%s %d|" % (peer[0].encode(), peer[1]) + data, peer)


def tcp_conn(c, peer):
    with c:
        buf = b""
        while not buf.endswith(b"\n"):
            chunk = c.recv(65536)
            if not chunk:
                return
            buf += chunk
        c.sendall(b"%s %d|" % (peer[0].encode(), peer[1]) + buf)


def serve_tcp(port, addr):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(64)
    while True:
        c, peer = s.accept()
        threading.Thread(target=tcp_conn, args=(c, peer), daemon=True).start()


def udp_flow(a, sport):
    """The server's answer ("addr port") to the echoes from SPORT, or None."""
    s = socket.socket(family(a.dst), socket.SOCK_DGRAM)
    s.bind((a.src or "::", sport))
    s.settimeout(a.timeout)
    for size in [int(n) for n in a.sizes.split(",")] * a.count:
        # Every byte value, so that data moved within a packet shows.
        payload = bytes((i * 7 + 3) & 0xff for i in range(size))
        for _try in range(3):
            s.sendto(payload, (a.dst, a.port))
            try:
                data, _ = s.recvfrom(65535)
                break
            except socket.timeout:
                continue
        else:
            return None
        head, _, echo = data.partition(b"|")
        if echo != payload:
            return None
    return head.decode()


def client_udp(a):
    """One flow, or with --flows N one per source port from --sport on: a
    line each, "-" for a flow that got no answer (one process instead of
    N: a process start costs a second under TCG)."""
    if a.flows == 1:
        got = udp_flow(a, a.sport)
        if got is None:
            return 1
        print(got)
        return 0
    answers = [udp_flow(a, a.sport + i) for i in range(a.flows)]
    print("\n".join(got or "-" for got in answers))
    return 0 if None not in answers else 1


def client_tcp(a):
    s = socket.socket(family(a.dst), socket.SOCK_STREAM)
    s.bind((a.src or "::", 0))
    s.settimeout(a.timeout)
    payload = b"y" * a.bytes + b"\n"
    try:
        s.connect((a.dst, a.port))
        s.sendall(payload)
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except OSError:
        return 1
    head, _, echo = data.partition(b"|")
    if echo != payload:
        return 1
    print(head.decode())
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("mode")
    p.add_argument("args", nargs="*")
    p.add_argument("--src")
    p.add_argument("--sport", type=int, default=0)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--flows", type=int, default=1)
    p.add_argument("--sizes", default="32")
    p.add_argument("--bytes", type=int, default=100000)
    p.add_argument("--timeout", type=float, default=2.0)
    a = p.parse_args()
    addr = a.args[1] if len(a.args) > 1 else "0.0.0.0"
    if a.mode == "serve-udp":
        serve_udp(int(a.args[0]), addr)
    if a.mode == "serve-tcp":
        serve_tcp(int(a.args[0]), addr)
    a.dst, a.port = a.args[0], int(a.args[1])
    return client_udp(a) if a.mode == "udp" else client_tcp(a)


if __name__ == "__main__":
    sys.exit(main())
