// SPDX-License-Identifier: GPL-2.0
/*
 * The pool4 configfs ABI, end to end against the real module:
 * jool/pool4/<record>/{mark,proto,prefix,ports,enabled,quick},
 * jool/pool4/count and jool/pool4/ephemeral-range.  Every refused write
 * must leave the record unchanged.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/capability.h>

#include "kselftest_harness.h"
#include "attr.h"

#define POOL4 "/sys/kernel/config/jool/pool4"

static void record_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, POOL4 "/%s", name);
}

struct refusal {
	const char *in;
	int err;
};

/* Each write of @list must fail with its errno. */
static void expect_refused(struct __test_metadata *_metadata, const char *dir,
			   const char *attr, const struct refusal *list)
{
	for (; list->in; list++) {
		EXPECT_EQ(list->err, attr_write(dir, attr, list->in))
			TH_LOG("%s '%s'", attr, list->in);
	}
}

FIXTURE(record) {
	char dir[PATH_MAX];
	char other[PATH_MAX];
};

FIXTURE_VARIANT(record) {
	const char *proto;
	bool port_zero_ok;
};

FIXTURE_VARIANT_ADD(record, tcp) { .proto = "tcp", .port_zero_ok = false };
FIXTURE_VARIANT_ADD(record, udp) { .proto = "udp", .port_zero_ok = false };
FIXTURE_VARIANT_ADD(record, icmp) { .proto = "icmp", .port_zero_ok = true };

FIXTURE_SETUP(record)
{
	record_path(self->dir, sizeof(self->dir), "abi-test");
	record_path(self->other, sizeof(self->other), "abi-test-other");
	ASSERT_EQ(0, mkdir(self->dir, 0755)) TH_LOG("mkdir %s: %s (module loaded?)",
						    self->dir, strerror(errno));
}

FIXTURE_TEARDOWN(record)
{
	rmdir(self->dir);
	rmdir(self->other);
}

/* Makes @dir a complete record of @proto and enables it. */
static int record_enable(const char *dir, const char *proto, const char *prefix,
			 const char *ports)
{
	return attr_write(dir, "proto", proto) ?:
	       attr_write(dir, "prefix", prefix) ?:
	       attr_write(dir, "ports", ports) ?:
	       attr_write(dir, "enabled", "1");
}

TEST_F(record, defaults)
{
	EXPECT_STREQ("0", attr_read(self->dir, "mark"));
	EXPECT_STREQ("", attr_read(self->dir, "proto"));
	EXPECT_STREQ("", attr_read(self->dir, "prefix"));
	EXPECT_STREQ("61001-65535", attr_read(self->dir, "ports"));
	EXPECT_STREQ("0", attr_read(self->dir, "enabled"));
	EXPECT_STREQ("0", attr_read(self->dir, "quick"));
}

TEST_F(record, mark)
{
	EXPECT_EQ(0, attr_write(self->dir, "mark", "4294967295\n"));
	EXPECT_STREQ("4294967295", attr_read(self->dir, "mark"));
	EXPECT_EQ(0, attr_write(self->dir, "mark", "7"));
	EXPECT_EQ(EINVAL, attr_write(self->dir, "mark", "-1"));
	EXPECT_EQ(EINVAL, attr_write(self->dir, "mark", "abc"));
	EXPECT_EQ(EINVAL, attr_write(self->dir, "mark", "1x"));
	EXPECT_EQ(EINVAL, attr_write(self->dir, "mark", "\n"));
	EXPECT_EQ(ERANGE, attr_write(self->dir, "mark", "4294967296"));
	EXPECT_STREQ("7", attr_read(self->dir, "mark"));
}

TEST_F(record, proto)
{
	EXPECT_EQ(0, attr_write(self->dir, "proto", "udp\n"));
	EXPECT_STREQ("udp", attr_read(self->dir, "proto"));
	EXPECT_EQ(0, attr_write(self->dir, "proto", variant->proto));
	EXPECT_EQ(EINVAL, attr_write(self->dir, "proto", "sctp"));
	EXPECT_EQ(EINVAL, attr_write(self->dir, "proto", "TCP"));
	EXPECT_EQ(EINVAL, attr_write(self->dir, "proto", "\n"));
	EXPECT_STREQ(variant->proto, attr_read(self->dir, "proto"));
}

TEST_F(record, prefix)
{
	static const struct refusal refused[] = {
		{ "192.0.2.1/33", ERANGE },
		{ "192.0.2.0/100", ERANGE },
		{ "192.0.2.256", EINVAL },
		{ "192.0.2", EINVAL },
		{ "192.0.2.5/30", EINVAL },	/* host bits set */
		{ "192.0.2.0/", EINVAL },
		{ "192.0.2.0/2x", EINVAL },
		{ "192.0.2.0/-1", EINVAL },
		{ "2001:db8::1", EINVAL },
		{ "\n", EINVAL },
		{ " 192.0.2.1", EINVAL },
		{ NULL, 0 },
	};
	EXPECT_EQ(0, attr_write(self->dir, "prefix", "192.0.2.1"));
	EXPECT_STREQ("192.0.2.1/32", attr_read(self->dir, "prefix"));
	EXPECT_EQ(0, attr_write(self->dir, "prefix", "0.0.0.0/0"));
	EXPECT_STREQ("0.0.0.0/0", attr_read(self->dir, "prefix"));
	EXPECT_EQ(0, attr_write(self->dir, "prefix", "192.0.2.4/30\n"));
	expect_refused(_metadata, self->dir, "prefix", refused);
	EXPECT_STREQ("192.0.2.4/30", attr_read(self->dir, "prefix"));
}

TEST_F(record, ports)
{
	static const struct refusal refused[] = {
		{ "70000", ERANGE },
		{ "100-70000", ERANGE },
		{ "2000-1000", ERANGE },
		{ "5-", EINVAL },
		{ "-5", EINVAL },
		{ "a-b", EINVAL },
		{ "1-2-3", EINVAL },
		{ "\n", EINVAL },
		{ NULL, 0 },
	};

	EXPECT_EQ(0, attr_write(self->dir, "ports", "7"));
	EXPECT_STREQ("7-7", attr_read(self->dir, "ports"));
	EXPECT_EQ(0, attr_write(self->dir, "ports", "0-65535"));
	EXPECT_STREQ("0-65535", attr_read(self->dir, "ports"));
	EXPECT_EQ(0, attr_write(self->dir, "ports", "7000-7999\n"));
	expect_refused(_metadata, self->dir, "ports", refused);
	EXPECT_STREQ("7000-7999", attr_read(self->dir, "ports"));
}

TEST_F(record, enable_needs_whole_record)
{
	EXPECT_EQ(EINVAL, attr_write(self->dir, "enabled", "1"));
	EXPECT_EQ(0, attr_write(self->dir, "proto", variant->proto));
	EXPECT_EQ(EINVAL, attr_write(self->dir, "enabled", "1"));
	EXPECT_EQ(EINVAL, attr_write(self->dir, "enabled", "2"));
	EXPECT_STREQ("0", attr_read(self->dir, "enabled"));
	EXPECT_EQ(0, attr_write(self->dir, "prefix", "192.0.2.1"));
	EXPECT_EQ(0, attr_write(self->dir, "ports", "0-10"));
	EXPECT_EQ(variant->port_zero_ok ? 0 : ERANGE,
		  attr_write(self->dir, "enabled", "1"));
	EXPECT_EQ(0, attr_write(self->dir, "enabled", "0"));
	EXPECT_EQ(0, attr_write(self->dir, "ports", "1-10"));
	EXPECT_EQ(0, attr_write(self->dir, "enabled", "1"));
	EXPECT_STREQ("1", attr_read(self->dir, "enabled"));
}

TEST_F(record, busy_while_enabled)
{
	ASSERT_EQ(0, record_enable(self->dir, variant->proto, "192.0.2.0/30",
				   "100-199"));
	EXPECT_EQ(EBUSY, attr_write(self->dir, "mark", "1"));
	EXPECT_EQ(EBUSY, attr_write(self->dir, "proto", "udp"));
	EXPECT_EQ(EBUSY, attr_write(self->dir, "prefix", "192.0.2.8/30"));
	EXPECT_EQ(EBUSY, attr_write(self->dir, "ports", "1-2"));
	/* Syntax is checked before state: garbage is EINVAL even now. */
	EXPECT_EQ(EINVAL, attr_write(self->dir, "mark", "x"));
	/* Writing the current value of enabled again succeeds. */
	EXPECT_EQ(0, attr_write(self->dir, "enabled", "1"));
	/* quick is a removal policy: it may change while enabled. */
	EXPECT_EQ(0, attr_write(self->dir, "quick", "1"));
	EXPECT_STREQ("1", attr_read(self->dir, "quick"));
	EXPECT_EQ(EINVAL, attr_write(self->dir, "quick", "maybe"));
	EXPECT_EQ(0, attr_write(self->dir, "enabled", "0"));
	EXPECT_EQ(0, attr_write(self->dir, "enabled", "0"));
	EXPECT_EQ(0, attr_write(self->dir, "mark", "1"));
	EXPECT_STREQ("192.0.2.0/30", attr_read(self->dir, "prefix"));
	EXPECT_STREQ("100-199", attr_read(self->dir, "ports"));
}

static void expect_count(struct __test_metadata *_metadata, const char *want)
{
	EXPECT_STREQ(want, attr_read(POOL4, "count"));
}

TEST_F(record, count)
{
	expect_count(_metadata, "tables: 0\nsamples: 0\ntransport addresses: 0");
	ASSERT_EQ(0, record_enable(self->dir, variant->proto, "192.0.2.0/30",
				   "100-199"));
	expect_count(_metadata, "tables: 1\nsamples: 4\ntransport addresses: 400");

	/* Overlaps the first on two addresses: the union counts once. */
	ASSERT_EQ(0, mkdir(self->other, 0755));
	ASSERT_EQ(0, record_enable(self->other, variant->proto, "192.0.2.2/31",
				   "150-299"));
	expect_count(_metadata, "tables: 1\nsamples: 4\ntransport addresses: 600");

	/* Another mark is another table. */
	ASSERT_EQ(0, attr_write(self->other, "enabled", "0"));
	expect_count(_metadata, "tables: 1\nsamples: 4\ntransport addresses: 400");
	ASSERT_EQ(0, attr_write(self->other, "mark", "5"));
	ASSERT_EQ(0, attr_write(self->other, "enabled", "1"));
	expect_count(_metadata, "tables: 2\nsamples: 6\ntransport addresses: 700");

	ASSERT_EQ(0, rmdir(self->other));
	expect_count(_metadata, "tables: 1\nsamples: 4\ntransport addresses: 400");
	ASSERT_EQ(0, attr_write(self->dir, "enabled", "0"));
	expect_count(_metadata, "tables: 0\nsamples: 0\ntransport addresses: 0");
	ASSERT_EQ(0, attr_write(self->dir, "enabled", "1"));
	ASSERT_EQ(0, rmdir(self->dir));
	expect_count(_metadata, "tables: 0\nsamples: 0\ntransport addresses: 0");
}

/* ---- malformed writes: each refused with its errno, changing nothing ---- */

/*
 * The grammar is strict: exactly the value, optionally followed by one
 * newline.  EINVAL for syntax (blanks, a second newline, signs, "0x", leading
 * zeros, exponents, embedded NULs, trailing garbage, IPv6 text, host bits),
 * ERANGE for well-formed numbers out of range (overflow, prefix length 33,
 * min > max).
 *
 * @len: bytes to write when @in holds a NUL (0: strlen(@in)).
 * @pad: when not NUL, the write is 4096 bytes: @in, then @pad repeated.
 *	configfs keeps the first 4095 (SIMPLE_ATTR_SIZE - 1) and passes those
 *	to the module, which must still refuse them.
 */
struct malformed {
	const char *attr;
	const char *in;
	size_t len;
	char pad;
	int err;
};

#define BIG 4096

static const struct malformed malformed[] = {
	/* mark: decimal u32; the record's mark is 7 */
	{ "mark", "\n", 0, 0, EINVAL },
	{ "mark", " 7", 0, 0, EINVAL },
	{ "mark", "7 ", 0, 0, EINVAL },
	{ "mark", "\t7", 0, 0, EINVAL },
	{ "mark", "7\n\n", 0, 0, EINVAL },
	{ "mark", "7x", 0, 0, EINVAL },
	{ "mark", "1.5", 0, 0, EINVAL },
	{ "mark", "4294967296", 0, 0, ERANGE },
	{ "mark", "99999999999999999999999", 0, 0, ERANGE },
	{ "mark", "-1", 0, 0, EINVAL },
	{ "mark", "+5", 0, 0, EINVAL },
	{ "mark", "0x10", 0, 0, EINVAL },
	{ "mark", "010", 0, 0, EINVAL },
	{ "mark", "1e3", 0, 0, EINVAL },
	{ "mark", "5\0", 2, 0, EINVAL },
	{ "mark", "\0005", 2, 0, EINVAL },
	{ "mark", "9", 0, '9', ERANGE },
	{ "mark", "5", 0, ' ', EINVAL },
	/* proto: tcp | udp | icmp */
	{ "proto", "\n", 0, 0, EINVAL },
	{ "proto", " udp", 0, 0, EINVAL },
	{ "proto", "udp ", 0, 0, EINVAL },
	{ "proto", "udp\t", 0, 0, EINVAL },
	{ "proto", "udp\n\n", 0, 0, EINVAL },
	{ "proto", "udpx", 0, 0, EINVAL },
	{ "proto", "ud", 0, 0, EINVAL },
	{ "proto", "UDP", 0, 0, EINVAL },
	{ "proto", "17", 0, 0, EINVAL },
	{ "proto", "tcp,udp", 0, 0, EINVAL },
	{ "proto", "udp\0", 4, 0, EINVAL },
	{ "proto", "udp\0tcp", 7, 0, EINVAL },
	{ "proto", "udp", 0, ' ', EINVAL },
	/* prefix: a.b.c.d[/len]; the record's is 192.0.2.4/30 */
	{ "prefix", "\n", 0, 0, EINVAL },
	{ "prefix", " 192.0.2.8/30", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8/30 ", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8/30\t", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8 /30", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8/30\n\n", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8/30x", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8/30/30", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8/33", 0, 0, ERANGE },
	{ "prefix", "192.0.2.8/4294967296", 0, 0, ERANGE },
	{ "prefix", "192.0.2.8/-1", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8/+30", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8/0x1e", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8/030", 0, 0, EINVAL },
	{ "prefix", "192.0.2.010", 0, 0, EINVAL },
	{ "prefix", "0xc0.0.2.8", 0, 0, EINVAL },
	{ "prefix", "3221225992", 0, 0, EINVAL },
	{ "prefix", "192.0.2.256", 0, 0, EINVAL },
	{ "prefix", "192.0.2", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8.1", 0, 0, EINVAL },
	{ "prefix", "2001:db8::1", 0, 0, EINVAL },
	{ "prefix", "::ffff:192.0.2.8", 0, 0, EINVAL },
	{ "prefix", "64:ff9b::/96", 0, 0, EINVAL },
	{ "prefix", "192.0.2.5/30", 0, 0, EINVAL },	/* host bits */
	{ "prefix", "192.0.2.8/1e1", 0, 0, EINVAL },
	{ "prefix", "192.0.2.8\0/30", 13, 0, EINVAL },
	{ "prefix", "192.0.2.8/3", 0, '0', ERANGE },
	{ "prefix", "192.0.2.8/30", 0, ' ', EINVAL },
	/* ports: min-max or one number; the record's are 7000-7999 */
	{ "ports", "\n", 0, 0, EINVAL },
	{ "ports", " 7000-7999", 0, 0, EINVAL },
	{ "ports", "7000-7999 ", 0, 0, EINVAL },
	{ "ports", "7000 - 7999", 0, 0, EINVAL },
	{ "ports", "\t7000", 0, 0, EINVAL },
	{ "ports", "7000-7999\n\n", 0, 0, EINVAL },
	{ "ports", "7000-7999x", 0, 0, EINVAL },
	{ "ports", "7000:7999", 0, 0, EINVAL },
	{ "ports", "65536", 0, 0, ERANGE },
	{ "ports", "1-65536", 0, 0, ERANGE },
	{ "ports", "99999999999999999999-1", 0, 0, ERANGE },
	{ "ports", "2000-1000", 0, 0, ERANGE },	/* min > max */
	{ "ports", "70000-x", 0, 0, EINVAL },	/* syntax before range */
	{ "ports", "-1", 0, 0, EINVAL },
	{ "ports", "-1-5", 0, 0, EINVAL },
	{ "ports", "+5", 0, 0, EINVAL },
	{ "ports", "5-+6", 0, 0, EINVAL },
	{ "ports", "0x10", 0, 0, EINVAL },
	{ "ports", "010", 0, 0, EINVAL },
	{ "ports", "1-010", 0, 0, EINVAL },
	{ "ports", "1e3", 0, 0, EINVAL },
	{ "ports", "7000-7999\0", 10, 0, EINVAL },
	{ "ports", "9", 0, '9', ERANGE },
	{ "ports", "7000-7999", 0, ' ', EINVAL },
	/* enabled: 0 | 1; the record is complete, so a wrong "1" would enable it */
	{ "enabled", "\n", 0, 0, EINVAL },
	{ "enabled", " 1", 0, 0, EINVAL },
	{ "enabled", "1 ", 0, 0, EINVAL },
	{ "enabled", "1\n\n", 0, 0, EINVAL },
	{ "enabled", "1x", 0, 0, EINVAL },
	{ "enabled", "2", 0, 0, EINVAL },
	{ "enabled", "10", 0, 0, EINVAL },
	{ "enabled", "-1", 0, 0, EINVAL },
	{ "enabled", "+1", 0, 0, EINVAL },
	{ "enabled", "01", 0, 0, EINVAL },
	{ "enabled", "0x1", 0, 0, EINVAL },
	{ "enabled", "y", 0, 0, EINVAL },
	{ "enabled", "yes", 0, 0, EINVAL },
	{ "enabled", "on", 0, 0, EINVAL },
	{ "enabled", "true", 0, 0, EINVAL },
	{ "enabled", "1\0", 2, 0, EINVAL },
	{ "enabled", "1", 0, '0', EINVAL },
	/* quick: 0 | 1 */
	{ "quick", "\n", 0, 0, EINVAL },
	{ "quick", "\t1", 0, 0, EINVAL },
	{ "quick", "1 ", 0, 0, EINVAL },
	{ "quick", "Y", 0, 0, EINVAL },
	{ "quick", "on", 0, 0, EINVAL },
	{ "quick", "11", 0, 0, EINVAL },
	{ "quick", "1\0", 2, 0, EINVAL },
	{ "quick", "1", 0, ' ', EINVAL },
};

static const char *const attrs[] = {
	"mark", "proto", "prefix", "ports", "enabled", "quick",
};
#define NATTRS ARRAY_SIZE(attrs)

struct record_state {
	char value[NATTRS][64];
};

static void state_read(const char *dir, struct record_state *st)
{
	size_t i;

	for (i = 0; i < NATTRS; i++)
		snprintf(st->value[i], sizeof(st->value[i]), "%s",
			 attr_read(dir, attrs[i]));
}

/* Printable form of @m's input for the log. */
static const char *malformed_name(const struct malformed *m)
{
	static char buf[128];
	size_t len = m->len ? m->len : strlen(m->in);
	size_t i, o = 0;

	for (i = 0; i < len && o + 8 < sizeof(buf); i++) {
		unsigned char c = m->in[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf[o++] = c;
		else
			o += snprintf(buf + o, sizeof(buf) - o, "\\x%02x", c);
	}
	if (m->pad)
		o += snprintf(buf + o, sizeof(buf) - o, "+'%c'x%zu", m->pad,
			      BIG - len);
	buf[o] = '\0';
	return buf;
}

/* A complete, disabled record that the malformed writes must not touch. */
static void malformed_setup(struct __test_metadata *_metadata, const char *dir,
			    const char *proto)
{
	ASSERT_EQ(0, attr_write(dir, "mark", "7"));
	ASSERT_EQ(0, attr_write(dir, "proto", proto));
	ASSERT_EQ(0, attr_write(dir, "prefix", "192.0.2.4/30"));
	ASSERT_EQ(0, attr_write(dir, "ports", "7000-7999"));
}

TEST_F(record, malformed_writes)
{
	static char big[BIG];
	struct record_state before, after;
	size_t i, j, n = ARRAY_SIZE(malformed);

	malformed_setup(_metadata, self->dir, variant->proto);
	state_read(self->dir, &before);
	ASSERT_STREQ("7", before.value[0]);
	ASSERT_STREQ(variant->proto, before.value[1]);
	ASSERT_STREQ("192.0.2.4/30", before.value[2]);
	ASSERT_STREQ("7000-7999", before.value[3]);
	ASSERT_STREQ("0", before.value[4]);
	ASSERT_STREQ("0", before.value[5]);
	ASSERT_LE(40U, n);

	for (i = 0; i < n; i++) {
		const struct malformed *m = &malformed[i];
		const char *buf = m->in;
		size_t len = m->len ? m->len : strlen(m->in);

		if (m->pad) {
			memset(big, m->pad, BIG);
			memcpy(big, m->in, len);
			buf = big;
			len = BIG;
		}
		EXPECT_EQ(m->err, attr_write_raw(self->dir, m->attr, buf, len))
			TH_LOG("%s '%s'", m->attr, malformed_name(m));
		state_read(self->dir, &after);
		for (j = 0; j < NATTRS; j++)
			EXPECT_STREQ(before.value[j], after.value[j])
				TH_LOG("attribute %zu after %s '%s'", j, m->attr,
				       malformed_name(m));
	}
	expect_count(_metadata, "tables: 0\nsamples: 0\ntransport addresses: 0");
	/* The record still takes well-formed writes. */
	EXPECT_EQ(0, attr_write(self->dir, "enabled", "1\n"));
	EXPECT_STREQ("1", attr_read(self->dir, "enabled"));
}

/* configfs refuses a zero-length write itself, before the module sees it. */
TEST_F(record, zero_length_write)
{
	struct record_state before, after;
	size_t i, j;

	malformed_setup(_metadata, self->dir, variant->proto);
	state_read(self->dir, &before);
	for (i = 0; i < NATTRS; i++) {
		EXPECT_EQ(EFAULT, attr_write_raw(self->dir, attrs[i], "", 0))
			TH_LOG("%s", attrs[i]);
		state_read(self->dir, &after);
		for (j = 0; j < NATTRS; j++)
			EXPECT_STREQ(before.value[j], after.value[j]);
	}
}

TEST(count_is_read_only)
{
	EXPECT_NE(0, attr_write(POOL4, "count", "0"));
}

/* ephemeral-range read one byte per read(2), as a shell's read does. */
static void read_bytewise(char *buf, size_t size)
{
	size_t n = 0;
	int fd = open(POOL4 "/ephemeral-range", O_RDONLY);

	if (fd < 0) {
		snprintf(buf, size, "<unreadable>");
		return;
	}
	while (n < size - 1 && read(fd, buf + n, 1) == 1)
		n++;
	close(fd);
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
}

/* The sysctl's text, also when read in pieces, and it follows changes. */
TEST(ephemeral_range_follows_sysctl)
{
	char saved[64], piecewise[64];

	snprintf(saved, sizeof(saved), "%s", attr_read("/proc/sys/net/ipv4",
						       "ip_local_port_range"));
	EXPECT_STREQ(saved, attr_read(POOL4, "ephemeral-range"));
	read_bytewise(piecewise, sizeof(piecewise));
	EXPECT_STREQ(saved, piecewise);
	ASSERT_EQ(0, attr_write("/proc/sys/net/ipv4", "ip_local_port_range",
				"40000 50000"));
	EXPECT_STREQ("40000\t50000", attr_read(POOL4, "ephemeral-range"));
	EXPECT_EQ(0, attr_write("/proc/sys/net/ipv4", "ip_local_port_range",
				saved));
	EXPECT_STREQ(saved, attr_read(POOL4, "ephemeral-range"));
	EXPECT_NE(0, attr_write(POOL4, "ephemeral-range", "1 2"));
}

TEST(slash_16_is_one_write)
{
	const char *dir = POOL4 "/abi-test-16";

	ASSERT_EQ(0, mkdir(dir, 0755));
	EXPECT_EQ(0, record_enable(dir, "tcp", "198.18.0.0/16", "1-65535"));
	expect_count(_metadata,
		     "tables: 1\nsamples: 65536\ntransport addresses: 4294901760");
	EXPECT_EQ(0, rmdir(dir));
}

/* ---- privileges: configfs checks modes only, the module checks caps ---- */

static int drop_cap_net_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[0].effective &= ~(1U << CAP_NET_ADMIN);
	data[0].permitted &= ~(1U << CAP_NET_ADMIN);
	data[0].inheritable &= ~(1U << CAP_NET_ADMIN);
	return syscall(SYS_capset, &hdr, data);
}

/*
 * Runs @fn(@dir) in a child that first calls @drop to shed privileges;
 * returns the child's exit status, which is @fn's result.
 */
static int as_child(int (*drop)(void), int (*fn)(const char *), const char *dir)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(drop() ? 100 : fn(dir));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int become_nobody(void)
{
	return setgid(65534) || setuid(65534);
}

static int try_mkdir(const char *dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s-child", dir);
	return mkdir(path, 0755) ? errno : 0;
}

static int try_mark(const char *dir)
{
	return attr_write(dir, "mark", "3");
}

static int try_enable(const char *dir)
{
	return attr_write(dir, "enabled", "1");
}

static int try_quick(const char *dir)
{
	return attr_write(dir, "quick", "1");
}

static int try_read_count(const char *dir)
{
	(void)dir;
	return strncmp(attr_read(POOL4, "count"), "tables: ", 8) ? 1 : 0;
}

TEST_F(record, root_without_cap_net_admin)
{
	ASSERT_EQ(0, attr_write(self->dir, "proto", variant->proto));
	ASSERT_EQ(0, attr_write(self->dir, "prefix", "192.0.2.1"));
	EXPECT_EQ(EPERM, as_child(drop_cap_net_admin, try_mkdir, self->dir));
	EXPECT_EQ(EPERM, as_child(drop_cap_net_admin, try_mark, self->dir));
	EXPECT_EQ(EPERM, as_child(drop_cap_net_admin, try_enable, self->dir));
	EXPECT_EQ(EPERM, as_child(drop_cap_net_admin, try_quick, self->dir));
	EXPECT_EQ(0, as_child(drop_cap_net_admin, try_read_count, self->dir));
	EXPECT_STREQ("0", attr_read(self->dir, "mark"));
	EXPECT_STREQ("0", attr_read(self->dir, "enabled"));
	EXPECT_STREQ("0", attr_read(self->dir, "quick"));
}

/*
 * An unprivileged user is stopped earlier, by the file modes configfs gives
 * (0755 directories, 0644 attributes): EACCES from the VFS.
 */
TEST_F(record, unprivileged_user)
{
	ASSERT_EQ(0, attr_write(self->dir, "proto", variant->proto));
	EXPECT_EQ(EACCES, as_child(become_nobody, try_mkdir, self->dir));
	EXPECT_EQ(EACCES, as_child(become_nobody, try_mark, self->dir));
	EXPECT_EQ(EACCES, as_child(become_nobody, try_enable, self->dir));
	EXPECT_EQ(0, as_child(become_nobody, try_read_count, self->dir));
	EXPECT_STREQ("0", attr_read(self->dir, "mark"));
}

TEST_HARNESS_MAIN
