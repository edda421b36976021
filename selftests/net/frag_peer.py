#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fragments through the translator, for frag.sh; run from the initial
namespace, with sockets made in the client's and the server's (frag.sh's
topology: client 2001:db8:1::2 on c0, server 198.51.100.2 on s0, pool4
192.0.2.1, pool6 64:ff9b::/96).

  frag_peer.py big CLIENT_NS SERVER_NS SIZE
      A SIZE-byte UDP datagram from the client to the server and one back,
      both fragmented by their sender's kernel at 1500 bytes: each must
      arrive whole (length and content).  The IPv4 fragments the server
      sees must be no larger than the IPv6 ones minus 28 bytes, without
      DF; the IPv6 fragments the client sees at most 1280 bytes.
  frag_peer.py ooo CLIENT_NS SERVER_NS
      A 3-fragment datagram sent out of order (third, first, second), from
      the server and from the client: each arrives whole.
  frag_peer.py overlap CLIENT_NS SERVER_NS
      Overlapping fragments from either side: nothing arrives, and the
      translator translates nothing.
  frag_peer.py atomic CLIENT_NS SERVER_NS
      IPv6 atomic fragments (offset 0, M clear; RFC 6946) of UDP, TCP (a
      SYN, whose SYN-ACK must come back) and ICMPv6 (an echo request,
      whose reply must come back): translated as unfragmented packets.
  frag_peer.py flood CLIENT_NS SERVER_NS COUNT
      With the reassembly's memory limits lowered to 1 MB: COUNT first
      fragments that never complete, from each side.  The IPv4 reassembly
      must hold at most about 1 MB (/proc/net/sockstat) and, in both
      families, a new fragmented datagram must not be reassembled; with
      the limits raised again it must.
  frag_peer.py all CLIENT_NS SERVER_NS COUNT
      All of the above in one process (importing scapy is slow in a VM).
  frag_peer.py deliver CLIENT_NS SERVER_NS 4|6
      One 3-fragment datagram from the server (4) or the client (6):
      exit status 0 if it arrives whole.

Exit status 0 when every check holds.
"""
import logging
import os
import socket
import struct
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
# pylint: disable=wrong-import-position
# The layers needed, not scapy.all: half the import time under TCG.
from scapy.layers.inet import IP, UDP, TCP, fragment  # noqa
from scapy.layers.inet6 import (IPv6, IPv6ExtHdrFragment,  # noqa
                                ICMPv6EchoRequest, fragment6)
from scapy.packet import Raw  # noqa

sys.path.insert(0, os.path.join(
    os.environ.get("JOOL_TOP") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", ".."),
    "selftests", "lib"))
from netns import (capture, jool_counters, packets, raw_sender,  # noqa: E402
                   socket_in)

C6 = "2001:db8:1::2"
S4 = "198.51.100.2"
SERVER6 = "64:ff9b::c633:6402"
POOL4 = "192.0.2.1"
PORT = 6000
failed = 0


def check(ok, what):
    global failed
    print("%s: %s" % ("ok" if ok else "not ok", what))
    if not ok:
        failed = 1


def pattern(size, seed):
    return bytes((i * 7 + seed) & 0xff for i in range(size))


def drain(sock, secs=0.5):
    return list(packets(sock, secs))


def frags4(raws):
    """(length, DF, MF, offset, id) of the translated IPv4 fragments in
    @raws (the server's own are from another source)."""
    out = []
    for r in raws:
        flags = struct.unpack("!H", r[6:8])[0]
        if r[12:16] == socket.inet_aton(POOL4) and r[9] == 17 and \
                flags & 0x3fff:
            out.append((struct.unpack("!H", r[2:4])[0], bool(flags & 0x4000),
                        bool(flags & 0x2000), flags & 0x1fff,
                        struct.unpack("!H", r[4:6])[0]))
    return out


def frags6(raws):
    """Lengths of the translated IPv6 fragments in @raws."""
    src = socket.inet_pton(socket.AF_INET6, SERVER6)
    return [40 + struct.unpack("!H", r[4:6])[0] for r in raws
            if r[6] == 44 and r[8:24] == src]


PAIR = []


def udp_pair(cns, sns):
    """The client's and the server's UDP sockets, one pair per process."""
    if not PAIR:
        srv = socket_in(sns, socket.AF_INET, socket.SOCK_DGRAM)
        srv.bind((S4, PORT))
        srv.settimeout(3)
        cli = socket_in(cns, socket.AF_INET6, socket.SOCK_DGRAM)
        cli.bind((C6, 0))
        cli.settimeout(3)
        PAIR.extend([cli, srv])
    return PAIR[0], PAIR[1]


def recv(sock):
    try:
        return sock.recvfrom(65535)
    except socket.timeout:
        return b"", None


def big(cns, sns, size):
    size = int(size)
    cli, srv = udp_pair(cns, sns)
    cap4 = capture(sns, "s0", False, 0.1)
    cap6 = capture(cns, "c0", True, 0.1)
    before = jool_counters()
    up = pattern(size, 1)
    cli.sendto(up, (SERVER6, PORT))
    data, peer = recv(srv)
    check(data == up, "6->4: %d bytes sent, %d arrived, content %s" %
          (size, len(data), "equal" if data == up else "differs"))
    if peer is None:
        return
    down = pattern(size, 2)
    srv.sendto(down, peer)
    data, _ = recv(cli)
    check(data == down, "4->6: %d bytes sent, %d arrived, content %s" %
          (size, len(data), "equal" if data == down else "differs"))
    out4 = frags4(drain(cap4))
    out6 = frags6(drain(cap6))
    check(len(out4) >= 3 and all(f[0] <= 1500 - 28 and not f[1]
                                 for f in out4),
          "6->4 IPv4 fragments without DF, at most 1472 bytes: %s" %
          [f[0] for f in out4])
    check(len(out6) >= 4 and max(out6) <= 1280,
          "4->6 IPv6 fragments at most 1280 bytes: %s" % out6)
    after = jool_counters()
    n = after["translated_reassembled"] - before["translated_reassembled"]
    check(n == 2, "translated_reassembled +%d (want +2)" % n)


def send_raw(ns, v6, pkts):
    sock = raw_sender(ns, v6)
    for p in pkts:
        sock.sendto(bytes(p), (p.dst, 0))


def three4(peer, payload, ident):
    """@payload to @peer in 3 IPv4 fragments, in the order 3, 1, 2."""
    pkt = IP(src=S4, dst=peer[0], id=ident, flags=0) / \
        UDP(sport=PORT, dport=peer[1]) / Raw(payload)
    pieces = fragment(pkt, fragsize=(len(payload) + 8 + 16) // 3 // 8 * 8)
    assert len(pieces) == 3
    return [pieces[2], pieces[0], pieces[1]]


def three6(sport, payload, ident):
    pkt = IPv6(src=C6, dst=SERVER6) / IPv6ExtHdrFragment(id=ident) / \
        UDP(sport=sport, dport=PORT) / Raw(payload)
    pieces = fragment6(pkt, 40 + 8 + (len(payload) + 8 + 16) // 3 // 8 * 8)
    assert len(pieces) == 3
    return [pieces[2], pieces[0], pieces[1]]


def mapping(cli, srv):
    """The client's pool4 transport address, as the server sees it."""
    cli.sendto(b"hello", (SERVER6, PORT))
    _, peer = recv(srv)
    return peer


def deliver4(cli, srv, sns, payload, ident):
    peer = mapping(cli, srv)
    if peer is None:
        return False
    send_raw(sns, False, three4(peer, payload, ident))
    data, _ = recv(cli)
    return data == payload


def deliver6(cns, srv, sport, payload, ident):
    send_raw(cns, True, three6(sport, payload, ident))
    data, _ = recv(srv)
    return data == payload


def ooo(cns, sns):
    cli, srv = udp_pair(cns, sns)
    cap4 = capture(sns, "s0", False, 0.1)
    cap6 = capture(cns, "c0", True, 0.1)
    check(deliver4(cli, srv, sns, pattern(2400, 3), 0x4d2),
          "4->6: 3 fragments out of order arrive as one datagram")
    out6 = frags6(drain(cap6))
    check(len(out6) >= 2 and max(out6) <= 1280,
          "4->6: IPv6 fragments at most 1280 bytes: %s" % out6)
    check(deliver6(cns, srv, 7000, pattern(2400, 4), 0x12345),
          "6->4: 3 fragments out of order arrive as one datagram")
    out4 = frags4(drain(cap4))
    largest6 = 40 + 8 + (2400 + 8 + 16) // 3 // 8 * 8
    check(len(out4) >= 3 and all(f[0] <= largest6 - 28 and not f[1]
                                 for f in out4) and
          len(set(f[4] for f in out4)) == 1,
          "6->4: IPv4 fragments of one ID, no DF, at most %d bytes: %s" %
          (largest6 - 28, [f[0] for f in out4]))


def netstat(name):
    """A counter of /proc/net/netstat or /proc/net/snmp, e.g. IpExt:X."""
    group, _, key = name.partition(":")
    for path in ("/proc/net/netstat", "/proc/net/snmp"):
        with open(path) as f:
            lines = [ln.split() for ln in f if ln.startswith(group + ":")]
        for head, vals in zip(lines[::2], lines[1::2]):
            if key in head:
                return int(vals[head.index(key)])
    return 0


def overlap(cns, sns):
    cli, srv = udp_pair(cns, sns)
    peer = mapping(cli, srv)
    if peer is None:
        check(False, "no mapping")
        return
    before = jool_counters()
    overlaps = netstat("IpExt:ReasmOverlaps")
    udp = bytes(UDP(sport=PORT, dport=peer[1], len=8 + 1592) / pattern(800, 5))
    a = IP(src=S4, dst=peer[0], id=77, flags="MF", frag=0, proto=17) / \
        Raw(udp)
    b = IP(src=S4, dst=peer[0], id=77, flags=0, frag=50, proto=17) / \
        Raw(pattern(1200, 6))
    send_raw(sns, False, [a, b])
    data, _ = recv(cli)
    grew = netstat("IpExt:ReasmOverlaps") - overlaps
    check(not data and grew == 1,
          "4->6 overlapping fragments dropped, IpExt ReasmOverlaps +%d" %
          grew)
    udp6 = bytes(UDP(sport=7100, dport=PORT, len=8 + 1592) / pattern(800, 7))
    a = IPv6(src=C6, dst=SERVER6, nh=44) / \
        IPv6ExtHdrFragment(nh=17, id=78, offset=0, m=1) / Raw(udp6)
    b = IPv6(src=C6, dst=SERVER6, nh=44) / \
        IPv6ExtHdrFragment(nh=17, id=78, offset=50, m=0) / \
        Raw(pattern(1200, 8))
    send_raw(cns, True, [a, b])
    data, _ = recv(srv)
    after = jool_counters()
    moved = dict((k, after[k] - before[k]) for k in after
                 if after[k] != before.get(k, 0))
    check(not data and not moved,
          "6->4 overlapping fragments dropped by reassembly; the "
          "translator's counters moved: %s" % moved)


def atomic(cns, sns):
    cli, srv = udp_pair(cns, sns)
    lst = socket_in(sns, socket.AF_INET, socket.SOCK_STREAM)
    lst.bind((S4, PORT + 1))
    lst.listen(4)
    cap4 = capture(sns, "s0", False, 0.1)
    cap6 = capture(cns, "c0", True, 0.1)
    before = jool_counters()
    frag = IPv6ExtHdrFragment(offset=0, m=0, id=0xabcd1234)
    base = IPv6(src=C6, dst=SERVER6)
    send_raw(cns, True, [base / frag / UDP(sport=7201, dport=PORT) /
                         Raw(b"atomic udp")])
    data, _ = recv(srv)
    check(data == b"atomic udp", "atomic fragment, UDP: delivered")
    send_raw(cns, True, [base / frag / TCP(sport=7202, dport=PORT + 1,
                                           flags="S", seq=1000)])
    send_raw(cns, True, [base / frag / ICMPv6EchoRequest(
        id=0x7777, seq=1, data=b"atomic icmp")])
    seen4 = drain(cap4, 1.0)
    seen6 = drain(cap6, 0.5)
    v4 = [r for r in seen4 if r[12:16] == socket.inet_aton(POOL4)]
    check(len(v4) >= 3 and all(struct.unpack("!H", r[6:8])[0] & 0x7fff == 0
                               for r in v4),
          "atomic fragments leave as unfragmented IPv4 (MF 0, offset 0, "
          "DF 0): %d packets, protocols %s" % (len(v4),
                                               sorted(set(r[9] for r in v4))))
    synack = [r for r in seen6 if r[6] == 6 and r[40 + 13] & 0x12 == 0x12]
    check(len(synack) == 1, "atomic fragment, TCP: the SYN-ACK came back")
    reply = [r for r in seen6 if r[6] == 58 and r[40] == 129 and
             r.endswith(b"atomic icmp")]
    check(len(reply) == 1, "atomic fragment, ICMPv6: the echo reply "
          "came back")
    after = jool_counters()
    check(after["translated_reassembled"] == before["translated_reassembled"],
          "atomic fragments are not counted as reassembled")


def flood(cns, sns, count):
    """First fragments (MF set) with new identifications, patched into one
    packet of each family: the raw sockets sum the IPv4 header again."""
    s4 = raw_sender(sns, False)
    s6 = raw_sender(cns, True)
    body = pattern(1000, 9)
    p4 = bytearray(bytes(IP(src=S4, dst=POOL4, flags="MF", proto=17) /
                         Raw(body)))
    p6 = bytearray(bytes(IPv6(src=C6, dst=SERVER6, nh=44) /
                         IPv6ExtHdrFragment(nh=17, m=1) / Raw(body)))
    most = 0
    for i in range(int(count)):
        p4[4:6] = struct.pack("!H", i & 0xffff)
        s4.sendto(p4, (POOL4, 0))
        p6[44:48] = struct.pack("!I", i)
        s6.sendto(p6, (SERVER6, 0))
        if i % 100 == 99:
            most = max(most, frag_mem())
    return max(most, frag_mem())


def frag_mem():
    with open("/proc/net/sockstat") as f:
        for ln in f:
            if ln.startswith("FRAG:"):
                return int(ln.split()[4])
    return 0


def deliver(cns, sns, side, seed=10):
    cli, srv = udp_pair(cns, sns)
    payload = pattern(2400, seed)
    if side == "4":
        return deliver4(cli, srv, sns, payload, 0x900 + seed)
    return deliver6(cns, srv, 7300 + seed, payload, 0x900 + seed)


def sysctl(name, value):
    """Writes @value to sysctl @name; returns the old value."""
    path = "/proc/sys/" + name.replace(".", "/")
    with open(path) as f:
        old = f.read().strip()
    with open(path, "w") as f:
        f.write(str(value))
    return old


# The flood's limits, set in this order and restored in the reverse one
# (a low threshold may never exceed its high one).  nf_defrag_ipv6 has
# limits of its own, not net.ipv6.ip6frag_*.
LIMITS = [("net.ipv4.ipfrag_low_thresh", 786432),
          ("net.ipv4.ipfrag_high_thresh", 1048576),
          ("net.ipv4.ipfrag_time", 30),
          ("net.netfilter.nf_conntrack_frag6_low_thresh", 786432),
          ("net.netfilter.nf_conntrack_frag6_high_thresh", 1048576),
          ("net.netfilter.nf_conntrack_frag6_timeout", 30)]


def flood_check(cns, sns, count):
    saved = []
    try:
        for name, value in LIMITS:
            saved.append((name, sysctl(name, value)))
        most = flood(cns, sns, count)
        check(0 < most <= 1048576 + 65536,
              "IPv4 fragment flood: reassembly held at most %d bytes "
              "(limit 1048576)" % most)
        for side in "46":
            check(not deliver(cns, sns, side, 11),
                  "IPv%s: no reassembly while the flood fills the limit" %
                  side)
        saved.append(("net.ipv4.ipfrag_high_thresh",
                      sysctl("net.ipv4.ipfrag_high_thresh", 8 << 20)))
        saved.append(("net.netfilter.nf_conntrack_frag6_high_thresh",
                      sysctl("net.netfilter.nf_conntrack_frag6_high_thresh",
                             8 << 20)))
        for side in "46":
            check(deliver(cns, sns, side, 12),
                  "IPv%s: fragmented datagrams cross again under a higher "
                  "limit" % side)
    finally:
        for name, value in reversed(saved):
            sysctl(name, value)


def everything(cns, sns, count):
    big(cns, sns, 4000)
    ooo(cns, sns)
    overlap(cns, sns)
    atomic(cns, sns)
    flood_check(cns, sns, count)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "deliver":
        return int(not deliver(*args))
    {"all": everything, "big": big, "ooo": ooo, "overlap": overlap,
     "atomic": atomic, "flood": flood_check}[cmd](*args)
    return failed


if __name__ == "__main__":
    sys.exit(main())
