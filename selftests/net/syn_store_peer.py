#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Both ends of a TCP simultaneous open, and raw IPv4 SYNs, for
syn_store.sh.

  syn_store_peer.py open SRC SPORT DST DPORT SECS TAG
        connect() from SRC#SPORT to DST#DPORT (either family), waiting up
        to SECS seconds; once connected, sends TAG and reads the other
        side's.  Prints "connected GOT" (GOT: what the other side sent),
        or "error ERRNO-NAME AFTER-MS".
  syn_store_peer.py unreach SRC SPORT DST DPORT SECS
        the same connect() from an IPv4 SRC, and an ICMP socket that
        prints, for each ICMP error quoting a TCP segment from SPORT to
        DPORT, "icmp TYPE CODE SPORT DPORT FLAGS AFTER-MS"; then the
        connect()'s outcome as open prints it.
  syn_store_peer.py syns SRC DST DPORT SPORT N [REPEAT]
        N raw IPv4 SYNs from SRC, source ports SPORT..SPORT+N-1, to
        DST#DPORT, each sent REPEAT times (default 1), and nothing else
        (no retransmission).
"""
import errno
import os
import select
import socket
import struct
import sys
import time


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def connect(src, sport, dst, dport, secs):
    """Returns (socket or None, errno name, milliseconds)."""
    s = socket.socket(family(dst), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((src, sport))
    s.settimeout(secs)
    t0 = time.monotonic()
    try:
        s.connect((dst, dport))
    except socket.timeout:
        return None, "ETIMEDOUT", int((time.monotonic() - t0) * 1000)
    except OSError as e:
        return None, errno.errorcode.get(e.errno, str(e.errno)), \
            int((time.monotonic() - t0) * 1000)
    return s, "", int((time.monotonic() - t0) * 1000)


def exchange(s, tag):
    s.settimeout(5)
    s.sendall(tag.encode())
    got = s.recv(64)
    return got.decode(errors="replace") or "-"


def do_open(src, sport, dst, dport, secs, tag):
    s, err, ms = connect(src, sport, dst, dport, secs)
    if not s:
        print("error %s %d" % (err, ms), flush=True)
        return 0
    try:
        print("connected %s" % exchange(s, tag), flush=True)
    except OSError as e:
        print("error exchange-%s %d" % (e.errno, ms), flush=True)
    s.close()
    return 0


def icmp_quotes(icmp, sport, dport, t0):
    """ICMP errors that quote our segment, as lines."""
    out = []
    while select.select([icmp], [], [], 0)[0]:
        pkt = icmp.recv(2048)
        ihl = (pkt[0] & 15) * 4
        typ, code = pkt[ihl], pkt[ihl + 1]
        inner = pkt[ihl + 8:]
        if len(inner) < 20 or inner[9] != socket.IPPROTO_TCP:
            continue
        iihl = (inner[0] & 15) * 4
        tcp = inner[iihl:]
        if len(tcp) < 14:
            continue
        qs, qd = struct.unpack("!HH", tcp[:4])
        if (qs, qd) != (sport, dport):
            continue
        out.append("icmp %d %d %d %d 0x%02x %d" % (
            typ, code, qs, qd, tcp[13],
            int((time.monotonic() - t0) * 1000)))
    return out


def do_unreach(src, sport, dst, dport, secs):
    icmp = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    t0 = time.monotonic()
    s, err, ms = connect(src, sport, dst, dport, secs)
    time.sleep(0.2)
    for line in icmp_quotes(icmp, sport, dport, t0):
        print(line, flush=True)
    if s:
        print("connected", flush=True)
        s.close()
    else:
        print("error %s %d" % (err, ms), flush=True)
    return 0


def csum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def syn_segment(src, dst, sport, dport):
    hdr = struct.pack("!HHIIBBHHH", sport, dport, 1000 + sport, 0, 5 << 4,
                      0x02, 64240, 0, 0)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + \
        struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(hdr))
    check = csum(pseudo + hdr)
    return hdr[:16] + struct.pack("!H", check) + hdr[18:]


def do_syns(src, dst, dport, sport, count, repeat):
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    raw.bind((src, 0))
    for port in range(sport, sport + count):
        for _ in range(repeat):
            raw.sendto(syn_segment(src, dst, port, dport), (dst, 0))
    return 0


def main(argv):
    mode, a = argv[1], argv[2:]
    if mode == "open":
        return do_open(a[0], int(a[1]), a[2], int(a[3]), float(a[4]), a[5])
    if mode == "unreach":
        return do_unreach(a[0], int(a[1]), a[2], int(a[3]), float(a[4]))
    if mode == "syns":
        return do_syns(a[0], a[1], int(a[2]), int(a[3]), int(a[4]),
                       int(a[5]) if len(a) > 5 else 1)
    return 2


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main(sys.argv))
