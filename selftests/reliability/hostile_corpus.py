#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The packets of hostile.py: its corpus of hostile frames, built with
scapy, for each class the side it is sent on, whether the IP layer accepts
it and the counters of jool/stats it must move exactly.  Imported by
hostile.py; not a test of its own."""

C6, SERVER6 = "2001:db8:1::2", "64:ff9b::198.51.100.2"
S4, POOL4 = "198.51.100.2", "192.0.2.1"
# stack_accepts of fragments: the kernel's reassembly (nf_defrag, loaded
# by jool) takes them before jool sees a packet.
REASSEMBLY = "reassembly"


def corpus(rng, cmac, tmac6, smac, tmac4, udp_port, tcp_state):
    """[(class, side, stack_accepts, [frames], {counter: exact delta})];
    side "6" or "4"; stack_accepts True, False or REASSEMBLY."""
    from scapy.layers.inet import IP, UDP, TCP, ICMP, fragment
    from scapy.layers.inet6 import (IPv6, ICMPv6EchoRequest,
                                    ICMPv6DestUnreach, ICMPv6PacketTooBig,
                                    ICMPv6TimeExceeded, ICMPv6ParamProblem,
                                    IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt,
                                    IPv6ExtHdrRouting, IPv6ExtHdrFragment,
                                    fragment6)
    from scapy.layers.l2 import Ether
    from scapy.packet import Raw, fuzz
    e6 = Ether(src=cmac, dst=tmac6, type=0x86dd)
    e4 = Ether(src=smac, dst=tmac4, type=0x0800)
    v6 = IPv6(src=C6, dst=SERVER6)
    v4 = IP(src=S4, dst=POOL4)
    pay = Raw(b"z" * 64)
    udp6 = v6 / UDP(sport=40000, dport=5000) / pay
    out = []

    def add(name, side, accepted, pkts, expect=None):
        frames = []
        for p in pkts:
            eth = e6 if side == "6" else e4
            frames.append(bytes(eth) + (p if isinstance(p, bytes)
                                        else bytes(p)))
        out.append((name, side, accepted, frames, expect or {}))

    # IPv6 -> IPv4
    good = bytes(udp6)
    add("v6 truncated IPv6 header", "6", False,
        [good[:n] for n in (1, 8, 20, 39)])
    add("v6 payload length beyond the frame", "6", False,
        [good[:4] + (len(good) - 40 + k).to_bytes(2, "big") + good[6:]
         for k in (1, 100, 30000)])
    add("v6 truncated UDP/TCP/ICMPv6 header", "6", True,
        [bytes(IPv6(src=C6, dst=SERVER6, nh=17, plen=n)) +
         bytes(UDP(sport=40000, dport=5000))[:n] for n in (0, 3, 7)] +
        [bytes(IPv6(src=C6, dst=SERVER6, nh=6, plen=n)) +
         bytes(TCP(sport=40000, dport=5001))[:n] for n in (0, 12, 19)] +
        [bytes(IPv6(src=C6, dst=SERVER6, nh=58, plen=n)) +
         bytes(ICMPv6EchoRequest(id=7))[:n] for n in (0, 1, 3)])
    add("v6 TCP data offset beyond the packet", "6", True,
        [v6 / TCP(sport=40001, dport=5001, dataofs=15, flags="S")],
        {"drop_malformed": 1})
    add("v6 UDP length lies", "6", True,
        [v6 / UDP(sport=40000, dport=5000, len=n) / pay
         for n in (0, 7, 9, 1000)], {"drop_malformed": 4})
    add("v6 zero UDP checksum", "6", True,
        [v6 / UDP(sport=40002, dport=5000, chksum=0) / pay])
    add("v6 extension header chains", "6", True,
        [v6 / IPv6ExtHdrHopByHop() / UDP(sport=40000, dport=5000) / pay,
         v6 / IPv6ExtHdrDestOpt() / IPv6ExtHdrRouting() /
         UDP(sport=40000, dport=5000) / pay,
         v6 / IPv6ExtHdrHopByHop() / IPv6ExtHdrDestOpt() /
         IPv6ExtHdrDestOpt() / IPv6ExtHdrRouting() / IPv6ExtHdrDestOpt() /
         TCP(sport=40000, dport=5001),
         v6 / (IPv6ExtHdrDestOpt() / IPv6ExtHdrDestOpt() /
               IPv6ExtHdrDestOpt() / IPv6ExtHdrDestOpt() /
               IPv6ExtHdrDestOpt() / IPv6ExtHdrDestOpt()) / pay,
         v6 / IPv6ExtHdrFragment(offset=0, m=0, id=1) /
         UDP(sport=40000, dport=5000) / pay,
         v6 / IPv6ExtHdrDestOpt(nh=200) / pay,
         bytes(IPv6(src=C6, dst=SERVER6, nh=60, plen=3)) + b"\x11\x05\x00"])
    big = v6 / IPv6ExtHdrFragment(id=0x1234) / UDP(sport=40003,
                                                    dport=5000) / \
        Raw(b"f" * 600)
    frags = fragment6(big, 200)
    add("v6 fragments first/middle/last", "6", REASSEMBLY, frags,
        {"translated_reassembled": 1})
    # Reassembly drops the overlapping pair and the one beyond 64 KiB
    # (nf_defrag_ipv6 counts nothing), and hands on the 1-byte fragment
    # with MF set, which jool refuses.
    add("v6 fragments overlapping and tiny", "6", REASSEMBLY,
        [v6 / IPv6ExtHdrFragment(offset=0, m=1, id=77, nh=17) /
         Raw(b"a" * 8),
         v6 / IPv6ExtHdrFragment(offset=0, m=1, id=77, nh=17) /
         Raw(b"b" * 16),
         v6 / IPv6ExtHdrFragment(offset=1, m=0, id=77, nh=17) /
         Raw(b"c" * 8),
         v6 / IPv6ExtHdrFragment(offset=8191, m=1, id=78, nh=17) /
         Raw(b"d" * 16),
         v6 / IPv6ExtHdrFragment(offset=0, m=1, id=79, nh=6) / Raw(b"e")],
        {"drop_ipv6_ext_header": 1})
    inner4 = bytes(IPv6(src=SERVER6, dst=C6) /
                   UDP(sport=5000, dport=40000) / pay)
    add("v6 ICMPv6 errors, truncated/nested inner", "6", True,
        [v6 / ICMPv6DestUnreach(code=4) / Raw(inner4[:n])
         for n in (0, 8, 39, 40, 44, 47)] +
        [v6 / ICMPv6PacketTooBig(mtu=1280) / Raw(inner4),
         v6 / ICMPv6TimeExceeded() / Raw(inner4[:60]),
         v6 / ICMPv6ParamProblem(ptr=6) / Raw(inner4),
         v6 / ICMPv6DestUnreach() / IPv6(src=SERVER6, dst=C6) /
         ICMPv6DestUnreach() / IPv6(src=C6, dst=SERVER6) / pay,
         v6 / ICMPv6DestUnreach() / IPv6(src=SERVER6, dst=C6, plen=60000) /
         UDP(sport=5000, dport=40000),
         v6 / ICMPv6DestUnreach() / IPv6(src=SERVER6, dst=C6) /
         IPv6ExtHdrFragment() / UDP(sport=5000, dport=40000) / pay],
        # Cut before the inner UDP header's 8 bytes, nested, fragment:
        # dropped; the others quote the client's BIB entry: translated.
        {"drop_icmp_error_inner": 8, "translated_icmp_error_6to4": 4})
    add("v6 hop limit 0 and 1", "6", True,
        [IPv6(src=C6, dst=SERVER6, hlim=h) / UDP(sport=40000, dport=5000) /
         pay for h in (0, 1)],
        {"drop_hop_limit": 2, "sent_icmp_time_exceeded": 2})
    add("v6 fuzzed UDP/TCP/ICMPv6", "6", True,
        [v6 / fuzz(UDP(dport=5000)) / pay for _ in range(60)] +
        [v6 / fuzz(TCP(dport=5001)) for _ in range(60)] +
        [v6 / fuzz(ICMPv6EchoRequest()) for _ in range(30)])

    # IPv4 -> IPv6
    good4 = bytes(v4 / UDP(sport=5000, dport=udp_port) / pay)
    add("v4 truncated IPv4 header, bad IHL, bad total length", "4", False,
        [good4[:n] for n in (1, 12, 19)] +
        [bytes(IP(src=S4, dst=POOL4, ihl=4)) + b"\0" * 20,
         bytes(IP(src=S4, dst=POOL4, ihl=15)) + b"\0" * 8,
         bytes(IP(src=S4, dst=POOL4, len=1500) / UDP() / pay),
         bytes(IP(src=S4, dst=POOL4, len=10) / UDP() / pay),
         good4[:10] + b"\0\0" + good4[12:]])
    add("v4 truncated UDP/TCP/ICMP header", "4", True,
        [bytes(IP(src=S4, dst=POOL4, proto=17, len=20 + n)) +
         bytes(UDP(sport=5000, dport=udp_port))[:n] for n in (0, 3, 7)] +
        [bytes(IP(src=S4, dst=POOL4, proto=6, len=20 + n)) +
         bytes(TCP(sport=5001, dport=tcp_state))[:n] for n in (0, 10, 19)] +
        [bytes(IP(src=S4, dst=POOL4, proto=1, len=20 + n)) +
         bytes(ICMP(type=0))[:n] for n in (0, 1, 7)])
    add("v4 UDP length lies, zero checksum", "4", True,
        [v4 / UDP(sport=5000, dport=udp_port, len=n) / pay
         for n in (0, 7, 9, 1000)] +
        [v4 / UDP(sport=5000, dport=udp_port, chksum=0) / pay],
        {"drop_malformed": 4, "translated_4to6": 1})
    add("v4 options", "4", True,
        [IP(src=S4, dst=POOL4, options=b"\x01" * 40) /
         UDP(sport=5000, dport=udp_port) / pay,
         IP(src=S4, dst=POOL4, options=b"\x44\x04\x05\x00") /
         UDP(sport=5000, dport=udp_port) / pay])
    frags4 = fragment(v4 / UDP(sport=5000, dport=udp_port) /
                      Raw(b"g" * 600), 200)
    add("v4 fragments first/middle/last", "4", REASSEMBLY, frags4,
        {"translated_reassembled": 1})
    add("v4 fragments overlapping and tiny", "4", REASSEMBLY,
        [IP(src=S4, dst=POOL4, flags="MF", frag=0, id=9, proto=17) /
         Raw(b"a" * 8),
         IP(src=S4, dst=POOL4, flags="MF", frag=0, id=9, proto=17) /
         Raw(b"b" * 16),
         IP(src=S4, dst=POOL4, frag=1, id=9, proto=17) / Raw(b"c" * 8),
         IP(src=S4, dst=POOL4, frag=8191, id=10, proto=17) / Raw(b"d" * 8),
         IP(src=S4, dst=POOL4, flags="MF", id=11, proto=6) / Raw(b"e")])
    inner6 = bytes(IP(src=POOL4, dst=S4) /
                   UDP(sport=udp_port, dport=5000) / pay)
    add("v4 ICMP errors, truncated/nested inner", "4", True,
        [v4 / ICMP(type=3, code=3) / Raw(inner6[:n])
         for n in (0, 8, 19, 20, 27, 28)] +
        [v4 / ICMP(type=3, code=4, nexthopmtu=576) / Raw(inner6),
         v4 / ICMP(type=11) / Raw(inner6),
         v4 / ICMP(type=12) / Raw(inner6),
         v4 / ICMP(type=3) / IP(src=POOL4, dst=S4) / ICMP(type=3) /
         IP(src=S4, dst=POOL4) / UDP(sport=5000, dport=udp_port),
         v4 / ICMP(type=3) / IP(src=POOL4, dst=S4, len=60000) /
         UDP(sport=udp_port, dport=5000),
         v4 / ICMP(type=3) / IP(src=POOL4, dst=S4, ihl=15) /
         UDP(sport=udp_port, dport=5000),
         v4 / ICMP(type=3) / IP(src=POOL4, dst=S4, flags="MF", frag=3) /
         Raw(b"h" * 16)])
    add("v4 TTL 0 and 1", "4", True,
        [IP(src=S4, dst=POOL4, ttl=t) / UDP(sport=5000, dport=udp_port) /
         pay for t in (0, 1)],
        {"drop_hop_limit": 2, "sent_icmp_time_exceeded": 2})
    add("v4 fuzzed UDP/TCP/ICMP", "4", True,
        [v4 / fuzz(UDP(dport=udp_port)) / pay for _ in range(60)] +
        [v4 / fuzz(TCP(dport=tcp_state)) for _ in range(60)] +
        [v4 / fuzz(ICMP()) for _ in range(30)])

    # TCP: simultaneous open, then an RST storm, both directions.
    sim = [v6 / TCP(sport=41000, dport=6000, flags="S", seq=1000)]
    add("TCP simultaneous open, v6 SYN", "6", True, sim)
    return out


def tcp_corpus(cmac, tmac6, smac, tmac4, port4, rng):
    from scapy.layers.inet import IP, TCP
    from scapy.layers.inet6 import IPv6
    from scapy.layers.l2 import Ether
    v6 = Ether(src=cmac, dst=tmac6) / IPv6(src=C6, dst=SERVER6)
    v4 = Ether(src=smac, dst=tmac4) / IP(src=S4, dst=POOL4)
    out = [("TCP simultaneous open, v4 SYN", "4", True,
            [bytes(v4 / TCP(sport=6000, dport=port4, flags="S", seq=5000))],
            {}),
           ("TCP simultaneous open, SYN+ACKs", "6", True,
            [bytes(v6 / TCP(sport=41000, dport=6000, flags="SA", seq=1000,
                            ack=5001))], {})]
    storm6 = [bytes(v6 / TCP(sport=41000, dport=6000, flags="R",
                             seq=rng.randrange(1 << 32)))
              for _ in range(100)]
    storm4 = [bytes(v4 / TCP(sport=6000, dport=port4, flags="R",
                             seq=rng.randrange(1 << 32)))
              for _ in range(100)]
    out += [("TCP RST storm from v6", "6", True, storm6, {}),
            ("TCP RST storm from v4", "4", True, storm4, {})]
    return out
