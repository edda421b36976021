# SPDX-License-Identifier: GPL-2.0
# Userspace builds of kernel/ code for unit tests: included by
# selftests/pool4-core and selftests/alloc-core after they set TOP.
# Kernel sources build unchanged against the shared shims of
# selftests/lib/kinclude (KINCLUDE), with the kselftest harness from
# Debian's linux-source (extracted by selftests/lib/linux-source.sh).  The
# harness is a system include because its own code trips -Wextra (unused
# parameters); our code still gets every warning.  ASan and UBSan, any
# report fatal.

LINUX_SOURCE := $(shell cd $(TOP) && sh selftests/lib/linux-source.sh)
HARNESS := $(TOP)/$(LINUX_SOURCE)/tools/testing/selftests
KINCLUDE := $(TOP)/selftests/lib/kinclude
KSHIMS := $(wildcard $(KINCLUDE)/linux/*.h)

CC ?= gcc
CFLAGS := -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-I $(KINCLUDE) -I $(TOP)/kernel -isystem $(HARNESS)
LDFLAGS := -fsanitize=address,undefined
