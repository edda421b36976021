# SPDX-License-Identifier: GPL-2.0
#
#   make              build jool.ko for KDIR (see below) into build/<kver>/
#   make check        every test layer, fastest first; ends "N passed, N failed"
#   make check-debug  the VM suite and stress tests on a KASAN/kmemleak kernel
#   make check-million  a million sessions made, listed, expired, unloaded
#   make demo         boot a VM and show pool4 and NAT64 at work
#   make bench        benchmarks vs NAT64 Jool 4.1.9 (build/bench/results.md)
#   make bench-profile  perf profiles of UDP through us and plain forwarding
#   make install      install the module, tools/jool and jool(8)
#   make uninstall    remove what make install installed
#   make dkms-install register the sources with DKMS and build for every kernel
#   make dkms-uninstall   remove the module from DKMS and /usr/src
#
# KDIR defaults to the running kernel's build directory when it exists, else
# the newest kernel headers installed under /lib/modules.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# `make KVER=RELEASE` means that kernel's headers, not the default ones
# under a wrong name.
ifeq ($(origin KVER),command line)
KDIR ?= /lib/modules/$(KVER)/build
endif
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
		$(lastword $(sort $(wildcard /lib/modules/*/build))))
# The release as /boot and /lib/modules name it (Debian's kernel.release
# in the headers says 6.1.x, uname -r says 6.1.0-N-amd64).
KVER = $(strip $(if $(filter /lib/modules/%/build,$(KDIR)),$(notdir $(KDIR:%/build=%)),\
	$(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)))
BUILD = $(TOP)/build/$(KVER)

PREFIX ?= /usr/local
DESTDIR ?=

# The release: dkms.conf holds the number, everything else reads it there.
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="*\([^"]*\)"*$$/\1/p' $(TOP)/dkms.conf)
DKMS_NAME := $(shell sed -n 's/^PACKAGE_NAME="*\([^"]*\)"*$$/\1/p' $(TOP)/dkms.conf)

.PHONY: all module clean check demo deps style man install uninstall
.PHONY: install-module install-tools install-man
.PHONY: uninstall-module uninstall-tools uninstall-man
.PHONY: dkms-source dkms-install dkms-uninstall

all: module man

# The module's sources, relative to kernel/: main.c and the layers' folders.
KSRC = $(patsubst $(TOP)/kernel/%,%,$(wildcard $(TOP)/kernel/*.[ch] $(TOP)/kernel/*/*.[ch]))

# Symlinks instead of copies: the per-kernel tree always sees the current
# sources, and Kbuild writes its objects next to the links.
module:
	@test -n "$(KVER)" || { echo "no kernel headers in $(KDIR): apt-get install linux-headers-amd64" >&2; exit 1; }
	@mkdir -p $(BUILD)/kernel
	@find $(BUILD)/kernel -type l -delete
	@for f in $(KSRC); do \
		mkdir -p $(BUILD)/kernel/$$(dirname $$f) && ln -sf $(TOP)/kernel/$$f $(BUILD)/kernel/$$f; \
	done
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

# The VM suite, a long config storm and fault injection on a debug kernel
# (KASAN, KMEMLEAK, lockdep, UBSAN, failslab) built once from
# linux-source-6.1 into ~/.cache/jool-debug: see selftests/debug-kernel/.
.PHONY: check-debug
check-debug:
	@sh selftests/debug-kernel/check.sh

# bib_scale.sh with a million flows in a 6 GiB guest of each kernel.
.PHONY: check-million
check-million:
	@sh selftests/vm/million.sh

demo:
	@sh selftests/demo.sh

# Not part of make check: about 30 minutes, fifteen VM boots of at most 5
# minutes.  See bench/run.sh and Documentation/benchmarks.rst.
.PHONY: bench
bench:
	@$(MAKE) -s -C bench/ubench wall bht
	@sh bench/run.sh

# One VM boot of at most 5 minutes: perf samples UDP at the maximum rate
# through the translator and through plain IPv4 forwarding; reports, folded
# stacks and flame graphs in build/bench/profile/.  See bench/profile.sh.
.PHONY: bench-profile
bench-profile:
	@sh bench/profile.sh

style:
	@sh selftests/style.sh

clean:
	rm -rf build

# ------------------------------------------------------------ installation
#
#   make install [KDIR=...] [PREFIX=/usr/local] [DESTDIR=]
#
# installs jool.ko for KDIR's kernel into /lib/modules/<kver>/extra (kbuild's
# modules_install: signed when KDIR holds a signing key, compressed as that
# kernel's modules are), tools/jool as $(PREFIX)/sbin/jool and jool(8) into
# $(PREFIX)/share/man/man8.  depmod runs for <kver> unless DESTDIR is set: a
# package runs it when it is installed.  Another kernel: KDIR=..., or DKMS.

MODDIR = $(DESTDIR)/lib/modules/$(KVER)/extra
SBINDIR = $(DESTDIR)$(PREFIX)/sbin
MAN8DIR = $(DESTDIR)$(PREFIX)/share/man/man8
# Where make dkms-source puts the sources DKMS builds from.
DKMS_SRC = $(DESTDIR)/usr/src/$(DKMS_NAME)-$(VERSION)
# Kernels make dkms-install builds for: every one with headers.
DKMS_KERNELS ?= $(patsubst /lib/modules/%/build,%,$(wildcard /lib/modules/*/build))

install: install-module install-tools install-man

# KERNELRELEASE: Debian's headers name 6.1 kernels 6.1.x, /lib/modules does
# not.  The headers carry no signing key and no System.map: without the key
# the SIGN step only prints SSL errors, and the depmod step a warning, so
# both are turned off here and depmod is ours.
install-module: module
	$(MAKE) -C $(KDIR) M=$(BUILD) KERNELRELEASE=$(KVER) \
		INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=extra \
		$(if $(wildcard $(KDIR)/certs/signing_key.x509),,CONFIG_MODULE_SIG_ALL=) \
		cmd_depmod=: quiet_cmd_depmod= modules_install
	$(if $(DESTDIR),,depmod -a $(KVER))

# tools/jool sources its library from ../lib/jool once installed (tools/lib
# in the source tree): the files of tools/lib go to $(PREFIX)/lib/jool.
# Anything else in tools/ would have no place: fail rather than install a
# broken tool.
install-tools:
	@extra=$$(cd $(TOP)/tools && ls | grep -vxe jool -e lib; \
		cd lib && find . ! -name . \( -type d -o ! -name '*.sh' ! -name '*.awk' \) -print); \
	test -z "$$extra" || { echo "make install: tools/ holds $$extra, which install-tools does not know where to put" >&2; exit 1; }
	install -D -m 0755 $(TOP)/tools/jool $(SBINDIR)/jool
	install -d $(DESTDIR)$(PREFIX)/lib/jool
	install -m 0644 $(TOP)/tools/lib/* $(DESTDIR)$(PREFIX)/lib/jool/

install-man: man
	@if [ -f $(TOP)/build/jool.8 ]; then \
		echo install -D -m 0644 build/jool.8 $(MAN8DIR)/jool.8; \
		install -D -m 0644 $(TOP)/build/jool.8 $(MAN8DIR)/jool.8; \
	else echo "make install: build/jool.8 missing (rst2man): man page not installed" >&2; fi

uninstall: uninstall-module uninstall-tools uninstall-man

uninstall-module:
	@test -n "$(KVER)" || { echo "no kernel headers in $(KDIR): which kernel? KDIR=..." >&2; exit 1; }
	rm -f $(MODDIR)/jool.ko $(MODDIR)/jool.ko.gz $(MODDIR)/jool.ko.xz $(MODDIR)/jool.ko.zst
	rmdir $(MODDIR) 2>/dev/null || true
	$(if $(DESTDIR),,depmod -a $(KVER))

uninstall-tools:
	rm -f $(SBINDIR)/jool
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/lib/jool/,$(notdir $(wildcard $(TOP)/tools/lib/*)))
	rmdir $(DESTDIR)$(PREFIX)/lib/jool 2>/dev/null || true

uninstall-man:
	rm -f $(MAN8DIR)/jool.8

# ------------------------------------------------------------------ DKMS
#
# dkms-source copies what DKMS builds from (dkms.conf, Makefile, Kbuild,
# kernel/) to /usr/src/$(DKMS_NAME)-$(VERSION); packagers stop there.
# dkms-install then adds the tree to DKMS and builds and installs the module
# for DKMS_KERNELS; DKMS rebuilds it for kernels installed later.

dkms-source:
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/kernel
	install -m 0644 $(TOP)/dkms.conf $(TOP)/Makefile $(TOP)/Kbuild $(DKMS_SRC)/
	@for f in $(KSRC); do \
		echo install -D -m 0644 kernel/$$f $(DKMS_SRC)/kernel/$$f; \
		install -D -m 0644 $(TOP)/kernel/$$f $(DKMS_SRC)/kernel/$$f || exit 1; \
	done

dkms-install:
	@test -z "$(DESTDIR)" || { echo "dkms-install: DESTDIR is for dkms-source" >&2; exit 1; }
	@command -v dkms >/dev/null || { echo "dkms-install: dkms missing (apt-get install dkms)" >&2; exit 1; }
	@if [ -n "$$(dkms status -m $(DKMS_NAME) -v $(VERSION))" ]; then \
		echo dkms remove -m $(DKMS_NAME) -v $(VERSION) --all; \
		dkms remove -m $(DKMS_NAME) -v $(VERSION) --all; \
	fi
	$(MAKE) -f $(TOP)/Makefile dkms-source
	dkms add -m $(DKMS_NAME) -v $(VERSION)
	@for k in $(DKMS_KERNELS); do \
		echo dkms build -m $(DKMS_NAME) -v $(VERSION) -k "$$k"; \
		dkms build -m $(DKMS_NAME) -v $(VERSION) -k "$$k" || exit 1; \
		echo dkms install -m $(DKMS_NAME) -v $(VERSION) -k "$$k"; \
		dkms install -m $(DKMS_NAME) -v $(VERSION) -k "$$k" || exit 1; \
	done

dkms-uninstall:
	@if [ -n "$$(dkms status -m $(DKMS_NAME) -v $(VERSION))" ]; then \
		echo dkms remove -m $(DKMS_NAME) -v $(VERSION) --all; \
		dkms remove -m $(DKMS_NAME) -v $(VERSION) --all; \
	fi
	rm -rf $(DKMS_SRC)
