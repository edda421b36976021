// SPDX-License-Identifier: GPL-2.0
/*
 * The grammar of jool/global/, end to end against the real module: what
 * each key accepts and reads back, and the errno of each refused write,
 * which must leave the key as it was.  One process for hundreds of
 * writes: under TCG a shell per write took minutes.  What the settings
 * do to packets is selftests/net/settings.sh's to test; the tool's
 * --global, selftests/bats/vm/global.bats'.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "attr.h"

#define GLOBAL "/sys/kernel/config/jool/global"
/* JOOL_TABLE_MAX of kernel/state/settings.h, the most bib-max may be. */
#define TABLE_MAX "67108864"

struct setting {
	const char *key;
	const char *value;
};

/* The tables' limits by default, from the guest's memory (below). */
static char bib_max[16], session_max[16];

/* The module's defaults: the behaviour before jool/global/ existed. */
static const struct setting defaults[] = {
	{ "enabled", "1" },
	{ "address-dependent-filtering", "0" },
	{ "drop-icmpv6-info", "0" },
	{ "drop-externally-initiated-tcp", "0" },
	{ "source-icmpv6-errors-better", "1" },
	{ "zeroize-traffic-class", "0" },
	{ "override-tos", "0" },
	{ "tos", "0" },
	{ "maximum-simultaneous-opens", "10" },
	{ "udp-timeout", "300" },
	{ "tcp-est-timeout", "7440" },
	{ "tcp-trans-timeout", "240" },
	{ "icmp-timeout", "60" },
	{ "mtu-plateaus", "32000,17914,8166,4352,2002,1492,1006,508,296,68" },
	{ "logging-bib", "0" },
	{ "logging-session", "0" },
	{ "subscriber-prefix-length", "64" },
	{ "maximum-bib-per-subscriber", "4096" },
	{ "maximum-sessions-per-bib", "1024" },
	{ "bib-max", bib_max },
	{ "session-max", session_max },
	{ "port-block-size", "0" },
};

#define KEYS ARRAY_SIZE(defaults)

static const char *const booleans[] = {
	"enabled", "address-dependent-filtering", "drop-icmpv6-info",
	"drop-externally-initiated-tcp", "source-icmpv6-errors-better",
	"zeroize-traffic-class", "override-tos", "logging-bib",
	"logging-session", NULL
};

static const char *const timeouts[] = {
	"udp-timeout", "tcp-est-timeout", "tcp-trans-timeout", "icmp-timeout",
	NULL
};

static void expect_accepted(struct __test_metadata *_metadata,
			    const char *key, const char *value,
			    const char *readback)
{
	EXPECT_EQ(0, attr_write(GLOBAL, key, value))
		TH_LOG("%s <- '%s' refused", key, value);
	EXPECT_STREQ(readback, attr_read(GLOBAL, key))
		TH_LOG("%s <- '%s'", key, value);
}

/* Each write of the NULL-terminated @values fails with @err, no change. */
static void expect_refused(struct __test_metadata *_metadata,
			   const char *key, int err,
			   const char *const *values)
{
	char before[4096];

	snprintf(before, sizeof(before), "%s", attr_read(GLOBAL, key));
	for (; *values; values++) {
		EXPECT_EQ(err, attr_write(GLOBAL, key, *values))
			TH_LOG("%s <- '%s'", key, *values);
		EXPECT_STREQ(before, attr_read(GLOBAL, key))
			TH_LOG("%s <- '%s' was refused, yet changed", key,
			       *values);
	}
}

#define REFUSED(key, err, ...) \
	expect_refused(_metadata, key, err, (const char *const[]){ __VA_ARGS__, NULL })

FIXTURE(global) {
};

/*
 * A session per 4 KiB of memory, at least 65536, at most TABLE_MAX; half
 * as many BIB entries.  MemTotal is the kernel's totalram_pages() in kB.
 */
static void table_defaults(struct __test_metadata *_metadata)
{
	unsigned long long kb = 0, sessions;
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemTotal: %llu kB", &kb) == 1)
			break;
	fclose(f);
	ASSERT_NE(0, kb) TH_LOG("no MemTotal in /proc/meminfo");
	sessions = kb / 4;
	if (sessions < 65536)
		sessions = 65536;
	if (sessions > 67108864)
		sessions = 67108864;
	snprintf(session_max, sizeof(session_max), "%llu", sessions);
	snprintf(bib_max, sizeof(bib_max), "%llu", sessions / 2);
}

FIXTURE_SETUP(global)
{
	ASSERT_EQ(0, access(GLOBAL, F_OK)) TH_LOG("jool.ko is not loaded");
	table_defaults(_metadata);
}

/* Every key back to its default for the tests that follow. */
FIXTURE_TEARDOWN(global)
{
	for (size_t i = 0; i < KEYS; i++) {
		EXPECT_EQ(0, attr_write(GLOBAL, defaults[i].key,
					defaults[i].value))
			TH_LOG("restoring %s", defaults[i].key);
	}
}

TEST_F(global, defaults_in_every_key)
{
	struct dirent *d;
	size_t entries = 0;
	DIR *dir;

	for (size_t i = 0; i < KEYS; i++) {
		EXPECT_STREQ(defaults[i].value,
			     attr_read(GLOBAL, defaults[i].key))
			TH_LOG("%s", defaults[i].key);
	}
	dir = opendir(GLOBAL);
	ASSERT_NE(NULL, dir);
	while ((d = readdir(dir)))
		entries += d->d_name[0] != '.';
	closedir(dir);
	EXPECT_EQ(KEYS, entries) TH_LOG("a key is missing from the table");
}

TEST_F(global, booleans_0_and_1_only)
{
	for (const char *const *k = booleans; *k; k++) {
		expect_accepted(_metadata, *k, "0", "0");
		expect_accepted(_metadata, *k, "1", "1");
		expect_accepted(_metadata, *k, "0\n", "0");
		REFUSED(*k, EINVAL, "2", "yes", "true", "on", "\n", " 1", "01",
			"1\n\n", "-0");
	}
}

TEST_F(global, tos_0_to_255)
{
	expect_accepted(_metadata, "tos", "255", "255");
	expect_accepted(_metadata, "tos", "0", "0");
	REFUSED("tos", ERANGE, "256", "4294967296");
	REFUSED("tos", EINVAL, "07", "-1", "0x10", "\n", " 5", "5x");
}

TEST_F(global, maximum_simultaneous_opens_0_to_4096)
{
	const char *key = "maximum-simultaneous-opens";

	expect_accepted(_metadata, key, "0", "0");
	expect_accepted(_metadata, key, "4096", "4096");
	expect_accepted(_metadata, key, "7\n", "7");
	REFUSED(key, ERANGE, "4097", "4294967296");
	REFUSED(key, EINVAL, "010", "-1", "0x10", "\n", " 5", "5x", "5 force");
}

/* The per-subscriber limits: a range each, with no "off" value. */
TEST_F(global, subscriber_limits_ranges)
{
	const char *len = "subscriber-prefix-length";
	const char *bib = "maximum-bib-per-subscriber";
	const char *ses = "maximum-sessions-per-bib";

	expect_accepted(_metadata, len, "32", "32");
	expect_accepted(_metadata, len, "128\n", "128");
	REFUSED(len, ERANGE, "31", "0", "129", "256");
	REFUSED(len, EINVAL, "064", "-1", "/64", " 64", "64 force");
	expect_accepted(_metadata, bib, "1", "1");
	expect_accepted(_metadata, bib, TABLE_MAX, TABLE_MAX);
	REFUSED(bib, ERANGE, "0", "67108865", "4294967296");
	REFUSED(bib, EINVAL, "01", "-1", "0x10", "\n", "5x");
	expect_accepted(_metadata, ses, "1", "1");
	expect_accepted(_metadata, ses, "65535", "65535");
	REFUSED(ses, ERANGE, "0", "65536");
	REFUSED(ses, EINVAL, "01", "-1", "\n");
}

/*
 * The tables' limits: any count up to TABLE_MAX, even below what the
 * tables hold (new entries are refused, none removed: net/ and
 * reliability/ test that).
 */
TEST_F(global, table_limits_ranges)
{
	const char *const keys[] = { "bib-max", "session-max", NULL };

	for (const char *const *k = keys; *k; k++) {
		expect_accepted(_metadata, *k, "1", "1");
		expect_accepted(_metadata, *k, TABLE_MAX "\n", TABLE_MAX);
		expect_accepted(_metadata, *k, "1000000", "1000000");
		REFUSED(*k, ERANGE, "0", "67108865", "4294967296");
		REFUSED(*k, EINVAL, "01", "-1", "0x10", "\n", "5x", " 5",
			"5 force");
	}
}

/* Port blocks: 0 (off) or a power of two of 8..4096, nothing else. */
TEST_F(global, port_block_size_powers_of_two)
{
	const char *key = "port-block-size";
	char v[8];

	for (unsigned int n = 8; n <= 4096; n *= 2) {
		snprintf(v, sizeof(v), "%u", n);
		expect_accepted(_metadata, key, v, v);
	}
	expect_accepted(_metadata, key, "0\n", "0");
	expect_accepted(_metadata, key, "64\n", "64");
	REFUSED(key, ERANGE, "1", "2", "4", "7", "9", "100", "1000", "4095",
		"8192", "65536", "4294967296");
	REFUSED(key, EINVAL, "064", "-1", "0x40", "\n", " 64", "64x",
		"64 force", "off");
}

/* RFC 6146's minimums; "force" goes below them, EDOM without it. */
TEST_F(global, timeouts_minimums_and_force)
{
	expect_accepted(_metadata, "udp-timeout", "120", "120");
	expect_accepted(_metadata, "tcp-est-timeout", "7440", "7440");
	expect_accepted(_metadata, "tcp-trans-timeout", "240", "240");
	expect_accepted(_metadata, "icmp-timeout", "1", "1");
	expect_accepted(_metadata, "udp-timeout", "86400", "86400");
	REFUSED("udp-timeout", EDOM, "119");
	REFUSED("tcp-est-timeout", EDOM, "7439");
	REFUSED("tcp-trans-timeout", EDOM, "239");
	expect_accepted(_metadata, "udp-timeout", "2 force", "2");
	expect_accepted(_metadata, "tcp-est-timeout", "3 force\n", "3");
	expect_accepted(_metadata, "tcp-trans-timeout", "4 force", "4");
	expect_accepted(_metadata, "icmp-timeout", "5 force", "5");
	for (const char *const *k = timeouts; *k; k++) {
		REFUSED(*k, ERANGE, "0", "0 force", "86401", "86401 force");
		REFUSED(*k, EINVAL, "\n", "force", " force", "5 forced",
			"5  force", "5 FORCE", "5\n force", "5 force ", "5s",
			"010", "-5", "5 force force");
	}
}

/* Sorted down, repeats dropped, at most 16; syntax is checked first. */
TEST_F(global, mtu_plateaus)
{
	const char *key = "mtu-plateaus";

	expect_accepted(_metadata, key, "1500,68", "1500,68");
	expect_accepted(_metadata, key, "68,9000,1500,1500", "9000,1500,68");
	expect_accepted(_metadata, key, "65535", "65535");
	expect_accepted(_metadata, key,
			"70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85",
			"85,84,83,82,81,80,79,78,77,76,75,74,73,72,71,70");
	REFUSED(key, ERANGE, "67", "1500,65536",
		"70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86");
	REFUSED(key, EINVAL, "\n", ",", "1500,", ",1500", "1500,,68",
		"1500, 68", "1,x", "99999,x", "0x44", "1500\n,68");
}

TEST_HARNESS_MAIN
