// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 6052 section 2.2: the IPv4 address follows the prefix, but bits 64
 * to 71 (octet 8, the "u" octet) are never used, so for prefixes shorter
 * than /96 the address straddles it.  Only lengths 32, 40, 48, 56, 64 and
 * 96 are defined.
 */
#include <linux/string.h>

#include "core/rfc6052.h"

/* Octet of the IPv6 address that holds octet @i of the IPv4 address. */
static unsigned int pool6_octet(const struct pool6 *p6, unsigned int i)
{
	unsigned int o = p6->len / 8 + i;

	return (p6->len < 96 && o >= 8) ? o + 1 : o;
}

bool rfc6052_len_valid(unsigned int len)
{
	return len == 32 || len == 40 || len == 48 || len == 56 ||
	       len == 64 || len == 96;
}

/* Every valid length is a whole number of octets. */
bool pool6_contains(const struct pool6 *p6, const struct in6_addr *addr)
{
	return !memcmp(&p6->prefix, addr, p6->len / 8);
}

/*
 * Both run once or twice a translated packet; a /96 (64:ff9b::/96, and
 * most operators' own) holds the IPv4 address as its last word.
 */
__be32 pool6_extract(const struct pool6 *p6, const struct in6_addr *addr)
{
	u8 v4[4];
	unsigned int i;

	if (p6->len == 96)
		return addr->s6_addr32[3];
	for (i = 0; i < 4; i++)
		v4[i] = addr->s6_addr[pool6_octet(p6, i)];
	return *(__be32 *)v4;
}

void pool6_embed(const struct pool6 *p6, __be32 addr4, struct in6_addr *out)
{
	const u8 *v4 = (const u8 *)&addr4;
	unsigned int i;

	*out = p6->prefix;
	if (p6->len == 96) {
		out->s6_addr32[3] = addr4;
		return;
	}
	for (i = 0; i < 4; i++)
		out->s6_addr[pool6_octet(p6, i)] = v4[i];
}
