# SPDX-License-Identifier: GPL-2.0
#
# Included by every kselftest collection of ours instead of lib.mk.
# KSFT is the kselftest tree extracted from linux-source-6.1 by
# selftests/lib/linux-source.sh.

ifndef KSFT
KSFT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../../build/linux-source/tools/testing/selftests)
endif

include $(KSFT)/lib.mk

# The 6.1 runner reads "settings" only from directories inside its own
# tree, so a collection outside it would get the 45 s default: pass the
# collection's timeout explicitly.
KSFT_TIMEOUT := $(or $(shell sed -n 's/^timeout=//p' settings 2>/dev/null),45)
define RUN_TESTS
	BASE_DIR="$(selfdir)";			\
	. $(selfdir)/kselftest/runner.sh;	\
	kselftest_default_timeout=$(KSFT_TIMEOUT); \
	run_many $(1)
endef
