#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sums up the samples of make bench-profile (bench/profile.sh).

  profile.py KVER OUTDIR JOOL_KO

Reads OUTDIR/raw-profile.txt, the guest's output (bench/guest/profile.sh):
"I key value" and "N note" lines, and files between "P begin NAME" and
"P end NAME", which are written to OUTDIR/NAME.  From each folded-MODE.txt
(folded call stacks, outermost frame first) it draws flame-MODE.svg (the
samples that were not idle) and prints a Markdown summary: where the CPU
time went by context, the symbols that softirq time was spent in (self
time), and the share of softirq time below the functions that the
translator's cost is suspected in (inclusive).  JOOL_KO's symbols are the
translator's own functions.
"""
import html
import os
import re
import subprocess
import sys
import zlib
from collections import Counter, defaultdict

kver, outdir, ko = sys.argv[1:4]
info, notes, files = {}, [], {}
name = None
for line in open(os.path.join(outdir, "raw-profile.txt"), errors="replace"):
    if name is not None:
        if line.rstrip("\n") == "P end " + name:
            name = None
        else:
            files[name].append(line)
        continue
    f = line.rstrip("\n").split(" ", 2)
    if f[0] == "P" and len(f) == 3 and f[1] == "begin":
        name = os.path.basename(f[2])
        files[name] = []
    elif f[0] == "I" and len(f) >= 2:
        info[f[1]] = f[2] if len(f) > 2 else ""
    elif f[0] == "N":
        notes.append(line[2:].strip())
    elif f[0] == "R" and len(f) == 3:
        r = f[2].split(" ")
        if len(r) == 4 and r[0] == "udp_max_pps":
            info["iperf_pps_" + r[1]] = r[3]
for n, lines in files.items():
    with open(os.path.join(outdir, n), "w") as out:
        out.writelines(lines)

try:
    nm = subprocess.run(["nm", "--defined-only", ko], capture_output=True,
                        text=True, check=True).stdout
    ours = {l.split()[2] for l in nm.splitlines()
            if len(l.split()) == 3 and l.split()[1] in "tT"}
except (OSError, subprocess.CalledProcessError):
    ours = set()

SOFTIRQ = {"__do_softirq", "net_rx_action"}
IDLE = {"do_idle", "cpu_startup_entry"}


def context(frames):
    """Where a sample was taken: softirq, idle or process."""
    s = set(frames)
    if s & SOFTIRQ:
        return "softirq"
    if s & IDLE:
        return "idle"
    return "process"


# What softirq time was spent on, by the first match from the top of
# the list (each sample counts once).  Tail calls (ip_forward() into
# ip_forward_finish(), jool_hook6() into xlat_6to4()) leave their caller
# off the stack, so each stage is known by any of several functions.
def has(*names):
    return lambda s: any(n in s for n in names)


STAGES = [
    ("translator: the hook and below (our functions on the stack)",
     lambda s: s & ours or s & {"jool_hook6", "jool_hook4"}),
    ("NAT64 Jool 4.1.9: its hook and below",
     has("hook_ipv6", "hook_ipv4", "core_6to4", "core_4to6")),
    # Before the IPv6 receive: 4->6, the receiver's own ipv6_rcv().
    ("delivery to the receiver (early demux, ip_local_deliver / ip6_input, "
     "UDP, wakeup)",
     has("ip_local_deliver", "ip_local_deliver_finish", "ip_protocol_deliver_rcu",
         "udp_v4_early_demux", "__udp4_lib_rcv", "udp_unicast_rcv_skb",
         "raw_local_deliver", "udp_queue_rcv_one_skb", "ip6_input",
         "ip6_input_finish", "ip6_protocol_deliver_rcu", "udpv6_rcv",
         "__udp6_lib_rcv", "udp6_unicast_rcv_skb", "udpv6_queue_rcv_one_skb")),
    ("IPv6 receive (ipv6_rcv, ip6_rcv_core, defrag): 6->4 before the hook, "
     "4->6 the receiver's",
     has("ipv6_rcv", "ip6_rcv_core", "ipv6_defrag")),
    ("IPv4 forwarding and output (ip_forward, ip_output and below)",
     has("ip_forward", "ip_forward_finish", "ip_output", "ip_finish_output",
         "__ip_finish_output", "ip_finish_output2")),
    ("IPv4 input route (ip_route_input_noref and below)",
     has("ip_route_input_noref", "ip_route_input_slow")),
    ("IPv4 receive, either hop (ip_rcv, ip_rcv_core)",
     has("ip_rcv", "ip_rcv_core", "ip_rcv_finish_core.constprop.0", "ip_rcv_finish")),
    ("backlog, RX loop and the rest", lambda s: True),
]

# What the time outside softirqs and idle was spent on, first match.
PROCESS = [
    ("perf itself", lambda c, s: c.startswith("perf")),
    ("the sender's send (udp_sendmsg / udpv6_sendmsg)", lambda c, s: s & {"udp_sendmsg", "udpv6_sendmsg"}),
    ("server's receive (udp_recvmsg / udpv6_recvmsg)", lambda c, s: s & {"udp_recvmsg", "udpv6_recvmsg", "__skb_recv_udp"}),
    ("other system calls", lambda c, s: s & {"do_syscall_64"}),
    ("iperf3 in user space", lambda c, s: c.startswith("iperf3")),
    ("the rest (kworkers, interrupts, ...)", lambda c, s: True),
]

# The sender's task (the client's, the server's with iperf3 -R): its CPU
# bounds the rate (the softirqs that forward or translate its packets and
# deliver them to the receiver run in its context, on its CPU).
CLIENT = [
    ("softirqs in its context (the hop and the delivery)", lambda c, s: c == "softirq"),
    ("its send system call (udp_sendmsg / udpv6_sendmsg)", lambda c, s: s & {"udp_sendmsg", "udpv6_sendmsg"}),
    ("its other system calls (pselect6, clock_gettime, ...)", lambda c, s: "do_syscall_64" in s),
    ("iperf3 in user space, the rest", lambda c, s: True),
]

# Inclusive shares of softirq time: a sample counts in every row whose
# functions are on its stack.
def sym_any(*names):
    return lambda s: any(n in s for n in names)


def sym_prefix(*prefixes):
    return lambda s: any(x.startswith(prefixes) for x in s)


SUSPECTS = [
    ("fib_table_lookup (any FIB lookup)", sym_any("fib_table_lookup")),
    ("ip_route_output_key_hash (IPv4 output route)", sym_any("ip_route_output_key_hash", "ip_route_output_key_hash_rcu", "ip_route_output_flow")),
    ("ip_route_input_noref (IPv4 input route)", sym_any("ip_route_input_noref")),
    ("ip6_route_output / ip6_route_input (IPv6 routes)", sym_prefix("ip6_route_output", "ip6_route_input", "ip6_pol_route")),
    ("siphash, all of it", sym_prefix("siphash", "__siphash")),
    ("siphash below __ip_select_ident", lambda s: "__ip_select_ident" in s and any(x.startswith("siphash") for x in s)),
    ("__ip_select_ident (its siphash included)", sym_any("__ip_select_ident", "ip_idents_reserve")),
    ("the BIB and sessions: bib_6to4 / bib_4to6 and below", sym_any("bib_6to4", "bib_4to6")),
    ("xlat_hairpin_wanted (is the destination ours: a pool4 lookup)", sym_any("xlat_hairpin_wanted")),
    ("ipv6_defrag (the hook that nf_defrag_ipv6 adds)", sym_any("ipv6_defrag")),
    ("wakeup of the server's iperf3 (sock_def_readable and below)", sym_any("sock_def_readable")),
    ("neighbour slow path (neigh_resolve_output and below)", sym_any("neigh_resolve_output")),
    ("checksums (csum_*, *_csum_*)", lambda s: any(re.search(r"csum", x) for x in s)),
    ("ip_output and below (dst_output)", sym_any("ip_output", "ip_finish_output", "__ip_finish_output", "ip_finish_output2")),
    ("ip6_output and below (dst_output)", sym_any("ip6_output", "ip6_finish_output", "__ip6_finish_output", "ip6_finish_output2")),
    ("dev_queue_xmit and below (veth)", sym_any("__dev_queue_xmit", "dev_queue_xmit")),
    ("netfilter hooks (nf_hook_slow and below)", sym_any("nf_hook_slow")),
    ("nf_conntrack (any nf_conntrack_* / nf_ct_*)", sym_prefix("nf_conntrack", "nf_ct_", "ipv4_conntrack", "ipv6_conntrack")),
    ("skb allocation and freeing (kmem_cache_*, kfree_skb*, consume_skb)", sym_prefix("kmem_cache_", "kfree_skb", "consume_skb", "skb_release", "__kfree_skb")),
]


def load(mode):
    path = os.path.join(outdir, "folded-%s.txt" % mode)
    stacks = []
    if not os.path.exists(path):
        return stacks
    for line in open(path, errors="replace"):
        stack, _, n = line.rstrip("\n").rpartition(" ")
        if stack and n.isdigit():
            stacks.append((stack.split(";"), int(n)))
    return stacks


def pct(a, b):
    return "%.1f" % (100.0 * a / b) if b else "n/m"


def flame(stacks, path, title):
    """An SVG flame graph of STACKS: the root at the bottom, each frame as
    wide as its samples, its callees above it."""
    root = [0, {}]
    for frames, n in stacks:
        node = root
        node[0] += n
        for fr in frames:
            node = node[1].setdefault(fr, [0, {}])
            node[0] += n
    total = root[0] or 1
    depth = [0]

    def walk(node, level):
        depth[0] = max(depth[0], level)
        for child in node[1].values():
            walk(child, level + 1)

    walk(root, 0)
    width, row = 1200.0, 16
    height = (depth[0] + 2) * row + 30
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="monospace" font-size="11">' % (width, height),
           '<text x="4" y="16">%s</text>' % html.escape(title)]

    def draw(node, label, x, level):
        w = width * node[0] / total
        if w < 0.3:
            return
        y = height - (level + 1) * row
        h = zlib.crc32(label.encode())
        if label in ours:
            colour = "rgb(80,%d,220)" % (140 + h % 80)
        else:
            colour = "rgb(%d,%d,60)" % (200 + h % 55, 80 + (h >> 8) % 120)
        tip = "%s: %d samples, %.2f%%" % (label, node[0], 100.0 * node[0] / total)
        out.append('<g><title>%s</title><rect x="%.1f" y="%d" width="%.1f" '
                   'height="%d" fill="%s" stroke="white" stroke-width="0.3"/>'
                   % (html.escape(tip), x, y, w, row - 1, colour))
        chars = int(w / 7)
        if chars >= 3:
            text = label if len(label) <= chars else label[:chars - 2] + ".."
            out.append('<text x="%.1f" y="%d">%s</text>'
                       % (x + 2, y + row - 4, html.escape(text)))
        out.append("</g>")
        cx = x
        for lab, child in sorted(node[1].items()):
            draw(child, lab, cx, level + 1)
            cx += width * child[0] / total

    cx = 0.0
    for lab, child in sorted(root[1].items()):
        draw(child, lab, cx, 0)
        cx += width * child[0] / total
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


modes = [m for m in ("plain", "ours", "jool") if ("folded-%s.txt" % m) in files]
rev = info.get("profile_direction") == "4to6"
sender = "iperf3-server" if rev else "iperf3-client"
out_if = "t6" if rev else "t4"
ncpu = int(info.get("vcpus", "2") or 2)
label = {"plain": "plain IPv4 forwarding", "ours": "the translator",
         "jool": "NAT64 Jool 4.1.9"}

data = {}
for m in modes:
    stacks = load(m)
    total = sum(n for _, n in stacks)
    ctx = Counter()
    soft_self = Counter()
    stage = Counter()
    suspect = Counter()
    comm = Counter()
    proc = Counter()
    own = Counter()
    client = Counter()
    for frames, n in stacks:
        c = context(frames[1:])
        ctx[c] += n
        if c != "idle":
            comm[frames[0]] += n
        if frames[0] == sender:
            fs = set(frames[1:])
            for lab, test in CLIENT:
                if test(c, fs):
                    client[lab] += n
                    break
        if c == "process":
            for lab, test in PROCESS:
                if test(frames[0], set(frames[1:])):
                    proc[lab] += n
                    break
        if c != "softirq":
            continue
        # Below the innermost softirq entry only: the task it interrupted
        # (the client's send, often) is not the softirq's cost.
        inner = max(i for i, fr in enumerate(frames) if fr in SOFTIRQ)
        s = set(frames[inner + 1:])
        soft_self[frames[-1]] += n
        for lab, test in STAGES:
            if test(s):
                stage[lab] += n
                break
        for lab, test in SUSPECTS:
            if test(s):
                suspect[lab] += n
        if frames[-1] in ours:
            suspect["the translator's own functions (self time)"] += n
            own[frames[-1]] += n
    # Packets per second out of the router while the events were on.
    pps = float(info.get("profile_tx_pps_" + m, "0") or 0)
    data[m] = dict(stacks=stacks, total=total, ctx=ctx, soft_self=soft_self,
                   stage=stage, suspect=suspect, comm=comm, proc=proc,
                   own=own, client=client, pps=pps)
    flame([(fr, n) for fr, n in stacks if context(fr[1:]) != "idle"],
          os.path.join(outdir, "flame-%s.svg" % m),
          "%s: UDP at the maximum rate, %d samples not idle (TCG guest, %s)"
          % (label[m], total - ctx["idle"], info.get("kernel", kver)))


def ns_per_packet(m, n):
    d = data[m]
    packets = float(info.get("profile_tx_packets_" + m, "0") or 0)
    wall = float(info.get("profile_wall_cs_" + m, "0") or 0) / 100
    if not packets or not d["total"]:
        return "n/m"
    return "%.0f" % (n / d["total"] * ncpu * wall / packets * 1e9)


p = print
p("# make bench-profile: UDP %s at the maximum rate, translator vs plain "
  "forwarding\n" % ("4->6" if rev else "6->4"))
p("Guest kernel %s, %s vCPUs (%s), QEMU TCG (no KVM): under emulation "
  "absolute times mean little, shares and ratios are the result." %
  (info.get("kernel", kver), info.get("vcpus", "?"), info.get("cpu", "?")))
p("Host time of the run: %s.  perf record -a -e %s -F %s, call graphs: %s, "
  "%s s of samples per mode after the load started (iperf3 -u -b 0 -l 64, "
  "%s)." %
  (info.get("profile_date", "?"), info.get("profile_event", "?"),
   info.get("profile_hz", "?"), info.get("profile_callgraph", "?"),
   info.get("profile_seconds", "?"),
   "iperf3 -R, server to client as in make bench's dp-udprev boot" if rev
   else "client to server as in make bench's dp-udp boot"))
p("CPU cycles counter: %s.  Host load average: %s.\n" % (
  "none (TCG emulates no PMU), so the samples come from a software clock"
  if not info.get("profile_cycles", "").isdigit() else info["profile_cycles"],
  info.get("host_load", "?")))
p("ns/packet: a row's share of the samples times the CPU time of the "
  "window (vCPUs x seconds) over the packets that left %s in it; under "
  "TCG only the ratios between rows and modes mean something.  One "
  "sample is worth %s ns/packet, a row of a few samples is noise.\n" % (
      out_if, ", ".join("%s (%s)" % (ns_per_packet(m, 1), m) for m in modes)))

p("## Load and samples\n")
p("| | " + " | ".join(label[m] for m in modes) + " |")
p("|---|" + "---|" * len(modes))
p("| packets/s out of %s while sampled | " % out_if +
  " | ".join("%.0f" % data[m]["pps"] for m in modes) + " |")
p("| iperf3 datagrams/s received (whole run, under perf) | " +
  " | ".join(info.get("iperf_pps_" + m, "n/m") for m in modes) + " |")
p("| samples | " + " | ".join(str(data[m]["total"]) for m in modes) + " |")
for c in ("softirq", "process", "idle"):
    p("| %s, %% of all samples | " % c +
      " | ".join(pct(data[m]["ctx"][c], data[m]["total"]) for m in modes) + " |")
p("| softirq CPU per packet (ns, TCG) | " +
  " | ".join(ns_per_packet(m, data[m]["ctx"]["softirq"]) for m in modes) + " |")
p("| all busy CPU per packet (ns, TCG) | " +
  " | ".join(ns_per_packet(m, data[m]["total"] - data[m]["ctx"]["idle"])
             for m in modes) + " |")
for task in ("iperf3-client", "iperf3-server"):
    p("| CPU per packet of %s, softirqs in its context included (ns) | " % task +
      " | ".join(ns_per_packet(m, data[m]["comm"][task]) for m in modes) + " |")
p("")

p("## The sender's task (%s), which bounds the rate (first match)\n" % sender)
p("| where | " + " | ".join("%s: ns/packet" % label[m] for m in modes) + " |")
p("|---|" + "---|" * len(modes))
for lab, _ in CLIENT:
    p("| %s | " % lab + " | ".join(ns_per_packet(m, data[m]["client"][lab]) for m in modes) + " |")
p("| total | " + " | ".join(ns_per_packet(m, sum(data[m]["client"].values())) for m in modes) + " |")
p("")

p("## Softirq time by stage (each sample counted once, first match)\n")
p("| stage | " + " | ".join("%s: %% of softirq, ns/packet" % label[m] for m in modes) + " |")
p("|---|" + "---|" * len(modes))
for lab, _ in STAGES:
    if not any(data[m]["stage"][lab] for m in modes):
        continue
    p("| %s | " % lab + " | ".join(
        "%s %%, %s" % (pct(data[m]["stage"][lab], data[m]["ctx"]["softirq"]),
                       ns_per_packet(m, data[m]["stage"][lab])) for m in modes) + " |")
p("")

p("## Time outside softirqs, not idle (first match)\n")
p("| where | " + " | ".join("%s: %% of all samples, ns/packet" % label[m] for m in modes) + " |")
p("|---|" + "---|" * len(modes))
for lab, _ in PROCESS:
    p("| %s | " % lab + " | ".join(
        "%s %%, %s" % (pct(data[m]["proc"][lab], data[m]["total"]),
                       ns_per_packet(m, data[m]["proc"][lab])) for m in modes) + " |")
p("")

p("## Suspected costs: share of softirq time below them (inclusive)\n")
p("| function | " + " | ".join("%s: %% of softirq, ns/packet" % label[m] for m in modes) + " |")
p("|---|" + "---|" * len(modes))
for lab in [l for l, _ in SUSPECTS] + ["the translator's own functions (self time)"]:
    p("| %s | " % lab + " | ".join(
        "%s %%, %s" % (pct(data[m]["suspect"][lab], data[m]["ctx"]["softirq"]),
                       ns_per_packet(m, data[m]["suspect"][lab])) for m in modes) + " |")
p("")

if "ours" in data and data["ours"]["own"]:
    p("## The translator's functions, self time in softirqs (top 15)\n")
    p("| function | % of softirq | ns/packet |")
    p("|---|---|---|")
    for fn, n in data["ours"]["own"].most_common(15):
        p("| %s | %s | %s |" % (fn, pct(n, data["ours"]["ctx"]["softirq"]),
                                ns_per_packet("ours", n)))
    p("")

p("## Softirq self time by symbol (top 25)\n")
tops = {m: data[m]["soft_self"].most_common(25) for m in modes}
p("| # | " + " | ".join("%s: symbol, %% of softirq" % label[m] for m in modes) + " |")
p("|---|" + "---|" * len(modes))
for i in range(max(len(t) for t in tops.values()) if tops else 0):
    cells = []
    for m in modes:
        if i < len(tops[m]):
            s, n = tops[m][i]
            cells.append("%s%s %s" % (s, " (ours)" if s in ours else "",
                                      pct(n, data[m]["ctx"]["softirq"])))
        else:
            cells.append("")
    p("| %d | " % (i + 1) + " | ".join(cells) + " |")
p("")

p("## Busy samples by command (% of samples not idle)\n")
for m in modes:
    busy = data[m]["total"] - data[m]["ctx"]["idle"]
    p("- %s: " % label[m] + ", ".join(
        "%s %s" % (c, pct(n, busy)) for c, n in data[m]["comm"].most_common(6)))
p("")
if notes:
    p("## Notes\n")
    for n in notes:
        p("- " + n)
    p("")
p("Files: report-MODE.txt (perf report --no-children --sort sym, every "
  "sample), folded-MODE.txt (folded stacks), flame-MODE.svg (flame graph of "
  "the samples not idle; the translator's functions in blue).")
