#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""An NFQUEUE listener that accepts every packet, for nat64.sh.

  nfqueue_accept.py QUEUE FILE

Binds queue QUEUE (nfnetlink_queue, metadata only), writes "0" to FILE
once bound, then gives each packet the verdict NF_ACCEPT and writes the
number of packets so far to FILE.  Runs until killed.  The verdict is
sent from this task, so the kernel goes on with the packet's hooks there
(nf_reinject()), not in a softirq.
"""
import os
import socket
import struct
import sys

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_PACKET_HDR = 1
NFQA_VERDICT_HDR = 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS = 1, 2
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NF_ACCEPT = 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2


def attr(kind, payload):
    pad = (4 - len(payload) % 4) % 4
    return struct.pack("=HH", 4 + len(payload), kind) + payload + b"\0" * pad


def message(kind, queue, attrs, flags=NLM_F_REQUEST):
    # nfgenmsg: family, version, queue number (big endian).
    body = struct.pack("=BBH", socket.AF_UNSPEC, 0, socket.htons(queue)) + attrs
    return struct.pack("=IHHII", 16 + len(body), NFNL_SUBSYS_QUEUE << 8 | kind,
                       flags, 0, 0) + body


def expect_ack(sock):
    data = sock.recv(65536)
    kind = struct.unpack_from("=H", data, 4)[0]
    err = struct.unpack_from("=i", data, 16)[0] if kind == NLMSG_ERROR else 0
    if err:
        sys.exit("nfqueue_accept: config refused: %s" % os.strerror(-err))


def packet_ids(data):
    """The packet ids of the NFQNL_MSG_PACKET messages in DATA."""
    off = 0
    while off + 16 <= len(data):
        length, kind = struct.unpack_from("=IH", data, off)
        if length < 16:
            return
        if kind == NFNL_SUBSYS_QUEUE << 8 | NFQNL_MSG_PACKET:
            a = off + 20
            while a + 4 <= off + length:
                alen, akind = struct.unpack_from("=HH", data, a)
                if alen < 4:
                    break
                if akind & 0x7fff == NFQA_PACKET_HDR:
                    yield struct.unpack_from("!I", data, a + 4)[0]
                a += (alen + 3) & ~3
        off += (length + 3) & ~3


def main():
    queue, path = int(sys.argv[1]), sys.argv[2]
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.bind((0, 0))
    flags = NLM_F_REQUEST | NLM_F_ACK
    sock.send(message(NFQNL_MSG_CONFIG, queue, attr(
        NFQA_CFG_CMD, struct.pack("!BxH", NFQNL_CFG_CMD_BIND, 0)), flags))
    expect_ack(sock)
    sock.send(message(NFQNL_MSG_CONFIG, queue, attr(
        NFQA_CFG_PARAMS, struct.pack("!IB", 0, NFQNL_COPY_META)), flags))
    expect_ack(sock)
    count = 0
    with open(path, "w") as f:
        f.write("0\n")
    while True:
        for pid in packet_ids(sock.recv(65536)):
            sock.send(message(NFQNL_MSG_VERDICT, queue, attr(
                NFQA_VERDICT_HDR, struct.pack("!II", NF_ACCEPT, pid))))
            count += 1
            with open(path, "w") as f:
                f.write("%d\n" % count)


if __name__ == "__main__":
    main()
