#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Both ends of a TCP simultaneous open, and raw IPv4 SYNs, for
syn_store.sh.

  syn_store_peer.py open SRC SPORT DST DPORT SECS TAG [GO]
        connect() from SRC#SPORT to DST#DPORT (either family), waiting up
        to SECS seconds; once connected, sends TAG and reads the other
        side's.  Prints "connected GOT" (GOT: what the other side sent),
        or "error ERRNO-NAME AFTER-MS".  With GO, a file name, the
        socket is bound, GO.ready made, and the connect() waits (up to
        SECS) for GO to exist: the caller starts Python ahead, and the
        SYN leaves the moment it says so.
  syn_store_peer.py unreach SRC SPORT DST DPORT SECS
        one raw IPv4 SYN from SRC#SPORT to DST#DPORT (no retransmission,
        so that the translator sees exactly one), then waits up to SECS
        seconds for the ICMP errors that quote a TCP segment from SPORT
        to DPORT, printing "icmp TYPE CODE SPORT DPORT FLAGS AFTER-MS"
        for each.
  syn_store_peer.py syns SRC DST DPORT SPORT[,SPORT...]
        one raw IPv4 SYN from SRC to DST#DPORT per source port listed (a
        port listed twice: the same SYN sent twice), all at once, and
        nothing else (no retransmission).
"""
import errno
import os
import select
import socket
import struct
import sys
import time

# The repository: JOOL_TOP in the test VM, else the one this file lies in.
sys.path.insert(0, os.path.join(
    os.environ.get("JOOL_TOP") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", ".."),
    "selftests", "lib"))
from netns import csum  # noqa: E402


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def wait_for(go, secs):
    if go:
        open(go + ".ready", "w").close()
    end = time.monotonic() + secs
    while go and not os.path.exists(go) and time.monotonic() < end:
        time.sleep(0.02)


def connect(src, sport, dst, dport, secs, go=None):
    """Returns (socket or None, errno name, milliseconds)."""
    s = socket.socket(family(dst), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((src, sport))
    wait_for(go, secs)
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


def do_open(src, sport, dst, dport, secs, tag, go):
    s, err, ms = connect(src, sport, dst, dport, secs, go)
    if not s:
        print("error %s %d" % (err, ms), flush=True)
        return 0
    try:
        print("connected %s" % exchange(s, tag), flush=True)
    except OSError as e:
        print("error exchange-%s %d" % (e.errno, ms), flush=True)
    s.close()
    return 0


def icmp_quotes(icmp, sport, dport, t0, secs):
    """ICMP errors that quote our segment in SECS seconds, as lines."""
    out = []
    end = t0 + secs
    while select.select([icmp], [], [], max(end - time.monotonic(), 0))[0]:
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
    do_syns(src, dst, dport, [sport])
    for line in icmp_quotes(icmp, sport, dport, t0, secs):
        print(line, flush=True)
    return 0


def syn_segment(src, dst, sport, dport):
    hdr = struct.pack("!HHIIBBHHH", sport, dport, 1000 + sport, 0, 5 << 4,
                      0x02, 64240, 0, 0)
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + \
        struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(hdr))
    check = ~csum(pseudo + hdr) & 0xffff
    return hdr[:16] + struct.pack("!H", check) + hdr[18:]


def do_syns(src, dst, dport, ports):
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP)
    raw.bind((src, 0))
    for port in ports:
        raw.sendto(syn_segment(src, dst, port, dport), (dst, 0))
    return 0


def main(argv):
    mode, a = argv[1], argv[2:]
    if mode == "open":
        return do_open(a[0], int(a[1]), a[2], int(a[3]), float(a[4]), a[5],
                       a[6] if len(a) > 6 else None)
    if mode == "unreach":
        return do_unreach(a[0], int(a[1]), a[2], int(a[3]), float(a[4]))
    if mode == "syns":
        return do_syns(a[0], a[1], int(a[2]),
                       [int(p) for p in a[3].split(",")])
    return 2


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main(sys.argv))
