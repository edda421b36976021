#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Peers for settings.sh that see what the translator wrote.

  settings_peer.py tos-serve PORT TOS     UDP on IPv4: answer each datagram
                                          with the TOS it arrived with
                                          ("tos N"), sent with TOS TOS
  settings_peer.py tos-ask DST PORT TC    IPv6 client, Traffic Class TC:
                                          prints "sent-tos N tclass M", the
                                          server's TOS and the reply's
                                          Traffic Class
  settings_peer.py listen-udp SPORT DST PORT SECS N
                                          IPv6 client bound to SPORT: one
                                          datagram to DST, then prints
                                          "from ADDR" for every datagram
                                          that comes in SECS seconds, up
                                          to N of them
  settings_peer.py hold-tcp SPORT DST PORT SECS
                                          IPv6 client bound to SPORT:
                                          connects, then sits idle
  settings_peer.py syn SRC DST PORT       IPv4 connect from SRC: prints
                                          refused, timeout or connected
  settings_peer.py send-udp DST PORT SRC...
                                          one IPv4 datagram from each SRC
"""
import socket
import struct
import sys
import time


def tos_serve(port, tos):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_RECVTOS, 1)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, tos)
    s.bind(("0.0.0.0", port))
    while True:
        _, anc, _, peer = s.recvmsg(2048, 64)
        seen = [d[0] for lvl, typ, d in anc
                if lvl == socket.IPPROTO_IP and typ == socket.IP_TOS]
        s.sendto(b"%d" % (seen[0] if seen else -1), peer)


def tos_ask(dst, port, tclass):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVTCLASS, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_TCLASS, tclass)
    s.settimeout(2)
    for _ in range(3):
        s.sendto(b"tos?", (dst, port))
        try:
            data, anc, _, _ = s.recvmsg(2048, 64)
        except socket.timeout:
            continue
        tc = [struct.unpack("i", d[:4])[0] for lvl, typ, d in anc
              if lvl == socket.IPPROTO_IPV6 and typ == socket.IPV6_TCLASS]
        print("sent-tos %s tclass %d" % (data.decode(), tc[0] if tc else -1))
        return 0
    return 1


def listen_udp(sport, dst, port, secs, count):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.bind(("::", sport))
    s.sendto(b"hello", (dst, port))
    end = time.time() + secs
    while time.time() < end and count > 0:
        count -= 1
        s.settimeout(max(end - time.time(), 0.01))
        try:
            _, peer = s.recvfrom(2048)
        except socket.timeout:
            break
        print("from %s" % peer[0], flush=True)
    return 0


def hold_tcp(sport, dst, port, secs):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", sport))
    s.connect((dst, port))
    time.sleep(secs)
    return 0


def syn(src, dst, port):
    try:
        socket.create_connection((dst, port), timeout=2,
                                 source_address=(src, 0)).close()
        print("connected")
    except ConnectionRefusedError:
        print("refused")
    except OSError:
        print("timeout")
    return 0


def send_udp(dst, port, srcs):
    for src in srcs:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((src, 0))
        s.sendto(b"knock", (dst, port))
        s.close()
        time.sleep(0.1)
    return 0


def main(argv):
    mode, args = argv[1], argv[2:]
    if mode == "tos-serve":
        return tos_serve(int(args[0]), int(args[1]))
    if mode == "tos-ask":
        return tos_ask(args[0], int(args[1]), int(args[2]))
    if mode == "listen-udp":
        return listen_udp(int(args[0]), args[1], int(args[2]), float(args[3]),
                          int(args[4]))
    if mode == "hold-tcp":
        return hold_tcp(int(args[0]), args[1], int(args[2]), float(args[3]))
    if mode == "syn":
        return syn(args[0], args[1], int(args[2]))
    if mode == "send-udp":
        return send_udp(args[0], int(args[1]), args[2:])
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
