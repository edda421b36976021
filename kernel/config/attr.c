// SPDX-License-Identifier: GPL-2.0
/*
 * The grammar of config/attr.h: parse into the caller's locals, never into
 * live state, so that a refused write changes nothing.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "config/attr.h"
#include "core/proto.h"

size_t attr_trim(const char *page, size_t count)
{
	return count && page[count - 1] == '\n' ? count - 1 : count;
}

/*
 * A decimal number of @n characters, at most @max: EINVAL for anything but
 * digits (or for a leading zero, which other parsers read as octal: "010"
 * is 8 to strtoul(.., 0) and inet_aton()), ERANGE for a well-formed number
 * that is too big.  Syntax is checked on every character before the range.
 */
static int attr_decimal(const char *s, size_t n, u32 max, u32 *out)
{
	u64 value = 0;
	size_t i;

	if (!n || (n > 1 && s[0] == '0'))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (!isdigit(s[i]))
			return -EINVAL;
		value = min_t(u64, value * 10 + (s[i] - '0'), U32_MAX + 1ULL);
	}
	if (value > max)
		return -ERANGE;
	*out = value;
	return 0;
}

int attr_parse_u32(const char *page, size_t count, u32 *value)
{
	return attr_decimal(page, attr_trim(page, count), U32_MAX, value);
}

int attr_parse_bool(const char *page, size_t count, bool *value)
{
	u32 v;
	int err = attr_decimal(page, attr_trim(page, count), 1, &v);

	if (err)
		return -EINVAL;
	*value = v;
	return 0;
}

/* Exact names; sysfs_streq() would stop at an embedded NUL. */
int attr_parse_proto(const char *page, size_t count, u8 *proto)
{
	size_t n = attr_trim(page, count);
	int i;

	for (i = 0; i < JOOL_PROTO_COUNT; i++) {
		if (n == strlen(jool_proto_name(i)) &&
		    !memcmp(page, jool_proto_name(i), n)) {
			*proto = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* An octet of @s (up to @end) that starts with 0 and goes on: "010". */
static bool attr_octet_leading_zero(const char *s, const char *end)
{
	const char *p;

	for (p = s; p + 1 < end; p++)
		if ((p == s || p[-1] == '.') && p[0] == '0' && isdigit(p[1]))
			return true;
	return false;
}

int attr_parse_prefix4(const char *page, size_t count, u32 *addr, u8 *len)
{
	const char *end;
	__be32 be;
	u32 bits = 32;
	int err;

	count = attr_trim(page, count);
	if (!count || !in4_pton(page, count, (u8 *)&be, '/', &end) ||
	    attr_octet_leading_zero(page, end))
		return -EINVAL;
	if (end < page + count) {
		if (*end != '/')
			return -EINVAL;
		err = attr_decimal(end + 1, page + count - end - 1, 32, &bits);
		if (err)
			return err;
	}
	*addr = be32_to_cpu(be);
	*len = bits;
	if (bits < 32 && (*addr & (~0U >> bits)))
		return -EINVAL;
	return 0;
}

int attr_parse_ports(const char *page, size_t count, u16 *min, u16 *max)
{
	const char *dash;
	u32 lo, hi;
	int err, err_hi = 0;

	count = attr_trim(page, count);
	dash = memchr(page, '-', count);
	err = attr_decimal(page, dash ? dash - page : count, U16_MAX, &lo);
	hi = lo;
	if (dash)
		err_hi = attr_decimal(dash + 1, page + count - dash - 1,
				      U16_MAX, &hi);
	if (err == -EINVAL || err_hi == -EINVAL)
		return -EINVAL;
	if (err || err_hi)
		return -ERANGE;
	if (lo > hi)
		return -ERANGE;
	*min = lo;
	*max = hi;
	return 0;
}

/* The "#port" that ends a transport address at @hash. */
static int attr_taddr_port(const char *hash, const char *end, __be16 *port)
{
	u32 value;
	int err;

	if (hash >= end || *hash != '#')
		return -EINVAL;
	err = attr_decimal(hash + 1, end - hash - 1, U16_MAX, &value);
	if (!err)
		*port = htons(value);
	return err;
}

int attr_parse_taddr4(const char *page, size_t count, __be32 *addr,
		      __be16 *port)
{
	const char *end;

	count = attr_trim(page, count);
	if (!count || !in4_pton(page, count, (u8 *)addr, '#', &end) ||
	    attr_octet_leading_zero(page, end))
		return -EINVAL;
	return attr_taddr_port(end, page + count, port);
}

int attr_parse_taddr6(const char *page, size_t count, struct in6_addr *addr,
		      __be16 *port)
{
	const char *end;

	count = attr_trim(page, count);
	if (!count || !in6_pton(page, count, addr->s6_addr, '#', &end))
		return -EINVAL;
	return attr_taddr_port(end, page + count, port);
}

/* Host bits beyond @len (a multiple of 8 or not) are all zero. */
static bool attr_host_bits_zero(const struct in6_addr *addr, unsigned int len)
{
	unsigned int i;

	if (len % 8 && (addr->s6_addr[len / 8] & (0xff >> (len % 8))))
		return false;
	for (i = DIV_ROUND_UP(len, 8); i < sizeof(addr->s6_addr); i++)
		if (addr->s6_addr[i])
			return false;
	return true;
}

int attr_parse_prefix6(const char *page, size_t count, struct in6_addr *addr,
		       u8 *len, bool (*len_ok)(unsigned int len))
{
	const char *end;
	u32 bits;
	int err;

	count = attr_trim(page, count);
	if (!count)
		return -ENODATA;
	if (!in6_pton(page, count, addr->s6_addr, '/', &end) ||
	    end >= page + count || *end != '/')
		return -EINVAL;
	err = attr_decimal(end + 1, page + count - end - 1, 128, &bits);
	if (err)
		return err;
	if (!len_ok(bits))
		return -ERANGE;
	if (!attr_host_bits_zero(addr, bits))
		return -EINVAL;
	*len = bits;
	return 0;
}
