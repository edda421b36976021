#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile packets through the translator, in both directions.

  client netns (IPv6 only)      translator (init netns)      server netns
  2001:db8:1::2/64  hc0 ------ ht6  2001:db8:1::1/64
                                    pool6 64:ff9b::/96, pool4 192.0.2.1
                                ht4 198.51.100.1/24 ------ hs0 198.51.100.2/24

A corpus built with scapy (seeded: JOOL_HOSTILE_SEED) is written raw on
the client's and the server's veth with AF_PACKET sockets: truncated and
lying headers, extension header chains, fragments, ICMP errors with
truncated or nested inner packets, zero UDP checksums, TCP simultaneous
open, an RST storm and fuzzed headers.  Checks:

- accounting: for every class whose IP header the stack accepts, each
  packet is either translated or dropped under a named counter of
  jool/stats (the counters of that direction grow by at least the number
  of packets sent: the peers' answers may add to them); classes whose
  fate is known exactly (ICMP errors, lying lengths, expiring hop limits)
  must move exactly the counters they name, by exactly that much;
  a class whose IP header is broken is the stack's business: no counter
  of ours may move, and the IP layer's own (InHdrErrors, InTruncatedPkts
  of /proc/net/snmp, netstat and snmp6) must grow by at least the
  packets sent;
  fragments go to the kernel's reassembly first: on IPv4 its ReasmReqds
  must grow by the fragments sent and jool's counters by at least its
  ReasmOKs; nf_defrag_ipv6 counts nothing, so the IPv6 classes are held
  to their exact counters (one datagram reassembled and translated; the
  one fragment reassembly hands on, refused);
- well-formed traffic (ping, UDP, TCP) works before, during (ping loss
  under 20 %) and after the corpus;
- the kernel does not complain (run.sh fails the run on any WARN/BUG/
  KASAN report; the VM has panic_on_warn=1).

Exit status: 0 pass, 1 fail, 4 skip (kselftest convention).
"""

import logging
import os
import random
import socket
import subprocess
import sys
import time

JOOL = "/sys/kernel/config/jool"
# JOOL_TOP in the test VM (kselftest runs a copy of this file from the
# build directory), else the repository this file lies in.
TOP = os.environ.get("JOOL_TOP") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..")
PEER = os.path.join(TOP, "selftests", "net", "nat64_peer.py")
sys.path.insert(0, os.path.join(TOP, "selftests", "lib"))
# pylint: disable=wrong-import-position
from netns import jool_counters, socket_in  # noqa: E402
sys.path.insert(0, os.path.join(TOP, "selftests", "reliability"))
from hostile_corpus import (C6, SERVER6, S4, POOL4,  # noqa: E402
                            REASSEMBLY, corpus, tcp_corpus)
KSFT_SKIP = 4
SUFFIX = str(os.getpid())
CNS, SNS = "hostc-" + SUFFIX, "hosts-" + SUFFIX
T6, T4 = "2001:db8:1::1", "198.51.100.1"
REC = JOOL + "/pool4/hostile-"
failures = []


def sh(*cmd, check=True, ns=None):
    if ns:
        cmd = ("ip", "netns", "exec", ns) + cmd
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, check=False)
    if check and p.returncode:
        raise RuntimeError("%s: %s" % (" ".join(cmd), p.stdout.strip()))
    return p


def fail(msg):
    failures.append(msg)
    print("not ok: %s" % msg, flush=True)


def put(path, text):
    with open(path, "w") as f:
        f.write(text)


# Gauges, and what the SYN store's timer does six seconds after a class:
# not moved by the class's own packets.
NOT_PER_CLASS = ("stored_syns", "sent_icmp_port_unreachable")


def delta(before, after):
    return {k: after.get(k, 0) - before.get(k, 0) for k in after
            if not k.startswith("pool4_exhausted_") and
            not k.endswith("_entries") and k not in NOT_PER_CLASS and
            after.get(k, 0) != before.get(k, 0)}


# ---- topology ----

def setup():
    sh("ip", "netns", "add", CNS)
    sh("ip", "netns", "add", SNS)
    sh("ip", "link", "add", "ht6", "type", "veth", "peer", "name", "hc0",
       "netns", CNS)
    sh("ip", "link", "add", "ht4", "type", "veth", "peer", "name", "hs0",
       "netns", SNS)
    sh("ip", "addr", "add", T6 + "/64", "dev", "ht6", "nodad")
    sh("ip", "addr", "add", T4 + "/24", "dev", "ht4")
    sh("ip", "link", "set", "ht6", "up")
    sh("ip", "link", "set", "ht4", "up")
    sh("ip", "addr", "add", C6 + "/64", "dev", "hc0", "nodad", ns=CNS)
    sh("ip", "link", "set", "lo", "up", ns=CNS)
    sh("ip", "link", "set", "hc0", "up", ns=CNS)
    sh("ip", "-6", "route", "add", "default", "via", T6, ns=CNS)
    sh("ip", "addr", "add", S4 + "/24", "dev", "hs0", ns=SNS)
    sh("ip", "link", "set", "lo", "up", ns=SNS)
    sh("ip", "link", "set", "hs0", "up", ns=SNS)
    sh("ip", "route", "add", "default", "via", T4, ns=SNS)
    sh("sysctl", "-qw", "net.ipv4.conf.all.forwarding=1",
       "net.ipv6.conf.all.forwarding=1")
    put(JOOL + "/pool6", "64:ff9b::/96")
    for proto in ("tcp", "udp", "icmp"):
        d = REC + proto
        os.mkdir(d)
        put(d + "/proto", proto)
        put(d + "/prefix", POOL4)
        put(d + "/ports", "1-65535" if proto != "icmp" else "0-65535")
        put(d + "/enabled", "1")


def cleanup(procs):
    for p in procs:
        p.kill()
        p.wait()
    sh("ip", "netns", "del", CNS, check=False)
    sh("ip", "netns", "del", SNS, check=False)
    for proto in ("tcp", "udp", "icmp"):
        if os.path.isdir(REC + proto):
            os.rmdir(REC + proto)
    if os.path.exists(JOOL + "/pool6"):
        put(JOOL + "/pool6", "\n")


def raw_socket_in(ns, ifname):
    """An AF_PACKET socket bound to @ifname of netns @ns."""
    s = socket_in(ns, socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    return s


def mac(ifname, ns=None):
    return sh("cat", "/sys/class/net/%s/address" % ifname,
              ns=ns).stdout.strip()


# ---- well-formed traffic ----

def udp_ok(sport=0):
    args = ["python3", PEER, "udp", SERVER6, "5000", "--src", C6]
    if sport:
        args += ["--sport", str(sport)]
    p = sh(*args, check=False, ns=CNS)
    return p.stdout.strip() if p.returncode == 0 else None


def well_formed(when):
    ok = sh("ping", "-6", "-c", "1", "-W", "2", SERVER6, check=False,
            ns=CNS).returncode == 0
    ok &= udp_ok() is not None
    ok &= sh("python3", PEER, "tcp", SERVER6, "5001", "--src", C6,
             "--bytes", "20000", check=False, ns=CNS).returncode == 0
    if not ok:
        fail("well-formed ping/UDP/TCP %s the corpus" % when)
    return ok


def bib_port(proto, taddr6):
    """pool4 port of the BIB entry of @taddr6 ("addr#port"), or None."""
    with open(JOOL + "/bib") as f:
        for line in f:
            fields = line.split()
            if fields and fields[0] == proto and taddr6 in fields:
                return int(fields[-1].split("#")[1])
    return None


def proc_counter(path, row, name):
    """Counter @name of a /proc/net file made of pairs of lines, names
    then values, both starting with @row (/proc/net/snmp, netstat)."""
    with open(path) as f:
        lines = [line.split() for line in f if line.startswith(row)]
    for names, values in zip(lines[::2], lines[1::2]):
        if name in names:
            return int(values[names.index(name)])
    raise KeyError("%s: no %s %s" % (path, row, name))


def stack_refused(side):
    """How many packets the translator's IP layer refused before any hook
    saw them: bad or truncated headers (checksum errors count as header
    errors too)."""
    if side == "6":
        with open("/proc/net/snmp6") as f:
            rows = dict(line.split() for line in f if line.strip())
        return int(rows["Ip6InHdrErrors"]) + int(rows["Ip6InTruncatedPkts"])
    return (proc_counter("/proc/net/snmp", "Ip:", "InHdrErrors") +
            proc_counter("/proc/net/netstat", "IpExt:", "InTruncatedPkts"))


def reassembly(side):
    """(fragments taken, datagrams rebuilt) by the IPv4 reassembly; IPv6's
    nf_defrag counts neither."""
    if side == "6":
        return 0, 0
    return (proc_counter("/proc/net/snmp", "Ip:", "ReasmReqds"),
            proc_counter("/proc/net/snmp", "Ip:", "ReasmOKs"))


def check_reassembly(name, side, sent, total, before):
    """Every fragment is taken by the reassembly; every datagram it
    rebuilds moves a counter of ours."""
    if side == "6":
        return "nf_defrag_ipv6 counts nothing"
    after = reassembly(side)
    taken, rebuilt = after[0] - before[0], after[1] - before[1]
    if taken < sent:
        fail("%s: %d fragments sent, reassembly took %d" %
             (name, sent, taken))
    if total < rebuilt:
        fail("%s: %d datagrams reassembled, jool's counters moved by %d" %
             (name, rebuilt, total))
    return "reassembly took %d, rebuilt %d" % (taken, rebuilt)


def check_refused(name, sent, total, refused):
    """A class with a broken IP header is the stack's to refuse."""
    if total:
        fail("%s: the IP layer should refuse these, yet jool's counters "
             "moved by %d" % (name, total))
    if refused < sent:
        fail("%s: %d packets sent, the IP layer's header and truncation "
             "counters moved by %d" % (name, sent, refused))
    return "IP layer refused +%d" % refused


def send_class(socks, cls):
    name, side, accepted, frames, expect = cls
    before, refused = jool_counters(), stack_refused(side)
    reasm = reassembly(side)
    sent = 0
    for f in frames:
        try:
            socks[side].send(f)
            sent += 1
        except OSError:
            pass      # e.g. a frame too short for the device: not sent
    time.sleep(0.3)
    d = delta(before, jool_counters())
    # What the peers answer is translated the other way: not ours to count.
    total = sum(v for k, v in d.items()
                if k != ("translated_4to6" if side == "6" else
                         "translated_6to4"))
    moved = [", ".join("%s +%d" % kv for kv in sorted(d.items()))]
    if accepted == REASSEMBLY:
        moved.insert(0, check_reassembly(name, side, sent, total, reasm))
    elif not accepted:
        moved.insert(0, check_refused(name, sent, total,
                                      stack_refused(side) - refused))
    elif total < sent:
        fail("%s: %d packets sent, jool's counters moved by %d" %
             (name, sent, total))
    for counter, want in expect.items():
        if d.get(counter, 0) != want:
            fail("%s: %s moved by %d, want %d" %
                 (name, counter, d.get(counter, 0), want))
    print("# %-48s %4d sent, %s" % (name, sent, ", ".join(
        m for m in moved if m) or "no counter moved"), flush=True)
    return sent


def main():
    if not os.path.isdir(JOOL):
        print("SKIP: jool.ko not loaded")
        return KSFT_SKIP
    logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
    try:
        import scapy.layers.inet6  # noqa: F401  pylint: disable=unused-import
    except ImportError:
        print("SKIP: python3-scapy missing (apt-get install python3-scapy)")
        return KSFT_SKIP
    seed = int(os.environ.get("JOOL_HOSTILE_SEED",
                              str(random.randrange(1 << 31))))
    rng = random.Random(seed)
    random.seed(seed)           # scapy's fuzz() draws from random
    print("# hostile packets, seed %d" % seed, flush=True)
    procs = []
    try:
        setup()
        for args in (("serve-udp", "5000"), ("serve-tcp", "5001")):
            procs.append(subprocess.Popen(
                ["ip", "netns", "exec", SNS, "python3", PEER] + list(args)))
        time.sleep(1)
        if not well_formed("before"):
            return 1
        got = udp_ok(sport=40000)
        udp_port = int(got.split()[1]) if got else 61001
        socks = {"6": raw_socket_in(CNS, "hc0"),
                 "4": raw_socket_in(SNS, "hs0")}
        macs = (mac("hc0", CNS), mac("ht6"), mac("hs0", SNS), mac("ht4"))
        classes = corpus(rng, *macs, udp_port, 5001)
        sent = sum(send_class(socks, c) for c in classes)
        port4 = bip = bib_port("tcp", C6 + "#41000")
        if bip is None:
            fail("TCP simultaneous open: no BIB entry after the v6 SYN")
            port4 = 1
        for c in tcp_corpus(*macs, port4, rng):
            sent += send_class(socks, c)
        print("# %d hostile packets in %d classes" %
              (sent, len(classes) + 4), flush=True)

        # During: the whole corpus three more times under a ping.
        ping = subprocess.Popen(
            ["ip", "netns", "exec", CNS, "ping", "-6", "-q", "-i", "0.05",
             "-c", "100", SERVER6], stdout=subprocess.PIPE,
            universal_newlines=True)
        for _ in range(3):
            for _name, side, _acc, frames, _exp in classes:
                for f in frames:
                    try:
                        socks[side].send(f)
                    except OSError:
                        pass
        out, _ = ping.communicate()
        loss = [w for w in out.split(",") if "packet loss" in w]
        lost = float(loss[0].split("%")[0]) if loss else 100.0
        print("# ping during the corpus: %s" % (loss[0].strip() if loss
                                                 else out.strip()))
        if lost > 20:
            fail("ping lost %.0f%% during the corpus" % lost)
        well_formed("after")
    finally:
        cleanup(procs)
    if failures:
        print("FAIL: %d checks failed; JOOL_HOSTILE_SEED=%d reproduces" %
              (len(failures), seed))
        return 1
    print("PASS: hostile packets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
