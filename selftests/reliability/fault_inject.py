#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""pool4 configuration under injected allocation failures.

Needs a kernel with CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_DEBUG_FS
(selftests/debug-kernel/); skips elsewhere.  With /proc/thread-self/fail-nth
the N-th slab allocation of one system call fails, for N = 1, 2, ... until
the call gets through without a failure:

- mkdir: a failed one leaves no directory behind;
- enabled 1: a failed one leaves the record disabled and the pool as it
  was (count unchanged), and the pool stays usable;
- enabled 0: a failed one leaves the record enabled and the pool as it was;
- rmdir: whatever fails, once the directory is gone the record is out of
  the data path: count drops to the pool without it, at once or (when the
  rebuild failed and the empty pool was published) after the retry worker,
  within a few seconds.

Exit status: 0 pass, 1 fail, 4 skip (kselftest convention).
"""

import errno
import os
import sys
import time

POOL4 = "/sys/kernel/config/jool/pool4"
FAILSLAB = "/sys/kernel/debug/failslab"
FAIL_NTH = "/proc/thread-self/fail-nth"
KSFT_SKIP = 4
MAX_N = 200

BASE = os.path.join(POOL4, "fi-base")
REC = os.path.join(POOL4, "fi-rec")
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("not ok: %s" % msg, flush=True)
    return cond


def put(path, text):
    with open(path, "w") as f:
        f.write(text)


def get(path):
    with open(path) as f:
        return f.read()


def count():
    return get(os.path.join(POOL4, "count"))


def wait_count(want, seconds=5.0):
    deadline = time.time() + seconds
    while True:
        got = count()
        if got == want or time.time() > deadline:
            return got
        time.sleep(0.05)


def with_fault(n, call):
    """Runs call() with the n-th slab allocation of this thread failing.
    Returns (errno or 0, whether the failure was injected)."""
    fd = os.open(FAIL_NTH, os.O_RDWR)
    try:
        os.write(fd, str(n).encode())
        try:
            call()
            err = 0
        except OSError as e:
            err = e.errno
        left = int(os.pread(fd, 32, 0).decode().strip() or "0")
        os.write(fd, b"0")
    finally:
        os.close(fd)
    return err, left == 0


def write_fd(fd, text):
    return lambda: os.pwrite(fd, text.encode(), 0)


def make_record(path, proto, prefix, ports):
    os.mkdir(path)
    put(path + "/proto", proto)
    put(path + "/prefix", prefix)
    put(path + "/ports", ports)


def setup_failslab():
    settings = {"ignore-gfp-wait": "N", "verbose": "0", "probability": "0",
                "interval": "1", "times": "-1", "space": "0",
                "cache-filter": "N", "task-filter": "N"}
    saved = {}
    for name, value in settings.items():
        path = os.path.join(FAILSLAB, name)
        if os.path.exists(path):
            saved[name] = get(path).strip()
            put(path, value)
    return saved


def test_mkdir():
    tried = 0
    for n in range(1, MAX_N):
        err, injected = with_fault(n, lambda: os.mkdir(REC))
        tried += 1
        if not injected:
            check(err == 0, "mkdir without a failure: %s" % err)
            break
        if err:
            check(not os.path.exists(REC),
                  "mkdir failed (%s, n=%d) but left %s" %
                  (errno.errorcode.get(err), n, REC))
        else:
            os.rmdir(REC)
    os.rmdir(REC)
    print("ok: mkdir under %d injected failures" % (tried - 1), flush=True)


def test_enable(before):
    make_record(REC, "tcp", "192.0.2.128/25", "1000-1999")
    tried = 0
    for n in range(1, MAX_N):
        fd = os.open(REC + "/enabled", os.O_WRONLY)
        err, injected = with_fault(n, write_fd(fd, "1"))
        os.close(fd)
        tried += 1
        if not injected:
            check(err == 0, "enabled 1 without a failure: %s" % err)
            break
        if err:
            check(err == errno.ENOMEM, "enabled 1, n=%d: %s, not ENOMEM" %
                  (n, errno.errorcode.get(err)))
            check(get(REC + "/enabled") == "0\n",
                  "enabled 1 failed (n=%d) but the record is enabled" % n)
            check(count() == before,
                  "enabled 1 failed (n=%d): count %r, was %r" %
                  (n, count(), before))
        else:
            # The failure hit something that could cope: start over.
            put(REC + "/enabled", "0")
    with_rec = count()
    check(with_rec != before, "the pool did not grow: %r" % with_rec)
    print("ok: enabled 1 under %d injected failures" % (tried - 1),
          flush=True)
    return with_rec


def test_disable(before, with_rec):
    tried = 0
    for n in range(1, MAX_N):
        fd = os.open(REC + "/enabled", os.O_WRONLY)
        err, injected = with_fault(n, write_fd(fd, "0"))
        os.close(fd)
        tried += 1
        if not injected:
            check(err == 0, "enabled 0 without a failure: %s" % err)
            break
        if err:
            check(err == errno.ENOMEM, "enabled 0, n=%d: %s, not ENOMEM" %
                  (n, errno.errorcode.get(err)))
            check(get(REC + "/enabled") == "1\n",
                  "enabled 0 failed (n=%d) but the record is disabled" % n)
            check(count() == with_rec,
                  "enabled 0 failed (n=%d): count %r, was %r" %
                  (n, count(), with_rec))
        else:
            put(REC + "/enabled", "1")
    check(count() == before, "disabled: count %r, want %r" %
          (count(), before))
    print("ok: enabled 0 under %d injected failures" % (tried - 1),
          flush=True)


def test_rmdir(before, with_rec):
    tried = fallbacks = 0
    for n in range(1, MAX_N):
        if not os.path.exists(REC):
            make_record(REC, "tcp", "192.0.2.128/25", "1000-1999")
            put(REC + "/enabled", "1")
            check(count() == with_rec, "re-enabled: count %r, want %r" %
                  (count(), with_rec))
        err, injected = with_fault(n, lambda: os.rmdir(REC))
        tried += 1
        if err:
            check(os.path.exists(REC), "rmdir failed but %s is gone" % REC)
            check(count() == with_rec,
                  "rmdir refused (n=%d): count %r, was %r" %
                  (n, count(), with_rec))
        else:
            check(not os.path.exists(REC), "rmdir succeeded, %s left" % REC)
            now = count()
            if now != before:
                fallbacks += 1
                got = wait_count(before)
                check(got == before,
                      "rmdir (n=%d): count %r a few seconds later, want %r"
                      % (n, got, before))
        if not injected:
            check(err == 0, "rmdir without a failure: %s" % err)
            break
    print("ok: rmdir under %d injected failures, %d of them fell back to "
          "the empty pool" % (tried - 1, fallbacks), flush=True)


def main():
    if not os.path.isdir(POOL4):
        print("SKIP: %s missing (jool.ko not loaded)" % POOL4)
        return KSFT_SKIP
    if not os.path.exists(FAIL_NTH) or not os.path.isdir(FAILSLAB):
        print("SKIP: no failslab / fail-nth (needs the debug kernel of "
              "selftests/debug-kernel)")
        return KSFT_SKIP
    saved = setup_failslab()
    try:
        make_record(BASE, "tcp", "192.0.2.0/25", "1000-2999")
        put(BASE + "/enabled", "1")
        before = count()
        test_mkdir()
        with_rec = test_enable(before)
        test_disable(before, with_rec)
        put(REC + "/enabled", "1")
        test_rmdir(before, with_rec)
        check(count() == before, "at the end: count %r, want %r" %
              (count(), before))
    finally:
        for path in (REC, BASE):
            if os.path.exists(path):
                os.rmdir(path)
        for name, value in saved.items():
            put(os.path.join(FAILSLAB, name), value)
    if failures:
        print("FAIL: %d checks failed" % len(failures))
        return 1
    print("PASS: pool4 configuration under injected allocation failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
