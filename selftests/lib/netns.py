# SPDX-License-Identifier: GPL-2.0
"""What the python peers of the VM tests share: sockets made inside a
network namespace and the counters of jool/stats.

Import it with the repository's selftests/lib on sys.path (JOOL_TOP in the
test VM: kselftest may run a copy of the test from the build directory).
"""
import ctypes
import os
import socket

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


def jool_counters():
    """The counters of jool/stats by name, without the *_entries gauges
    (entries that exist now: they fall whenever a session expires)."""
    with open(STATS) as f:
        return dict((k, int(v)) for k, _, v in
                    (line.partition(": ") for line in f)
                    if not k.endswith("_entries"))
