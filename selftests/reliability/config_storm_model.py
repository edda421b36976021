# SPDX-License-Identifier: GPL-2.0
"""The model of config_storm.py: what the kernel must answer to garbage,
what a record holds after the operations that succeeded, and the pool
(tables, samples, transport addresses, display rows) that the records, or
the tools/jool operations, must make.  Imported by config_storm.py; not a
test of its own."""

import errno

DEFAULT_PORTS = (61001, 65535)

# Garbage per attribute and the errno the kernel must answer with: parsing
# comes before the EBUSY check, so these hold whatever the record's state.
GARBAGE = {
    "mark": [("abc", errno.EINVAL), ("-1", errno.EINVAL),
             ("4294967296", errno.ERANGE), ("\n", errno.EINVAL),
             ("1 2", errno.EINVAL), ("0x10", errno.EINVAL),
             ("99999999999999999999", errno.ERANGE), ("007", errno.EINVAL),
             (" 5", errno.EINVAL), ("5\n\n", errno.EINVAL),
             ("5\0", errno.EINVAL)],
    "proto": [("TCP", errno.EINVAL), ("sctp", errno.EINVAL),
              ("\n", errno.EINVAL), ("tcpp", errno.EINVAL),
              ("tc", errno.EINVAL), ("udp icmp", errno.EINVAL),
              ("tcp\0", errno.EINVAL), (" tcp", errno.EINVAL)],
    "prefix": [("192.0.2.5/30", errno.EINVAL), ("192.0.2.0/33", errno.ERANGE),
               ("300.1.1.1", errno.EINVAL), ("1.2.3", errno.EINVAL),
               ("\n", errno.EINVAL), ("192.0.2.0/", errno.EINVAL),
               ("192.0.2.0/-1", errno.EINVAL), ("192.0.2.0/24x", errno.EINVAL),
               ("192.0.2.0/99999999999", errno.ERANGE),
               ("::1", errno.EINVAL), ("1" * 5000, errno.EINVAL)],
    "ports": [("70000", errno.ERANGE), ("5-4", errno.ERANGE),
              ("a-b", errno.EINVAL), ("-5", errno.EINVAL),
              ("1-", errno.EINVAL), ("\n", errno.EINVAL),
              ("1-2-3", errno.EINVAL), ("65535-65536", errno.ERANGE),
              ("1 - 2", errno.EINVAL)],
    "enabled": [("2", errno.EINVAL), ("x", errno.EINVAL),
                ("-1", errno.EINVAL), ("\n", errno.EINVAL),
                ("y", errno.EINVAL), ("on", errno.EINVAL),
                ("off", errno.EINVAL), ("01", errno.EINVAL),
                ("1x", errno.EINVAL)],
    "quick": [("2", errno.EINVAL), ("z", errno.EINVAL), ("yes", errno.EINVAL),
              ("N", errno.EINVAL)],
}


def new_record():
    return {"mark": 0, "proto": None, "prefix": None, "ports": DEFAULT_PORTS,
            "enabled": False, "quick": False}


def enable_errno(rec):
    """What writing 1 to "enabled" of a disabled record must return."""
    if rec["proto"] is None or rec["prefix"] is None:
        return errno.EINVAL
    if rec["proto"] != "icmp" and rec["ports"][0] == 0:
        return errno.ERANGE
    return 0


def apply_op(model, op):
    """Replays one successful operation ({"op": ..., "name": ...})."""
    name, kind = op["name"], op["op"]
    if kind == "mkdir":
        model[name] = new_record()
    elif kind == "rmdir":
        del model[name]
    elif kind == "write":
        rec, attr, value = model[name], op["attr"], op["value"]
        if attr == "enabled":
            rec["enabled"] = value
        elif attr in ("ports", "prefix"):
            rec[attr] = tuple(value)
        else:
            rec[attr] = value


# ---- the pool ----

def merge(intervals):
    """Sorted union of inclusive intervals, touching ones merged."""
    out = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return out


def subtract(intervals, lo, hi):
    out = []
    for a, b in intervals:
        if b < lo or a > hi:
            out.append([a, b])
            continue
        if a < lo:
            out.append([a, lo - 1])
        if b > hi:
            out.append([hi + 1, b])
    return out


def count_tables(tables):
    """tables: {(mark, proto): [(first, last, [[lo, hi], ...]), ...]} where
    the address intervals are disjoint.  Returns (tables, samples, taddrs,
    display rows)."""
    t = s = ta = rows = 0
    for spans in tables.values():
        naddr = 0
        for first, last, ports in spans:
            n = last - first + 1
            naddr += n
            ta += n * sum(hi - lo + 1 for lo, hi in ports)
            rows += n * len(ports)
        if naddr:
            t += 1
            s += naddr
    return t, s, ta, rows


def storm_tables(records):
    """Union per (mark, proto) of enabled records, as disjoint spans."""
    groups = {}
    for rec in records:
        if not rec["enabled"]:
            continue
        addr, plen = rec["prefix"]
        last = addr | ((1 << (32 - plen)) - 1)
        groups.setdefault((rec["mark"], rec["proto"]), []).append(
            (addr, last, rec["ports"]))
    tables = {}
    for key, recs in groups.items():
        cuts = sorted({a for a, _, _ in recs} | {b + 1 for _, b, _ in recs})
        spans = []
        for first, nxt in zip(cuts, cuts[1:]):
            ports = merge([list(p) for a, b, p in recs
                           if a <= first and nxt - 1 <= b])
            if ports:
                spans.append((first, nxt - 1, ports))
        tables[key] = spans
    return tables


def tool_tables(ops):
    pool = {}
    for op in ops:
        for proto in op["protos"]:
            per_addr = pool.setdefault((op["mark"], proto), {})
            last = op["addr"] | ((1 << (32 - op["len"])) - 1)
            lo, hi = op["ports"]
            for a in range(op["addr"], last + 1):
                cur = per_addr.get(a, [])
                if op["op"] == "add":
                    per_addr[a] = merge(cur + [[lo, hi]])
                else:
                    per_addr[a] = subtract(cur, lo, hi)
    return {key: [(a, a, p) for a, p in sorted(d.items()) if p]
            for key, d in pool.items()}
