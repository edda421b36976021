#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Concurrent pool4 configuration storm.

Several processes each run a fixed number of random operations on pool4
through configfs (mkdir, rmdir, valid and garbage attribute writes, enable,
disable, read-back), each on its own set of record names, and one more
process drives tools/jool --pool4 --add/--remove on marks of its own.  Every
process knows the state of its own records, so every operation's outcome
(success or the exact errno) is predicted and checked as it happens.  Each
process logs the operations that succeeded; at the end the logs are
replayed into a model of the pool (the union of the enabled records per
(mark, proto)) that must equal pool4/count, `jool --pool4 --count` and the
row count of `jool --pool4 --display`.  Then `jool --pool4 --flush` must
leave an empty pool.

Seeded and reproducible: JOOL_STORM_SEED (default: random, printed).
JOOL_STORM=long selects the long run (2 x 50,000 configfs operations and
60 tools/jool ones; the short one is 2 x 2,000 and 6).  Exit status:
0 pass, 1 fail (the seed is printed), 4 skip (kselftest convention).
"""

import errno
import json
import os
import random
import subprocess
import sys
import time

ROOT = os.environ.get("JOOL_CONFIGFS", "/sys/kernel/config/jool")
POOL4 = os.path.join(ROOT, "pool4")
# The repository: JOOL_TOP in the test VM (kselftest runs a copy of this
# file from the build directory), else where this file lies.
TOP = os.environ.get("JOOL_TOP") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
JOOL = os.path.join(TOP, "tools", "jool")
KSFT_SKIP = 4
sys.path.insert(0, os.path.join(TOP, "selftests", "reliability"))
# pylint: disable=wrong-import-position
from config_storm_model import (DEFAULT_PORTS, GARBAGE, apply_op,  # noqa: E402
                                count_tables, enable_errno, new_record,
                                storm_tables, tool_tables)

PROTOS = ("tcp", "udp", "icmp")
STORM_MARKS = (0, 1, 7, 4294967295)
TOOL_MARKS = (1000, 1001)
NAMES_PER_PROC = 8

class Failure(Exception):
    pass


# ---- values ----

def ip(s):
    a, b, c, d = (int(x) for x in s.split("."))
    return a << 24 | b << 16 | c << 8 | d


def ipstr(n):
    return "%d.%d.%d.%d" % (n >> 24, n >> 16 & 255, n >> 8 & 255, n & 255)


def random_prefix(rng):
    """(addr, len) inside 192.0.2.0/24 or 198.51.100.0/23: small, overlapping."""
    base, top = rng.choice(((ip("192.0.2.0"), 24), (ip("198.51.100.0"), 23)))
    plen = rng.choice((top, 28, 30, 31, 32, 32, 32))
    addr = base + rng.randrange(1 << (32 - top))
    addr &= ~((1 << (32 - plen)) - 1) & 0xffffffff
    return addr, plen


def random_ports(rng):
    choice = rng.randrange(5)
    if choice == 0:
        return DEFAULT_PORTS
    if choice == 1:
        p = rng.randrange(65536)
        return p, p
    if choice == 2:
        return 0, rng.randrange(100)          # 0: valid for icmp only
    lo = rng.choice((1, 1000, 40000, 61000)) + rng.randrange(500)
    return lo, min(65535, lo + rng.randrange(3000))


def format_value(rng, attr, value):
    """The text written for a valid value, in one of its accepted forms."""
    nl = "\n" if rng.random() < 0.5 else ""
    if attr == "prefix":
        addr, plen = value
        if plen == 32 and rng.random() < 0.5:
            return ipstr(addr) + nl
        return "%s/%d%s" % (ipstr(addr), plen, nl)
    if attr == "ports":
        lo, hi = value
        if lo == hi and rng.random() < 0.5:
            return "%d%s" % (lo, nl)
        return "%d-%d%s" % (lo, hi, nl)
    if attr in ("enabled", "quick"):
        return ("1" if value else "0") + nl
    return "%s%s" % (value, nl)


# ---- configfs access ----

def write_attr(name, attr, text):
    """Returns 0 or the errno of writing @text to @name/@attr."""
    data = text.encode()
    try:
        fd = os.open(os.path.join(POOL4, name, attr), os.O_WRONLY)
    except OSError as e:
        return e.errno
    try:
        n = os.write(fd, data)
        if n != len(data) and len(data) < 4096:
            raise Failure("short write %d/%d to %s/%s" % (n, len(data),
                                                          name, attr))
        return 0
    except OSError as e:
        return e.errno
    finally:
        os.close(fd)


def read_attr(name, attr):
    with open(os.path.join(POOL4, name, attr)) as f:
        return f.read()


def expected_text(rec, attr):
    if attr == "mark":
        return "%d\n" % rec["mark"]
    if attr == "proto":
        return rec["proto"] + "\n" if rec["proto"] else ""
    if attr == "prefix":
        return "%s/%d\n" % (ipstr(rec["prefix"][0]), rec["prefix"][1]) \
            if rec["prefix"] else ""
    if attr == "ports":
        return "%d-%d\n" % rec["ports"]
    return "%d\n" % int(rec[attr])


def errname(e):
    return errno.errorcode.get(e, str(e)) if e else "success"


# ---- one configfs worker ----

def configfs_worker(idx, seed, ops, log_path):
    rng = random.Random("%d/%d" % (seed, idx))
    names = ["storm%d-%d" % (idx, i) for i in range(NAMES_PER_PROC)]
    model = {}
    kinds = (["mkdir"] * 10 + ["rmdir"] * 6 + ["write"] * 30 +
             ["garbage"] * 14 + ["enable"] * 16 + ["disable"] * 10 +
             ["read"] * 8 + ["count"] * 2)
    with open(log_path, "w") as log:
        for i in range(ops):
            name = rng.choice(names)
            kind = rng.choice(kinds)
            rec = model.get(name)
            done = None
            if kind == "mkdir":
                want = errno.EEXIST if rec else 0
                try:
                    os.mkdir(os.path.join(POOL4, name))
                    got = 0
                except OSError as e:
                    got = e.errno
                done = {"op": "mkdir", "name": name}
            elif kind == "rmdir":
                want = 0 if rec else errno.ENOENT
                try:
                    os.rmdir(os.path.join(POOL4, name))
                    got = 0
                except OSError as e:
                    got = e.errno
                done = {"op": "rmdir", "name": name}
            elif kind in ("write", "enable", "disable"):
                if kind == "write":
                    attr = rng.choice(("mark", "proto", "prefix", "ports",
                                       "quick"))
                    value = {"mark": lambda: rng.choice(STORM_MARKS),
                             "proto": lambda: rng.choice(PROTOS),
                             "prefix": lambda: random_prefix(rng),
                             "ports": lambda: random_ports(rng),
                             "quick": lambda: rng.random() < 0.5}[attr]()
                else:
                    attr, value = "enabled", kind == "enable"
                if not rec:
                    want = errno.ENOENT
                elif attr == "quick" or value == rec["enabled"] and \
                        attr == "enabled":
                    want = 0
                elif attr == "enabled":
                    want = enable_errno(rec) if value else 0
                else:
                    want = errno.EBUSY if rec["enabled"] else 0
                got = write_attr(name, attr, format_value(rng, attr, value))
                done = {"op": "write", "name": name, "attr": attr,
                        "value": value}
            elif kind == "garbage":
                attr = rng.choice(sorted(GARBAGE))
                text, want = rng.choice(GARBAGE[attr])
                if not rec:
                    want = errno.ENOENT
                got = write_attr(name, attr, text)
                if got == 0:
                    raise Failure("op %d: %s/%s accepted garbage %r" %
                                  (i, name, attr, text[:40]))
            elif kind == "read":
                if not rec:
                    continue
                for attr in ("mark", "proto", "prefix", "ports", "enabled",
                             "quick"):
                    text = read_attr(name, attr)
                    if text != expected_text(rec, attr):
                        raise Failure("op %d: %s/%s reads %r, model says %r" %
                                      (i, name, attr, text,
                                       expected_text(rec, attr)))
                continue
            else:
                parse_count(read_count())
                continue
            if got != want:
                raise Failure("op %d: %s %s %s: got %s, model says %s" %
                              (i, kind, name, json.dumps(done),
                               errname(got), errname(want)))
            if got == 0 and done:
                apply_op(model, done)
                log.write(json.dumps(done) + "\n")


# ---- the tools/jool worker ----

def run_jool(*args):
    p = subprocess.run(["sh", JOOL, "--pool4"] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, check=False)
    return p.returncode, p.stdout, p.stderr


def tool_worker(idx, seed, ops, log_path):
    rng = random.Random("%d/tool" % seed)
    with open(log_path, "w") as log:
        for i in range(ops):
            mark = rng.choice(TOOL_MARKS)
            protos = [p for p in PROTOS if rng.random() < 0.5]
            plen = rng.choice((30, 31, 32, 32))
            addr = ip("203.0.113.0") + (rng.randrange(16) << (32 - plen) &
                                        0xff)
            lo = 1 + rng.randrange(40)
            hi = lo + rng.randrange(40)
            op = "add" if rng.random() < 0.6 else "remove"
            args = ["--" + op, "--mark", str(mark)]
            args += ["--" + p for p in protos]
            args += ["%s/%d" % (ipstr(addr), plen), "%d-%d" % (lo, hi)]
            rc, _, err = run_jool(*args)
            if rc != 0:
                raise Failure("tool op %d: jool --pool4 %s: exit %d: %s" %
                              (i, " ".join(args), rc, err.strip()))
            log.write(json.dumps({"op": op, "mark": mark,
                                  "protos": protos or list(PROTOS),
                                  "addr": addr, "len": plen,
                                  "ports": [lo, hi]}) + "\n")


def read_count():
    with open(os.path.join(POOL4, "count")) as f:
        return f.read()


def parse_count(text):
    fields = dict(line.split(": ") for line in text.strip().split("\n"))
    try:
        return (int(fields["tables"]), int(fields["samples"]),
                int(fields["transport addresses"]))
    except (KeyError, ValueError):
        raise Failure("unparsable count: %r" % text)


def records_in_kernel():
    return sorted(d for d in os.listdir(POOL4)
                  if os.path.isdir(os.path.join(POOL4, d)))


# ---- main ----

def spawn(fn, *args):
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        fn(*args)
    except Failure as e:
        print("FAIL: %s" % e, flush=True)
        code = 1
    except Exception as e:    # a crash is a failure too, with its story
        print("FAIL: %s: %r" % (fn.__name__, e), flush=True)
        code = 1
    os._exit(code)


def main():
    if not os.path.isdir(POOL4):
        print("SKIP: %s missing (jool.ko not loaded)" % POOL4)
        return KSFT_SKIP
    long_run = os.environ.get("JOOL_STORM") == "long"
    procs = int(os.environ.get("JOOL_STORM_PROCS", "2"))
    ops = int(os.environ.get("JOOL_STORM_OPS",
                             "50000" if long_run else "2000"))
    tool_ops = int(os.environ.get("JOOL_STORM_TOOL_OPS",
                                  "60" if long_run else "6"))
    seed = int(os.environ.get("JOOL_STORM_SEED",
                              str(random.randrange(1 << 31))))
    logdir = os.environ.get("JOOL_STORM_LOGDIR", "/tmp")
    rerun = "JOOL_STORM_SEED=%d JOOL_STORM_PROCS=%d JOOL_STORM_OPS=%d " \
        "JOOL_STORM_TOOL_OPS=%d" % (seed, procs, ops, tool_ops)
    print("# config storm: %d processes x %d configfs operations + %d "
          "tools/jool operations, seed %d" % (procs, ops, tool_ops, seed),
          flush=True)
    if records_in_kernel():
        print("FAIL: pool4 is not empty before the storm: %s" %
              records_in_kernel())
        return 1

    start = time.time()
    logs = [os.path.join(logdir, "storm.%d.log" % i) for i in range(procs)]
    tool_log = os.path.join(logdir, "storm.tool.log")
    pids = [spawn(configfs_worker, i, seed, ops, logs[i])
            for i in range(procs)]
    if tool_ops:
        pids.append(spawn(tool_worker, procs, seed, tool_ops, tool_log))
    failed = False
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        failed |= status != 0
    elapsed = time.time() - start

    errors = []
    model = {}
    done = 0
    for path in logs:
        with open(path) as f:
            for line in f:
                apply_op(model, json.loads(line))
                done += 1
    tool_done = []
    if tool_ops:
        with open(tool_log) as f:
            tool_done = [json.loads(line) for line in f]
    print("# %d operations in %.1f s; %d configfs and %d tools/jool "
          "operations succeeded" % (procs * ops + tool_ops, elapsed, done,
                                    len(tool_done)), flush=True)

    tables = storm_tables(list(model.values()))
    tables.update(tool_tables(tool_done))
    want = count_tables(tables)
    if not failed:
        got = parse_count(read_count())
        if got != want[:3]:
            errors.append("pool4/count says %s, the model %s" %
                          (got, want[:3]))
        rc, out, err = run_jool("--count")
        if rc or parse_count(out) != got:
            errors.append("jool --pool4 --count says %r (exit %d, %s), "
                          "pool4/count %s" % (out, rc, err.strip(), got))
        rc, out, err = run_jool("--display")
        lines = out.rstrip("\n").split("\n")
        rows = [ln for ln in lines if not ln.startswith("  (")]
        if rc or len(rows) != want[3]:
            errors.append("jool --pool4 --display: exit %d, %d rows, the "
                          "model %d (%s)" % (rc, len(rows), want[3],
                                             err.strip()))
        for name, rec in model.items():
            for attr in ("mark", "proto", "prefix", "ports", "enabled",
                         "quick"):
                text = read_attr(name, attr)
                if text != expected_text(rec, attr):
                    errors.append("%s/%s reads %r, the model %r" %
                                  (name, attr, text, expected_text(rec, attr)))
        storm_names = [n for n in records_in_kernel()
                       if n.startswith("storm")]
        if storm_names != sorted(model):
            errors.append("records %s, the model %s" %
                          (storm_names, sorted(model)))
        print("# pool: tables %d, samples %d, transport addresses %d, "
              "%d display rows, %d records" % (want + (len(model),)))

    rc, _, err = run_jool("--flush")
    left = records_in_kernel()
    got = parse_count(read_count())
    if rc or left or got != (0, 0, 0):
        errors.append("after jool --pool4 --flush: exit %d (%s), records %s,"
                      " count %s" % (rc, err.strip(), left[:5], got))
    for e in errors:
        print("FAIL: %s" % e)
    if failed or errors:
        print("FAIL: config storm; to reproduce: %s" % rerun)
        return 1
    print("PASS: config storm (%s)" % rerun)
    return 0


if __name__ == "__main__":
    sys.exit(main())
