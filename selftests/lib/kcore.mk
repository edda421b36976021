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

# The pool4 core, and the allocator with it, as the tests link them: the
# module's files plus the test-only code of kcore_test.h.
KLIB := $(TOP)/selftests/lib
KCORE_POOL4 := $(TOP)/kernel/core/pool4.c $(TOP)/kernel/core/pool4_lookup.c \
	$(KLIB)/kcore_pool4.c
KCORE_TADDR := $(KCORE_POOL4) $(TOP)/kernel/core/taddr_occ.c \
	$(TOP)/kernel/core/taddr_alloc.c $(TOP)/kernel/core/taddr_block.c \
	$(KLIB)/kcore_taddr.c
KCORE_HDRS := $(wildcard $(TOP)/kernel/core/*.h) $(KLIB)/kcore_test.h $(KSHIMS)

CC ?= gcc
CFLAGS := -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-I $(KINCLUDE) -I $(TOP)/kernel -I $(KLIB) -isystem $(HARNESS)
LDFLAGS := -fsanitize=address,undefined
