# SPDX-License-Identifier: GPL-2.0
#
#   make              build jool.ko for KDIR (see below) into build/<kver>/
#   make check        every test layer, fastest first; ends "N passed, N failed"
#   make demo         boot a VM and show pool4 and NAT64 at work
#   make install      install the module, tools/jool and jool(8)
#
# KDIR defaults to the running kernel's build directory when it exists, else
# the newest kernel headers installed under /lib/modules.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
		$(lastword $(sort $(wildcard /lib/modules/*/build))))
# The release as /boot and /lib/modules name it (Debian's kernel.release
# in the headers says 6.1.x, uname -r says 6.1.0-N-amd64).
KVER = $(if $(filter /lib/modules/%/build,$(KDIR)),$(notdir $(KDIR:%/build=%)),\
	$(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null))
BUILD = $(TOP)/build/$(KVER)

PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all module clean check demo deps style man install uninstall

all: module man

# Symlinks instead of copies: the per-kernel tree always sees the current
# sources, and Kbuild writes its objects next to the links.
module:
	@test -n "$(KVER)" || { echo "no kernel headers in $(KDIR): apt-get install linux-headers-amd64" >&2; exit 1; }
	@mkdir -p $(BUILD)/kernel
	@find $(BUILD)/kernel -maxdepth 1 -type l -delete
	@ln -sf $(TOP)/kernel/*.c $(TOP)/kernel/*.h $(BUILD)/kernel/
	@ln -sf $(TOP)/Kbuild $(BUILD)/Kbuild
	$(MAKE) -C $(KDIR) M=$(BUILD) modules

man: build/jool.8

build/jool.8: Documentation/jool.8.rst
	@mkdir -p build
	@if command -v rst2man >/dev/null; then rst2man --halt=warning $< $@; \
	else echo "rst2man missing (apt-get install python3-docutils): skipping jool.8"; fi

deps:
	@sh selftests/lib/deps.sh

check:
	@sh selftests/check.sh

demo:
	@sh selftests/demo.sh

style:
	@sh selftests/style.sh

clean:
	rm -rf build
