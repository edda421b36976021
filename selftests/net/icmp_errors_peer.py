#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Packets and checks for icmp_errors.sh, run inside its namespaces.

  icmp_errors_peer.py refused IFACE SRC SPORT DST DPORT TYPE CODE
      A UDP socket connected from SRC:SPORT to DST:DPORT must get
      ECONNREFUSED for a datagram sent there; the ICMP error seen on IFACE
      must have TYPE/CODE, an inner packet with exactly these addresses and
      ports and, when the inner packet is quoted whole, a valid inner UDP
      checksum.  The datagram is written whole by a raw socket: the veth
      pairs of the test would otherwise carry it with a partial checksum
      (offload), which the quoting node copies as it is.
  icmp_errors_peer.py probe SRC SPORT DST DPORT TTL SIZE DF
      Sends one UDP datagram of SIZE payload bytes with that TTL, with DF
      if DF is 1, and prints the ICMP error the socket's error queue gets:
      "type T code C from ADDR" (plus " mtu N" for Fragmentation Needed),
      or "no error".
  icmp_errors_peer.py malformed CLIENT_NS SERVER_NS PORT4 PORT6
      From the initial namespace: sends each crafted packet of CASES from
      the client's or the server's namespace and checks that exactly its
      counter of jool/stats grew by one.
  icmp_errors_peer.py echo CLIENT_NS SERVER_NS SEQ good|bad
      From the initial namespace: the client sends one ICMPv6 Echo
      Request (sequence SEQ) with a right checksum, or with a wrong one
      for "bad", and captures what arrives on the server's s0 and on the
      client's c0: the translated request must arrive with a valid ICMPv4
      checksum (good) or an invalid one (bad, and the server's stack
      drops it); for good, the server's reply must reach the client with
      a valid ICMPv6 checksum.

Exit status 0 when the check holds, 1 otherwise.
"""
import errno
import logging
import os
import socket
import struct
import sys
import time

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
# pylint: disable=wrong-import-position
# The layers needed, not scapy.all: half the import time, seconds of
# each run under TCG.
from scapy.layers.inet import IP, UDP, TCP, ICMP  # noqa
from scapy.layers.inet6 import (IPv6, ICMPv6DestUnreach,  # noqa
                                ICMPv6ParamProblem, ICMPv6EchoRequest)
from scapy.packet import Raw  # noqa
from scapy.sendrecv import AsyncSniffer, send  # noqa

# The repository: JOOL_TOP in the test VM, else the one this file lies in.
sys.path.insert(0, os.path.join(
    os.environ.get("JOOL_TOP") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", ".."),
    "selftests", "lib"))
from netns import (capture, csum, jool_counters, packets,  # noqa: E402
                   raw_sender)


def inner_udp_ok(raw, v6):
    """True if the quoted IP/UDP packet @raw is whole and its sum is right;
    None if it is cut short (nothing to verify)."""
    if v6:
        plen = struct.unpack("!H", raw[4:6])[0]
        src, dst, udp = raw[8:24], raw[24:40], raw[40:]
        if len(udp) < plen:
            return None
        pseudo = src + dst + struct.pack("!IxxxB", plen, 17)
    else:
        ihl = (raw[0] & 15) * 4
        tot = struct.unpack("!H", raw[2:4])[0]
        src, dst, udp = raw[12:16], raw[16:20], raw[ihl:]
        if len(udp) < tot - ihl:
            return None
        plen = tot - ihl
        pseudo = src + dst + struct.pack("!xBH", 17, plen)
    if struct.unpack("!H", udp[6:8])[0] == 0:
        return not v6
    return csum(pseudo + udp[:plen]) == 0xffff


def error_of(pkt, v6):
    """(type, code, quoted bytes) of an ICMP error, or None."""
    if v6 and pkt.haslayer(IPv6):
        raw = bytes(pkt[IPv6])
        if raw[6] == 58 and raw[40] < 128:
            return raw[40], raw[41], raw[48:]
    if not v6 and pkt.haslayer(IP):
        raw = bytes(pkt[IP])
        ihl = (raw[0] & 15) * 4
        if raw[9] == 1 and raw[ihl] in (3, 11, 12):
            return raw[ihl], raw[ihl + 1], raw[ihl + 8:]
    return None


def addrs_ports(raw, v6):
    if v6:
        src = socket.inet_ntop(socket.AF_INET6, raw[8:24])
        dst = socket.inet_ntop(socket.AF_INET6, raw[24:40])
        l4 = raw[40:]
    else:
        src = socket.inet_ntop(socket.AF_INET, raw[12:16])
        dst = socket.inet_ntop(socket.AF_INET, raw[16:20])
        l4 = raw[(raw[0] & 15) * 4:]
    sport, dport = struct.unpack("!HH", l4[:4])
    return src, sport, dst, dport


def refused(iface, src, sport, dst, dport, typ, code):
    v6 = ":" in dst
    fam = socket.AF_INET6 if v6 else socket.AF_INET
    sniffer = AsyncSniffer(iface=iface, store=True,
                           lfilter=lambda p: error_of(p, v6) is not None)
    sniffer.start()
    time.sleep(0.5)
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((src, int(sport)))
    s.connect((dst, int(dport)))
    s.settimeout(2)
    got = None
    pkt = (IPv6 if v6 else IP)(src=src, dst=dst) / \
        UDP(sport=int(sport), dport=int(dport)) / Raw(b"are you there?")
    for _ in range(3):
        send(pkt, verbose=False)
        try:
            s.recv(100)
            got = "an answer"
            break
        except socket.timeout:
            continue
        except OSError as e:
            got = errno.errorcode.get(e.errno, str(e.errno))
            break
    time.sleep(0.3)
    pkts = sniffer.stop()
    if got != "ECONNREFUSED":
        print("no ECONNREFUSED: got %s" % got)
        return 1
    for p in pkts:
        t, c, quoted = error_of(p, v6)
        seen = addrs_ports(quoted, v6)
        want = (socket.inet_ntop(fam, socket.inet_pton(fam, src)), int(sport),
                socket.inet_ntop(fam, socket.inet_pton(fam, dst)), int(dport))
        ok = inner_udp_ok(quoted, v6)
        print("error type %d code %d from %s, inner %s#%d -> %s#%d, "
              "inner checksum %s" % ((t, c, p[IPv6 if v6 else IP].src) +
                                     seen + ({True: "ok", False: "BAD",
                                              None: "cut"}[ok],)))
        if (t, c) != (int(typ), int(code)) or seen != want or ok is False:
            return 1
        return 0
    print("ECONNREFUSED but no error seen on %s" % iface)
    return 1


def probe(src, sport, dst, dport, hops, size, df):
    ip_recverr, sol_ip = 11, socket.SOL_IP
    # Without DF: PMTUDISC_OMIT, or the PMTU learned from an earlier
    # probe would make the sender fragment.
    ip_mtu_discover, pmtudisc_omit, pmtudisc_probe = 10, 5, 3
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(sol_ip, ip_recverr, 1)
    s.setsockopt(sol_ip, socket.IP_TTL, int(hops))
    s.setsockopt(sol_ip, ip_mtu_discover,
                 pmtudisc_probe if df == "1" else pmtudisc_omit)
    s.bind((src, int(sport)))
    s.setblocking(False)
    s.sendto(b"p" * int(size), (dst, int(dport)))
    deadline = time.time() + 3
    while time.time() < deadline:
        try:
            _, anc, _, _ = s.recvmsg(100, 512, socket.MSG_ERRQUEUE)
        except BlockingIOError:
            time.sleep(0.1)
            continue
        for level, typ, data in anc:
            if level != sol_ip or typ != ip_recverr:
                continue
            # struct sock_extended_err, then the offender's sockaddr_in
            _errno, origin, etype, ecode, _pad, info = \
                struct.unpack("=IBBBBI", data[:12])
            offender = socket.inet_ntoa(data[16 + 4:16 + 8])
            if origin == 2:
                print("type %d code %d from %s%s" %
                      (etype, ecode, offender,
                       " mtu %d" % info if (etype, ecode) == (3, 4) else ""))
                return 0
    print("no error")
    return 1


POOL4, S4, C6, SERVER6 = "192.0.2.1", "203.0.113.2", "2001:db8:1::2", \
    "64:ff9b::cb00:7102"


# Outside pool4's ports and unused by the client: in no BIB entry.
NO_BIB_PORT = 7


def cases(port4, port6):
    """(name, family, counter, packet) of every malformed case."""
    inner4 = IP(src=POOL4, dst=S4) / UDP(sport=port4, dport=5000) / \
        Raw(b"q" * 32)
    inner6 = IPv6(src=SERVER6, dst=C6) / UDP(sport=5000, dport=port6) / \
        Raw(b"q" * 32)
    v4 = IP(src=S4, dst=POOL4)
    v6 = IPv6(src=C6, dst=SERVER6)
    inner, nobib, untrans, bad = ("drop_icmp_error_inner",
                                  "drop_icmp_error_no_bib",
                                  "drop_icmp_error_untranslatable",
                                  "drop_malformed")
    return [
        ("ICMPv4 error, inner packet cut short", 4, inner,
         v4 / ICMP(type=3, code=3) / Raw(bytes(inner4)[:24])),
        ("ICMPv4 error about no BIB entry", 4, nobib,
         v4 / ICMP(type=3, code=3) / IP(src=POOL4, dst=S4) /
         UDP(sport=NO_BIB_PORT, dport=5000)),
        ("ICMPv4 error about an ICMP error", 4, inner,
         v4 / ICMP(type=3, code=1) / IP(src=POOL4, dst=S4) /
         ICMP(type=11) / bytes(inner4)[:28]),
        ("ICMPv4 parameter problem, pointer 4", 4, untrans,
         v4 / ICMP(type=12, code=0, ptr=4) / inner4),
        ("ICMPv4 source quench", 4, untrans,
         v4 / ICMP(type=4, code=0) / inner4),
        ("IPv4 UDP length mismatch", 4, bad,
         v4 / UDP(sport=5000, dport=port4, len=20) / Raw(b"u" * 32)),
        ("IPv4 TCP data offset 4", 4, bad,
         v4 / TCP(sport=5001, dport=port4, dataofs=4, flags="A")),
        ("IPv4 TCP data offset beyond the packet", 4, bad,
         v4 / TCP(sport=5001, dport=port4, dataofs=15, flags="A")),
        ("ICMPv6 error, inner packet cut short", 6, inner,
         v6 / ICMPv6DestUnreach(code=4) / Raw(bytes(inner6)[:44])),
        ("ICMPv6 error about no BIB entry", 6, nobib,
         v6 / ICMPv6DestUnreach(code=4) / IPv6(src=SERVER6, dst=C6) /
         UDP(sport=5000, dport=NO_BIB_PORT)),
        ("ICMPv6 error about an ICMPv6 error", 6, inner,
         v6 / ICMPv6DestUnreach(code=4) / IPv6(src=SERVER6, dst=C6) /
         ICMPv6DestUnreach() / bytes(inner6)[:48]),
        ("ICMPv6 parameter problem, pointer 2", 6, untrans,
         v6 / ICMPv6ParamProblem(code=0, ptr=2) / inner6),
        ("IPv6 UDP length mismatch", 6, bad,
         v6 / UDP(sport=port6, dport=5000, len=20) / Raw(b"u" * 32)),
        ("IPv6 TCP data offset 4", 6, bad,
         v6 / TCP(sport=port6, dport=5001, dataofs=4, flags="S")),
    ]


def malformed(cns, sns, port4, port6):
    socks = {4: raw_sender(sns, False), 6: raw_sender(cns, True)}
    failed = 0
    for name, fam, counter, pkt in cases(int(port4), int(port6)):
        before = jool_counters()
        socks[fam].sendto(bytes(pkt), (pkt.dst, 0))
        time.sleep(0.3)
        after = jool_counters()
        moved = dict((k, after[k] - before.get(k, 0)) for k in after
                     if after[k] != before.get(k, 0))
        if moved == {counter: 1}:
            print("ok: %s: %s +1" % (name, counter))
        else:
            print("not ok: %s: want %s +1, counters moved: %s" %
                  (name, counter, moved))
            failed = 1
    return failed


def echo_seen(sock, v6, icmp_type, payload):
    """The ICMP messages of @icmp_type carrying @payload that @sock gets
    within 2 s, each as (message bytes, checksum valid?)."""
    seen = []
    for raw in packets(sock, 2):
        if v6:
            if raw[6] != 58:
                continue
            msg = raw[40:40 + struct.unpack("!H", raw[4:6])[0]]
            pseudo = raw[8:40] + struct.pack("!I3xB", len(msg), 58)
        else:
            if raw[9] != 1:
                continue
            msg = raw[(raw[0] & 15) * 4:struct.unpack("!H", raw[2:4])[0]]
            pseudo = b""
        if msg[0] == icmp_type and msg[8:] == payload:
            seen.append((msg, csum(pseudo + msg) == 0xffff))
    return seen


def echo_csum(cns, sns, seq, kind):
    payload = b"checksum %s %s " % (kind.encode(), seq.encode()) + \
        bytes(range(256)) * 4
    pkt = IPv6(src=C6, dst=SERVER6, hlim=64) / \
        ICMPv6EchoRequest(id=0x4242, seq=int(seq), data=payload)
    raw = bytearray(bytes(pkt))
    if kind == "bad":
        raw[42] ^= 0x5a		# the ICMPv6 checksum's first byte
    server = capture(sns, "s0", False)
    client = capture(cns, "c0", True)
    raw_sender(cns, True).sendto(bytes(raw), (SERVER6, 0))
    requests = echo_seen(server, False, 8, payload)
    replies = echo_seen(client, True, 129, payload)
    print("%s checksum: %d request(s) at the server, valid: %s; "
          "%d reply(ies) at the client, valid: %s" %
          (kind, len(requests), [ok for _, ok in requests],
           len(replies), [ok for _, ok in replies]))
    if kind == "bad":
        # The translator does not verify: it arrives, still bad.
        return int(len(requests) != 1 or requests[0][1] or
                   len(replies) != 0)
    return int(len(requests) != 1 or not requests[0][1] or
               len(replies) != 1 or not replies[0][1])


def main():
    if sys.argv[1] == "refused":
        return refused(*sys.argv[2:9])
    if sys.argv[1] == "probe":
        return probe(*sys.argv[2:9])
    if sys.argv[1] == "malformed":
        return malformed(*sys.argv[2:6])
    if sys.argv[1] == "echo":
        return echo_csum(*sys.argv[2:6])
    return 2


if __name__ == "__main__":
    sys.exit(main())
