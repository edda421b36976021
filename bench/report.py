#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turns the raw samples of bench/run.sh into the Markdown report.

  report.py KVER RAW...

RAW lines: "R SECTION METRIC MODE ROUND VALUE", "N note", "I key value".
Every ratio divides medians taken in the same VM boot.
"""
import math
import statistics
import sys
from collections import defaultdict

kver = sys.argv[1]
samples = defaultdict(list)
notes, info = [], {}
for path in sys.argv[2:]:
    for line in open(path, errors="replace"):
        f = line.rstrip("\n").split(" ", 5)
        if f[0] == "R" and len(f) == 6:
            try:
                v = float(f[5])
            except ValueError:
                continue
            if not math.isnan(v):
                samples[(f[1], f[2], f[3])].append(v)
        elif f[0] == "N":
            notes.append(line[2:].strip())
        elif f[0] == "I" and len(f) >= 2:
            info[f[1]] = " ".join(f[2:])


def med(sec, metric, mode):
    v = samples.get((sec, metric, mode))
    return statistics.median(v) if v else None


def fmt(x):
    if x is None:
        return "n/m"
    if abs(x) >= 100:
        return "%.0f" % x
    if abs(x) >= 10:
        return "%.1f" % x
    return "%.3g" % x


def cell(sec, metric, mode):
    v = samples.get((sec, metric, mode))
    if not v:
        return "not measured"
    s = fmt(statistics.median(v))
    if len(v) > 1:
        s += " [%s–%s] n=%d" % (fmt(min(v)), fmt(max(v)), len(v))
    return s


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def rfmt(r):
    return "n/m" if r is None else "%.2f×" % r


out = []
p = out.append
p("# Benchmarks: jool.ko vs NAT64 Jool 4.1.9, plain forwarding, MASQUERADE")
p("")
p("Kernel %s (guest: %s), %s vCPUs (%s), QEMU TCG, 2 GiB. "
  % (kver, info.get("kernel", "?"), info.get("vcpus", "?"), info.get("cpu", "?")))
p("**Absolute numbers under TCG emulation mean little; the ratios are the "
  "result.** Every ratio divides medians of samples taken in the same VM boot "
  "(each row's samples come from one boot; the boots are listed at the end). "
  "Cells: median [min–max] n=rounds. n/m = not measured.")
p("")

# ------------------------------------------------------------ data path
dp = [("tcp_mbps", "TCP 6→4 / 4→4, Mbit/s"),
      ("tcp_rev_mbps", "TCP reverse (-R), Mbit/s"),
      ("udp_max_pps", "UDP max rate (64 B), packets/s received"),
      ("udp_fixed_pps", "UDP fixed 1000 pps (256 B), packets/s received"),
      ("udp_fixed_cpu_pct", "CPU % of the guest at that fixed rate")]
modes = ["plain", "masq", "jool", "ours"]
p("## 1. Data path (iperf3, %s s per run)" % info.get("secs", "2"))
p("")
p("MASQUERADE ran in its own boot (conntrack stays loaded after it) and is divided by "
  "that boot's own plain-forwarding samples (%s)." % ", ".join(
      "%s %s" % (m, cell("dp", m, "plain2")) for m, _ in dp[:3]))
p("")
p("| metric | plain fwd | MASQUERADE | Jool 4.1.9 | ours | masq/plain | Jool/plain | ours/plain | ours/Jool |")
p("|---|---|---|---|---|---|---|---|---|")
for m, label in dp:
    pl = med("dp", m, "plain")
    p("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        label, *[cell("dp", m, x) for x in modes],
        rfmt(ratio(med("dp", m, "masq"), med("dp", m, "plain2"))), rfmt(ratio(med("dp", m, "jool"), pl)),
        rfmt(ratio(med("dp", m, "ours"), pl)),
        rfmt(ratio(med("dp", m, "ours"), med("dp", m, "jool")))))
p("")

# ------------------------------------------------------------ config
p("## 2. Configuration scale (UDP, ports 61001-65535, each tool's CLI)")
p("")
p("Ours: `tools/jool --pool4 --add --udp --force P 61001-65535`, `--display`, "
  "`--display --csv`, `--count`, `--flush`. Jool: `jool pool4 add P 61001-65535 --udp --force`, "
  "`pool4 display --udp [--csv]`, `pool4 flush`; Jool has no count command. "
  "Memory: Slab + VmallocUsed delta around the add (1 s after, for RCU).")
p("")
p("| prefix | operation | ours (s) | Jool (s) | Jool/ours |")
p("|---|---|---|---|---|")
addrs = {"32": 1, "24": 256, "20": 4096, "18": 16384, "16": 65536}
for plen in ["32", "24", "20", "18", "16"]:
    for op, label in [("add_s", "add"), ("display_s", "display"), ("csv_s", "display --csv"),
                      ("count_s", "count"), ("flush_s", "flush"),
                      ("display_lines", "display lines"), ("kmem_kB", "kernel memory kB")]:
        m = "%s_/%s" % (op, plen)
        if (("cfg", m, "ours") not in samples) and (("cfg", m, "jool") not in samples):
            continue
        p("| /%s | %s | %s | %s | %s |" % (plen, label, cell("cfg", m, "ours"), cell("cfg", m, "jool"),
                                           rfmt(ratio(med("cfg", m, "jool"), med("cfg", m, "ours")))))
    for mode in ["ours", "jool"]:
        k = med("cfg", "kmem_kB_/%s" % plen, mode)
        if k is not None:
            info.setdefault("per_addr_%s_%s" % (mode, plen), "%.0f" % (k * 1024 / addrs[plen]))
p("")
p("Kernel memory per address (median delta / addresses): " + "; ".join(
    "/%s ours %s B, Jool %s B" % (pl, info.get("per_addr_ours_" + pl, "n/m"), info.get("per_addr_jool_" + pl, "n/m"))
    for pl in ["24", "20", "18", "16"]) + ". One add = one record for both tools.")
p("")

# ------------------------------------------------------------ allocation
p("## 3. Allocation")
p("")
p("New UDP flows per second (each flow a new source port, one packet, "
  "raw-socket sender bench/flowgen.c), and the share of offered flows translated. "
  "Pools of about 64512 transport addresses so that occupancy can be made with "
  "real flows: **1 address × 64512 ports, /24 × 252 ports, /16 × 1 port**. "
  "Occupancy 90 %/99 % = BIB entries created beforehand by real flows from other "
  "hosts (2001:db8:1::10-12, consecutive source ports); measured flows come from "
  "a new host 2001:db8:1::100, 1000 per round (150 at 99 %).")
p("")
p("| pool | occupancy (reached: ours / Jool) | ours flows/s | ours translated % | Jool flows/s | Jool translated % | ours vs own 0 % | Jool vs own 0 % | ours/Jool |")
p("|---|---|---|---|---|---|---|---|---|")
for shape, label in [("1addr", "1 address"), ("p24", "/24"), ("p16", "/16")]:
    for occ in ["0", "90", "99"]:
        m = "flows_per_s_%s_%s" % (shape, occ)
        reached = "%s %%" % occ
        if occ != "0":
            reached += " (%s / %s)" % (fmt(med("alloc", "occupancy_pct_%s_%s" % (shape, occ), "ours")),
                                       fmt(med("alloc", "occupancy_pct_%s_%s" % (shape, occ), "jool")))
        o, j = med("alloc", m, "ours"), med("alloc", m, "jool")
        p("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            label, reached, cell("alloc", m, "ours"),
            cell("alloc", "translated_pct_%s_%s" % (shape, occ), "ours"),
            cell("alloc", m, "jool"), cell("alloc", "translated_pct_%s_%s" % (shape, occ), "jool"),
            rfmt(ratio(o, med("alloc", "flows_per_s_%s_0" % shape, "ours"))),
            rfmt(ratio(j, med("alloc", "flows_per_s_%s_0" % shape, "jool"))),
            rfmt(ratio(o, j))))
p("")
p("150 new flows offered to a 100-port pool (192.0.2.1 61001-61100, UDP): "
  "ours translated %s, dropped %s; Jool translated %s, dropped %s."
  % (cell("alloc", "150_to_100_translated", "ours"), cell("alloc", "150_to_100_dropped", "ours"),
     cell("alloc", "150_to_100_translated", "jool"), cell("alloc", "150_to_100_dropped", "jool")))
p("")
p("### Callgrind: instructions per call of the pool4 core (userspace build of kernel/pool4.c, "
  "pool4_lookup.c and alloc.c, UDP ports 61001-65535)")
p("")
p("Counts include the benchmark loop (about 5 instructions per call). "
  "alloc_taddr() is measured with a bitmap as the 'taken' callback (the kernel's is a "
  "BIB hash lookup), 20000 calls from random IPv6 hosts. *random*: the taken ports "
  "are scattered uniformly; *alloc*: they are the ones alloc_taddr() itself handed "
  "out to 64 hosts (the clusters that linear probing makes); that fill stops when "
  "the allocator has refused 20000 times, and the row says how full it got.")
p("")
p("| pool | nth | contains | index | alloc 0 % | alloc 90 % random | alloc 99 % random | alloc 90 % alloc-filled | alloc 99 % alloc-filled |")
p("|---|---|---|---|---|---|---|---|---|")
for shape, label in [("1", "1 address (4535)"), ("24", "/24 (1.16 M)"), ("16", "/16 (297 M)")]:
    def ub(metric):
        return fmt(med("ubench", metric, shape))

    def al(occ, fill):
        ir = med("ubench", "alloc_Ir_%s_%s" % (occ, fill), shape)
        if ir is None:
            return "n/m"
        s = fmt(ir)
        fail = med("ubench", "alloc_failed_pct_%s_%s" % (occ, fill), shape)
        occd = med("ubench", "alloc_occupancy_%s_%s" % (occ, fill), shape)
        extra = []
        if fill == "alloc" and occd is not None and abs(occd - float(occ)) > 0.5:
            extra.append("only %s %% full" % fmt(occd))
        if fail:
            extra.append("%s %% refused" % fmt(fail))
        return s + (" (" + ", ".join(extra) + ")" if extra else "")
    p("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        label, ub("nth_Ir"), ub("contains_Ir"), ub("index_Ir"), al("0", "random"),
        al("90", "random"), al("99", "random"), al("90", "alloc"), al("99", "alloc")))
p("")

# ------------------------------------------------------------ memory
p("## 4. Memory per BIB entry + session")
p("")
p("UDP flows from 2 hosts (50000 each), pool4 198.18.0.0/24 ports 1024-65535; "
  "Slab + VmallocUsed delta / BIB entries (each flow: 1 BIB entry + 1 session).")
p("")
p("| | ours | Jool 4.1.9 | ours/Jool |")
p("|---|---|---|---|")
for m, label in [("flows", "flows created"), ("fill_s", "seconds to create them"),
                 ("bytes_per_flow", "bytes per BIB entry + session")]:
    p("| %s | %s | %s | %s |" % (label, cell("mem", m, "ours"), cell("mem", m, "jool"),
                                 rfmt(ratio(med("mem", m, "ours"), med("mem", m, "jool")))))
p("")

# ------------------------------------------------------------ goals
p("## Goals of issue 7")
p("")


def goal(name, value, target, ok):
    p("| %s | %s | %s | %s |" % (name, value, target,
                                 "n/m" if ok is None else ("met" if ok else "**SHORT**")))


p("| goal | measured | target | verdict |")
p("|---|---|---|---|")
r = ratio(med("dp", "udp_max_pps", "ours"), med("dp", "udp_max_pps", "plain"))
goal("UDP packet rate vs plain forwarding", rfmt(r), "≥ 0.9×", None if r is None else r >= 0.9)
r = ratio(med("dp", "udp_max_pps", "ours"), med("dp", "udp_max_pps", "jool"))
goal("UDP packet rate vs Jool", rfmt(r), "≥ 2.5×", None if r is None else r >= 2.5)
for m, label in [("tcp_mbps", "TCP 6→4 vs plain"), ("tcp_rev_mbps", "TCP 4→6 (reverse) vs plain")]:
    r = ratio(med("dp", m, "ours"), med("dp", m, "plain"))
    goal(label, rfmt(r), "≥ 0.98×", None if r is None else r >= 0.98)
o16, j16 = med("cfg", "add_s_/16", "ours"), med("cfg", "add_s_/16", "jool")
r = ratio(j16, o16)
goal("adding a /16 vs Jool", "%s (ours %s s, Jool %s s)" % (rfmt(r), fmt(o16), fmt(j16)),
     "≥ 100× faster than Jool", None if r is None else r >= 100)
lock = [n for n in notes if "soft lockup" in n]
goal("no soft lockup (ours)", "; ".join(lock) if lock else "none logged",
     "none", not any("ours" in n for n in lock))
for shape, label in [("1addr", "1 address"), ("p24", "/24"), ("p16", "/16")]:
    a0 = med("alloc", "flows_per_s_%s_0" % shape, "ours")
    a99 = med("alloc", "flows_per_s_%s_99" % shape, "ours")
    t99 = med("alloc", "translated_pct_%s_99" % shape, "ours")
    r = ratio(a0, a99)
    goal("allocation cost at 99 %% vs empty, %s (VM)" % label,
         "%s slower, %s %% translated" % (rfmt(r), fmt(t99)), "≤ 2× slower",
         None if r is None else (r <= 2 and (t99 or 0) >= 99))
for shape in ["1", "24", "16"]:
    a0 = med("ubench", "alloc_Ir_0_random", shape)
    a99 = med("ubench", "alloc_Ir_99_random", shape)
    r = ratio(a99, a0)
    goal("alloc_taddr() instructions at 99 %% (random) vs empty, %s" % {"1": "1 address", "24": "/24", "16": "/16"}[shape],
         rfmt(r), "≤ 2×", None if r is None else r <= 2)
r = ratio(med("mem", "bytes_per_flow", "ours"), med("mem", "bytes_per_flow", "jool"))
goal("memory per BIB entry + session vs Jool", rfmt(r), "≤ 1×", None if r is None else r <= 1)
p("")

p("## Notes")
p("")
for n in notes:
    p("- " + n)
for k in sorted(info):
    if k.startswith("boot_") or k.startswith("phase_s_") or k == "make_bench_seconds":
        p("- %s: %s" % (k, info[k]))
print("\n".join(out))
