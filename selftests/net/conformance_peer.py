#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Crafted packets and field checks for conformance.sh, run from the VM's
initial namespace (the translator's); each side's sockets are made in its
own namespace.

  conformance_peer.py echo4 RNS SNS
      RFC 6146 section 3.5.3: the IPv6 node in RNS pings the IPv4 server
      in SNS, which learns the node's ICMP mapping; the server's own Echo
      Request to that mapping must reach the node as an ICMPv6 Echo
      Request, and the node's kernel's reply must come back as an ICMPv4
      Echo Reply, each checked field by field (RFC 7915 sections 4.1,
      4.2, 5.1, 5.2).  An Echo Request to an identifier without a BIB
      entry is dropped, counted as drop_no_bib.
  conformance_peer.py hairpin-udp ANS BNS
  conformance_peer.py hairpin-tcp ANS BNS
      RFC 6146 section 3.8: A and B learn their mappings from the IPv4
      server; A writes to B's (pool6 + its pool4 address and port), B
      must see A's mapping as the source (TCP: its address), and its
      answer must reach A from B's mapping.
  conformance_peer.py ext6 RNS SNS
      RFC 7915 section 5.1: UDP, TCP and ICMPv6 behind Hop-by-Hop,
      Destination Options and Routing (Segments Left 0) headers arrive
      translated, the headers gone; a Routing header with Segments Left
      > 0 gets Parameter Problem pointing at that field.
  conformance_peer.py srr4 RNS SNS PORT4
      RFC 7915 section 4.1: an IPv4 packet with an unexpired loose or
      strict source route gets Source Route Failed, one whose route is
      exhausted is translated.

Exit status 0 when every check holds, 1 otherwise.
"""
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(
    os.environ.get("JOOL_TOP") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", ".."),
    "selftests", "lib"))
# pylint: disable=wrong-import-position
from netns import (capture, csum, jool_counters, packets,  # noqa: E402
                   raw_sender, socket_in)

POOL6 = "64:ff9b::"
POOL4 = "192.0.2.1"
S4 = "198.51.100.2"
SERVER6 = "64:ff9b::c633:6402"
B6 = "2001:db8:1::2"
TRANSLATOR6 = "2001:db8:1::1"
TRANSLATOR4 = "198.51.100.1"
failed = 0


def check(name, ok, detail=""):
    global failed
    print("%s: %s%s" % ("ok" if ok else "not ok", name,
                        "" if ok or not detail else " (%s)" % detail))
    if not ok:
        failed = 1


def ntop(raw):
    return socket.inet_ntop(socket.AF_INET6 if len(raw) == 16
                            else socket.AF_INET, raw)


def parse4(raw):
    """The fields RFC 7915 sets in an IPv4 packet, and its layer 4 bytes."""
    ihl = (raw[0] & 15) * 4
    tot = struct.unpack("!H", raw[2:4])[0]
    l4 = raw[ihl:tot]
    pseudo = raw[12:20] + struct.pack("!xBH", raw[9], len(l4))
    return {"version": raw[0] >> 4, "ihl": ihl, "tos": raw[1], "len": tot,
            "df": bool(raw[6] & 0x40), "mf": bool(raw[6] & 0x20),
            "frag": struct.unpack("!H", raw[6:8])[0] & 0x1fff,
            "ttl": raw[8], "proto": raw[9], "ip_csum": csum(raw[:ihl]),
            "src": ntop(raw[12:16]), "dst": ntop(raw[16:20]),
            "l4": l4, "l4_csum_ok": csum((pseudo if raw[9] != 1 else b"") +
                                         l4) == 0xffff}


def parse6(raw):
    """The same for an IPv6 packet without extension headers."""
    plen = struct.unpack("!H", raw[4:6])[0]
    l4 = raw[40:40 + plen]
    pseudo = raw[8:40] + struct.pack("!I3xB", len(l4), raw[6])
    return {"version": raw[0] >> 4,
            "tclass": (struct.unpack("!I", raw[:4])[0] >> 20) & 0xff,
            "flow": struct.unpack("!I", raw[:4])[0] & 0xfffff,
            "plen": plen, "nh": raw[6], "hlim": raw[7],
            "src": ntop(raw[8:24]), "dst": ntop(raw[24:40]), "l4": l4,
            "l4_csum_ok": csum(pseudo + l4) == 0xffff}


def wait_for(sock, v6, match, secs=2.0):
    """The first packet on @sock whose parsed fields satisfy @match."""
    for raw in packets(sock, secs):
        p = parse6(raw) if v6 else parse4(raw)
        if match(p):
            return p
    return None


def icmp_echo(typ, ident, seq, data, pseudo=b""):
    msg = struct.pack("!BBHHH", typ, 0, 0, ident, seq) + data
    c = 0xffff - csum(pseudo + msg)
    return msg[:2] + struct.pack("!H", c) + msg[4:]


def ip6_pseudo(src, dst, length, nh):
    return socket.inet_pton(socket.AF_INET6, src) + \
        socket.inet_pton(socket.AF_INET6, dst) + struct.pack("!I3xB", length,
                                                             nh)


def ip4_header(src, dst, proto, length, ttl=64, tos=0, options=b""):
    ihl = 5 + len(options) // 4
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, tos, length + ihl * 4,
                    0x1234, 0, ttl, proto, 0,
                    socket.inet_aton(src), socket.inet_aton(dst)) + options
    return h[:10] + struct.pack("!H", 0xffff - csum(h)) + h[12:]


def ip6_header(src, dst, nh, length, hlim=64, tclass=0):
    return struct.pack("!IHBB", 6 << 28 | tclass << 20, length, nh, hlim) + \
        socket.inet_pton(socket.AF_INET6, src) + \
        socket.inet_pton(socket.AF_INET6, dst)


def echo4(rns, sns):
    """RFC 6146 section 3.5.3, an IPv4 node's query to a BIB entry."""
    data = b"query from IPv4 " + bytes(range(48))
    s0, r0 = capture(sns, "s0", False), capture(rns, "a0", True)
    req6 = icmp_echo(128, 0x6464, 1, data,
                     ip6_pseudo(B6, SERVER6, 8 + len(data), 58))
    raw_sender(rns, True).sendto(
        ip6_header(B6, SERVER6, 58, len(req6)) + req6, (SERVER6, 0))
    out = wait_for(s0, False, lambda p: p["proto"] == 1 and
                   p["l4"][0] == 8 and p["l4"][8:] == data)
    check("the node's Echo Request reaches the server", out is not None)
    if out is None:
        return
    id4 = struct.unpack("!H", out["l4"][4:6])[0]
    print("# the node's ICMP mapping: %s#%d" % (out["src"], id4))
    time.sleep(0.3)

    data = b"ping from the IPv4 side " + bytes(range(100))
    req4 = icmp_echo(8, id4, 77, data)
    raw_sender(sns, False).sendto(
        ip4_header(S4, POOL4, 1, len(req4), ttl=50, tos=0x28) + req4,
        (POOL4, 0))
    got = wait_for(r0, True, lambda p: p["nh"] == 58 and
                   p["l4"][0] == 128 and p["l4"][8:] == data)
    check("IPv4 Echo Request to the mapping arrives as ICMPv6",
          got is not None)
    if got:
        want = {"version": 6, "tclass": 0x28, "flow": 0,
                "plen": 8 + len(data), "nh": 58, "hlim": 49,
                "src": SERVER6, "dst": B6, "l4_csum_ok": True}
        seen = dict((k, got[k]) for k in want)
        check("ICMPv6 Echo Request header fields (RFC 7915 4.1)",
              seen == want, "%s != %s" % (seen, want))
        ident, seq = struct.unpack("!HH", got["l4"][4:8])
        check("type 128 code 0, the node's identifier 0x6464, seq 77",
              got["l4"][1] == 0 and (ident, seq) == (0x6464, 77),
              "code %d id %#x seq %d" % (got["l4"][1], ident, seq))
    rep = wait_for(s0, False, lambda p: p["proto"] == 1 and
                   p["l4"][0] == 0 and p["l4"][8:] == data)
    check("the node's Echo Reply comes back as ICMPv4", rep is not None)
    if rep:
        want = {"version": 4, "ihl": 20, "len": 20 + 8 + len(data),
                "ttl": 63, "proto": 1, "ip_csum": 0xffff,
                "src": POOL4, "dst": S4, "l4_csum_ok": True,
                "mf": False, "frag": 0}
        seen = dict((k, rep[k]) for k in want)
        check("ICMPv4 Echo Reply header fields (RFC 7915 5.1)",
              seen == want, "%s != %s" % (seen, want))
        ident, seq = struct.unpack("!HH", rep["l4"][4:8])
        check("type 0 code 0, identifier back to the mapping's, seq 77",
              rep["l4"][1] == 0 and (ident, seq) == (id4, 77),
              "code %d id %d seq %d" % (rep["l4"][1], ident, seq))

    before = jool_counters()
    other = (id4 + 1000) % 65536 or 1
    req4 = icmp_echo(8, other, 1, data)
    raw_sender(sns, False).sendto(ip4_header(S4, POOL4, 1, len(req4)) + req4,
                                  (POOL4, 0))
    time.sleep(0.5)
    after = jool_counters()
    moved = dict((k, after[k] - before.get(k, 0)) for k in after
                 if after[k] != before.get(k, 0))
    check("Echo Request to an identifier without BIB entry: drop_no_bib",
          moved == {"drop_no_bib": 1}, moved)


def mapping(ns, kind, sport, port):
    """The mapping (pool4 address, port) the server sees for @ns's
    transport address [::]:@sport, learned by talking to it."""
    s = socket_in(ns, socket.AF_INET6, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.settimeout(2)
    s.bind(("::", sport))
    try:
        if kind == socket.SOCK_DGRAM:
            s.sendto(b"map me", (SERVER6, port))
            data = s.recv(100)
        else:
            s.connect((SERVER6, port))
            s.sendall(b"map me\n")
            data = s.recv(100)
    except OSError:
        return None, None
    finally:
        s.close()
    addr, port4 = data.partition(b"|")[0].decode().split()
    return addr, int(port4)


def v6(addr4):
    return ntop(socket.inet_pton(socket.AF_INET6, POOL6 + addr4))


def hairpin_udp(ans, bns):
    """A (ANS) writes to B's (BNS) mapping; B answers."""
    a4, ap = mapping(ans, socket.SOCK_DGRAM, 7000, 5000)
    b4, bp = mapping(bns, socket.SOCK_DGRAM, 7001, 5000)
    print("# UDP mappings: A %s#%s, B %s#%s" % (a4, ap, b4, bp))
    if not ap or not bp:
        check("UDP hairpin: mappings", False, "no answer from the server")
        return
    a = socket_in(ans, socket.AF_INET6, socket.SOCK_DGRAM)
    b = socket_in(bns, socket.AF_INET6, socket.SOCK_DGRAM)
    for s, port in ((a, 7000), (b, 7001)):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.settimeout(2)
        s.bind(("::", port))
    a.sendto(b"hello B", (v6(b4), bp))
    try:
        data, peer = b.recvfrom(100)
    except socket.timeout:
        check("UDP hairpin: A reaches B through B's mapping", False,
              "nothing arrived")
        return
    check("UDP hairpin: B sees A's mapping as the source",
          data == b"hello B" and peer[:2] == (v6(a4), ap),
          "%s %s" % (data, peer))
    b.sendto(b"hello A", peer[:2])
    try:
        data, peer = a.recvfrom(100)
    except socket.timeout:
        check("UDP hairpin: B's answer reaches A", False, "nothing arrived")
        return
    check("UDP hairpin: A hears B from B's mapping",
          data == b"hello A" and peer[:2] == (v6(b4), bp),
          "%s %s" % (data, peer))


def hairpin_tcp(ans, bns):
    """B listens on the port whose BIB entry an earlier connection made."""
    a4, _ = mapping(ans, socket.SOCK_STREAM, 0, 5001)
    b4, bp = mapping(bns, socket.SOCK_STREAM, 7002, 5001)
    print("# TCP mappings: A %s, B %s#%s" % (a4, b4, bp))
    if not bp:
        check("TCP hairpin: mappings", False, "no answer from the server")
        return
    lst = socket_in(bns, socket.AF_INET6, socket.SOCK_STREAM)
    lst.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lst.bind(("::", 7002))
    lst.listen(1)
    lst.settimeout(3)
    a = socket_in(ans, socket.AF_INET6, socket.SOCK_STREAM)
    a.settimeout(3)
    try:
        a.connect((v6(b4), bp))
        c, peer = lst.accept()
        c.settimeout(3)
        a.sendall(b"over the hairpin\n")
        got = c.recv(100)
        c.sendall(b"and back\n")
        back = a.recv(100)
    except OSError as e:
        check("TCP hairpin: A connects to B through B's mapping", False, e)
        return
    check("TCP hairpin: B accepts A from A's mapping, data both ways",
          peer[0] == v6(a4) and got == b"over the hairpin\n" and
          back == b"and back\n", "%s %s %s" % (peer, got, back))
    c.close()
    a.close()
    lst.close()


# IPv6 extension header codes and builders (RFC 8200 section 4).
HOP, DEST, ROUTING = 0, 60, 43


def ext_opts(nh):
    """Hop-by-Hop or Destination Options: 8 bytes, a PadN option."""
    return struct.pack("!BBBB4x", nh, 0, 1, 4)


def ext_routing(nh, segleft):
    """A Routing header of type 4 (RFC 8754) listing one address."""
    return struct.pack("!BBBBI", nh, 2, 4, segleft, 0) + \
        socket.inet_pton(socket.AF_INET6, "2001:db8:9::9")


def chain(kinds, last):
    """The bytes of the extension headers @kinds, then next header @last."""
    out = b""
    for i, (kind, arg) in enumerate(kinds):
        nh = kinds[i + 1][0] if i + 1 < len(kinds) else last
        out += ext_opts(nh) if kind != ROUTING else ext_routing(nh, arg)
    return out


def l4_of(proto, dst):
    if proto == 17:
        body = b"behind extension headers"
        msg = struct.pack("!HHHH", 7003, 5000, 8 + len(body), 0) + body
        pseudo = ip6_pseudo(B6, dst, len(msg), 17)
        c = 0xffff - csum(pseudo + msg)
        return msg[:6] + struct.pack("!H", c) + msg[8:]
    if proto == 6:
        msg = struct.pack("!HHIIBBHHH", 7004, 5001, 1000, 0, 5 << 4, 0x02,
                          8192, 0, 0)
        c = 0xffff - csum(ip6_pseudo(B6, dst, len(msg), 6) + msg)
        return msg[:16] + struct.pack("!H", c) + msg[18:]
    data = b"echo behind extension headers"
    return icmp_echo(128, 0x7171, 3, data,
                     ip6_pseudo(B6, dst, 8 + len(data), 58))


def ext6_translated(rns, sns, kinds, proto):
    s0 = capture(sns, "s0", False)
    l4 = l4_of(proto, SERVER6)
    ext = chain(kinds, proto)
    raw_sender(rns, True).sendto(ip6_header(B6, SERVER6, kinds[0][0],
                                            len(ext) + len(l4), tclass=0x10)
                                 + ext + l4, (SERVER6, 0))
    want_proto = {58: 1}.get(proto, proto)
    got = wait_for(s0, False, lambda p: p["proto"] == want_proto and
                   (proto != 58 or p["l4"][0] == 8) and
                   p["l4"][8:] == l4[8:] if proto != 6 else
                   p["proto"] == 6 and p["l4"][2:4] == l4[2:4] and
                   p["l4"][13] == 0x02)
    names = "+".join({HOP: "HopByHop", DEST: "DestOpt",
                      ROUTING: "Routing(SL 0)"}[k] for k, _ in kinds)
    what = "%s then %s: translated" % (names, {17: "UDP", 6: "TCP SYN",
                                                58: "Echo"}[proto])
    if got is None:
        check(what, False, "nothing reached the server")
        return
    want = {"version": 4, "ihl": 20, "tos": 0x10, "len": 20 + len(l4),
            "ttl": 63, "proto": want_proto, "ip_csum": 0xffff, "dst": S4,
            "src": POOL4, "l4_csum_ok": True, "mf": False, "frag": 0}
    seen = dict((k, got[k]) for k in want)
    check(what + ", headers gone, fields and checksum right", seen == want,
          "%s != %s" % (seen, want))


def ext6_refused(rns, kinds, pointer):
    r0 = capture(rns, "a0", True)
    l4 = l4_of(17, SERVER6)
    ext = chain(kinds, 17)
    pkt = ip6_header(B6, SERVER6, kinds[0][0], len(ext) + len(l4)) + ext + l4
    before = jool_counters()
    raw_sender(rns, True).sendto(pkt, (SERVER6, 0))
    got = wait_for(r0, True, lambda p: p["nh"] == 58 and p["l4"][0] == 4)
    time.sleep(0.2)
    after = jool_counters()
    moved = dict((k, after[k] - before.get(k, 0)) for k in after
                 if after[k] != before.get(k, 0))
    what = "Routing header with Segments Left 1 (pointer %d)" % pointer
    if got is None:
        check(what + ": Parameter Problem", False, "none came back")
        return
    ptr = struct.unpack("!I", got["l4"][4:8])[0]
    check(what + ": Parameter Problem code 0 from the translator",
          got["l4"][1] == 0 and ptr == pointer and
          got["src"] == TRANSLATOR6 and got["l4_csum_ok"] and
          got["l4"][8:8 + len(pkt)] == pkt[:len(got["l4"]) - 8],
          "code %d pointer %d from %s" % (got["l4"][1], ptr, got["src"]))
    check(what + ": counted", moved == {"drop_routing_header": 1,
                                        "sent_icmp_parameter_problem": 1},
          moved)


def ext6(rns, sns):
    for kinds, proto in (([(HOP, 0)], 17), ([(DEST, 0)], 17),
                         ([(ROUTING, 0)], 17),
                         ([(HOP, 0), (DEST, 0), (ROUTING, 0), (DEST, 0)], 17),
                         ([(HOP, 0), (ROUTING, 0)], 6),
                         ([(DEST, 0)], 58)):
        ext6_translated(rns, sns, kinds, proto)
        time.sleep(0.1)
    ext6_refused(rns, [(ROUTING, 1)], 40 + 3)
    ext6_refused(rns, [(DEST, 0), (ROUTING, 1)], 40 + 8 + 3)


def source_route(kind, pointer):
    """LSRR (131) or SSRR (137) listing 203.0.113.9, then NOP padding."""
    return struct.pack("!BBB4sB", kind, 7, pointer,
                       socket.inet_aton("203.0.113.9"), 1)


def srr4(rns, sns, port4):
    s0, r0 = capture(sns, "s0", False), capture(rns, "a0", True)
    body = b"source routed"
    udp = struct.pack("!HHHH", 5000, int(port4), 8 + len(body), 0) + body
    for kind, name in ((131, "loose"), (137, "strict")):
        before = jool_counters()
        raw_sender(sns, False).sendto(
            ip4_header(S4, POOL4, 17, len(udp), options=source_route(kind, 4))
            + udp, (POOL4, 0))
        got = wait_for(s0, False, lambda p: p["proto"] == 1 and
                       p["l4"][0] == 3)
        time.sleep(0.2)
        after = jool_counters()
        moved = dict((k, after[k] - before.get(k, 0)) for k in after
                     if after[k] != before.get(k, 0))
        what = "IPv4 unexpired %s source route" % name
        check(what + ": Source Route Failed (type 3 code 5)",
              got is not None and got["l4"][1] == 5 and
              got["src"] == TRANSLATOR4 and got["l4_csum_ok"],
              got and "code %d from %s" % (got["l4"][1], got["src"]))
        check(what + ": dropped, counted",
              moved == {"drop_ipv4_source_route": 1,
                        "sent_icmp_source_route_failed": 1}, moved)
    raw_sender(sns, False).sendto(
        ip4_header(S4, POOL4, 17, len(udp), options=source_route(131, 8)) +
        udp, (POOL4, 0))
    got = wait_for(r0, True, lambda p: p["nh"] == 17 and
                   p["l4"][8:] == body)
    check("IPv4 exhausted source route: translated, options gone",
          got is not None and got["plen"] == len(udp) and
          got["l4_csum_ok"] and got["src"] == SERVER6, got)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    {"echo4": echo4, "hairpin-udp": hairpin_udp,
     "hairpin-tcp": hairpin_tcp, "ext6": ext6, "srr4": srr4}[cmd](*args)
    return failed


if __name__ == "__main__":
    sys.exit(main())
