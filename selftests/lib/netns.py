# SPDX-License-Identifier: GPL-2.0
"""What the python peers of the VM tests share: sockets made inside a
network namespace (packet capture, raw senders), the Internet checksum
and the counters of jool/stats.

Import it with the repository's selftests/lib on sys.path (JOOL_TOP in the
test VM: kselftest may run a copy of the test from the build directory).
"""
import ctypes
import os
import socket
import struct
import time

STATS = "/sys/kernel/config/jool/stats"


def socket_in(ns, family, kind, proto=0):
    """socket(@family, @kind, @proto) made in netns @ns by this thread.

    A socket belongs to the namespace it was created in, so after the
    thread switches back it still sends from @ns: one process can drive
    both sides of a test without running a helper per namespace.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    here = os.open("/proc/self/ns/net", os.O_RDONLY)
    there = os.open("/run/netns/" + ns, os.O_RDONLY)
    try:
        if libc.setns(there, 0) != 0:
            raise OSError(ctypes.get_errno(), "setns " + ns)
        try:
            return socket.socket(family, kind, proto)
        finally:
            if libc.setns(here, 0) != 0:
                raise OSError(ctypes.get_errno(), "setns back")
    finally:
        os.close(here)
        os.close(there)


def capture(ns, iface, v6, timeout=0.2):
    """A packet socket on @iface of netns @ns: the IPv6 (@v6) or IPv4
    packets that arrive there, without link header, as on the wire.  Its
    recv() waits at most @timeout seconds, packets()'s granularity."""
    ethertype = 0x86dd if v6 else 0x0800
    sock = socket_in(ns, socket.AF_PACKET, socket.SOCK_DGRAM,
                     socket.htons(ethertype))
    sock.bind((iface, ethertype))
    sock.settimeout(timeout)
    return sock


def packets(sock, secs):
    """The packets @sock receives during @secs seconds, as they come: the
    caller may stop at the one it waited for."""
    deadline = time.time() + secs
    while time.time() < deadline:
        try:
            raw = sock.recv(65535)
        except socket.timeout:
            continue
        yield raw


def raw_sender(ns, v6):
    """A raw socket of netns @ns that sends whole IPv6 or IPv4 packets,
    their header included (IPPROTO_RAW)."""
    return socket_in(ns, socket.AF_INET6 if v6 else socket.AF_INET,
                     socket.SOCK_RAW, socket.IPPROTO_RAW)


def csum(data):
    """The ones' complement sum of @data's 16-bit words (RFC 1071), not
    inverted: 0xffff over a whole header or message means it is valid."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return s


# The sweep's counters: they grow every 2 seconds whatever a test sends.
SWEEP_COUNTERS = ("expired_sessions", "expiry_checks")


def jool_counters():
    """The counters of jool/stats by name that packets move: without the
    *_entries gauges (entries that exist now: they fall whenever a
    session expires) and the sweep's counters."""
    with open(STATS) as f:
        return dict((k, int(v)) for k, _, v in
                    (line.partition(": ") for line in f)
                    if not k.endswith("_entries") and
                    k not in SWEEP_COUNTERS)
