// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace unit tests of the RFC 6052 address arithmetic
 * (kernel/core/rfc6052.c, built unchanged):
 *
 *   make -C selftests/rfc6052-core run
 *
 * rfc_examples: the table of RFC 6052 section 2.4, 192.0.2.33 under a
 * prefix of each length, embedded and extracted.
 * round_trips: addresses with every bit pattern under every length come
 * back out as they went in, the prefix and the "u" octet untouched.
 * contains: only addresses of the prefix's own bits are inside it.
 * only_defined_lengths: the six lengths section 2.2 defines, and no other.
 */
#include <endian.h>
#include <string.h>

#include "core/rfc6052.h"
#include "kselftest_harness.h"

#define V4(a, b, c, d)	\
	((__be32)htobe32((u32)(a) << 24 | (b) << 16 | (c) << 8 | (d)))

struct example {
	u8 len;
	u8 prefix[16];
	u8 embedded[16];
};

/*
 * RFC 6052 section 2.4: its Table 1 (network-specific prefixes of each
 * length) and Table 2 (the well-known prefix).
 */
static const struct example examples[] = {
	{ 32, { 0x20, 0x01, 0x0d, 0xb8 },
	  { 0x20, 0x01, 0x0d, 0xb8, 0xc0, 0x00, 0x02, 0x21 } },
	{ 40, { 0x20, 0x01, 0x0d, 0xb8, 0x01 },
	  { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0xc0, 0x00, 0x02, 0x00, 0x21 } },
	{ 48, { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22 },
	  { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0xc0, 0x00, 0x00, 0x02,
	    0x21 } },
	{ 56, { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03 },
	  { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0xc0, 0x00, 0x00,
	    0x02, 0x21 } },
	{ 64, { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44 },
	  { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44, 0x00, 0xc0,
	    0x00, 0x02, 0x21 } },
	{ 96, { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44 },
	  { 0x20, 0x01, 0x0d, 0xb8, 0x01, 0x22, 0x03, 0x44, 0, 0, 0, 0,
	    0xc0, 0x00, 0x02, 0x21 } },
	{ 96, { 0x00, 0x64, 0xff, 0x9b },
	  { 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xc0, 0x00, 0x02, 0x21 } },
};

static const u8 valid_lengths[] = { 32, 40, 48, 56, 64, 96 };

static struct pool6 pool6_of(u8 len, const u8 *prefix)
{
	struct pool6 p6 = { .len = len };

	memcpy(p6.prefix.s6_addr, prefix, 16);
	return p6;
}

TEST(rfc_examples)
{
	struct in6_addr out, in;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(examples); i++) {
		const struct example *e = &examples[i];
		struct pool6 p6 = pool6_of(e->len, e->prefix);

		pool6_embed(&p6, V4(192, 0, 2, 33), &out);
		ASSERT_EQ(0, memcmp(out.s6_addr, e->embedded, 16))
			TH_LOG("embedded under /%u", e->len);
		memcpy(in.s6_addr, e->embedded, 16);
		ASSERT_TRUE(pool6_contains(&p6, &in));
		ASSERT_EQ(V4(192, 0, 2, 33), pool6_extract(&p6, &in))
			TH_LOG("extracted under /%u", e->len);
	}
}

TEST(round_trips)
{
	static const u8 prefix[16] = {
		0x20, 0x01, 0x0d, 0xb8, 0xa5, 0x5a, 0xff, 0x01, 0xfe, 0x10,
		0x20, 0x30,
	};
	const __be32 addrs[] = {
		V4(0, 0, 0, 0), V4(255, 255, 255, 255), V4(192, 0, 2, 33),
		V4(1, 2, 3, 4), V4(128, 0, 0, 1), V4(203, 0, 113, 254),
	};
	struct in6_addr out;
	unsigned int i, j, len, o;
	struct pool6 p6;

	for (i = 0; i < ARRAY_SIZE(valid_lengths); i++) {
		len = valid_lengths[i];
		p6 = pool6_of(len, prefix);
		/* Host bits zero, as pool6's parser leaves them. */
		memset(p6.prefix.s6_addr + len / 8, 0, 16 - len / 8);
		for (j = 0; j < ARRAY_SIZE(addrs); j++) {
			pool6_embed(&p6, addrs[j], &out);
			ASSERT_EQ(addrs[j], pool6_extract(&p6, &out))
				TH_LOG("/%u, address %u", len, j);
			ASSERT_TRUE(pool6_contains(&p6, &out));
			for (o = 0; o < len / 8; o++)
				ASSERT_EQ(prefix[o], out.s6_addr[o]);
			if (len < 96)
				ASSERT_EQ(0, out.s6_addr[8]);
		}
	}
}

TEST(contains)
{
	static const u8 prefix[16] = { 0x00, 0x64, 0xff, 0x9b };
	struct pool6 p6 = pool6_of(96, prefix);
	struct in6_addr addr;
	unsigned int o;

	for (o = 0; o < 12; o++) {
		pool6_embed(&p6, V4(192, 0, 2, 33), &addr);
		addr.s6_addr[o] ^= 0x01;
		ASSERT_FALSE(pool6_contains(&p6, &addr));
	}
	pool6_embed(&p6, V4(192, 0, 2, 33), &addr);
	ASSERT_TRUE(pool6_contains(&p6, &addr));
}

TEST(only_defined_lengths)
{
	unsigned int len, i, valid;

	for (len = 0; len <= 128; len++) {
		valid = 0;
		for (i = 0; i < ARRAY_SIZE(valid_lengths); i++)
			valid |= len == valid_lengths[i];
		ASSERT_EQ(valid, rfc6052_len_valid(len));
	}
}

TEST_HARNESS_MAIN
