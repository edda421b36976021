/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every attribute of the configuration tree shares: one strict
 * grammar for the values written.  Who may read and write is the
 * directory's business (config/instance.h).
 *
 * A value is exactly its text, optionally followed by the one newline
 * `echo` appends.  Leading or trailing blanks, a second newline, a sign,
 * a base prefix, a leading zero, an exponent or an embedded NUL are
 * syntax errors, never silently ignored: configfs hands a store @count
 * bytes and the value is all of them.
 *
 * One errno table for every store:
 *   EINVAL  syntax (including host bits set in a prefix)
 *   ERANGE  a well-formed value out of range
 *   EBUSY   a write to an enabled pool4 record or static BIB entry
 *   EEXIST  a static BIB entry whose transport address the BIB holds
 *   EADDRNOTAVAIL  a static BIB entry whose IPv4 side is not in pool4
 *   EDOM    a timeout below RFC 6146's minimum, not forced (global/)
 *   EPERM   no CAP_NET_ADMIN over the translator's namespace
 *   EACCES  another namespace's translator, without CAP_NET_ADMIN in the
 *           initial user namespace (reads too)
 *   ENODEV  a directory serving no namespace (not bound, or gone)
 *   ENOMEM  out of memory; nothing changed
 * Parsers check syntax on every character before the range, so "70000-x"
 * is EINVAL, not ERANGE.  A user's typo never reaches dmesg.
 */
#ifndef _JOOL_CONFIG_ATTR_H
#define _JOOL_CONFIG_ATTR_H

#include <linux/in6.h>
#include <linux/types.h>

/* Length of @page without the newline `echo` appends. */
size_t attr_trim(const char *page, size_t count);

/* The parsers take the store's @page and @count as they came. */
int attr_parse_u32(const char *page, size_t count, u32 *value);
/* "0" or "1"; kstrtobool() would also take "yes", "on" or "1x". */
int attr_parse_bool(const char *page, size_t count, bool *value);
/* A name of core/proto.h: "tcp", "udp" or "icmp". */
int attr_parse_proto(const char *page, size_t count, u8 *proto);
/* "a.b.c.d" or "a.b.c.d/len", host byte order; host bits must be zero. */
int attr_parse_prefix4(const char *page, size_t count, u32 *addr, u8 *len);
/* "min-max" or a single "port"; min <= max. */
int attr_parse_ports(const char *page, size_t count, u16 *min, u16 *max);
/*
 * Transport addresses: "a.b.c.d#port" and "IPV6#port", network byte
 * order.  Port 0 is allowed (an ICMP identifier).
 */
int attr_parse_taddr4(const char *page, size_t count, __be32 *addr,
		      __be16 *port);
int attr_parse_taddr6(const char *page, size_t count, struct in6_addr *addr,
		      __be16 *port);
/*
 * "PREFIX/LEN" of IPv6, host bits zero; ERANGE for a length @len_ok
 * refuses.  An empty value is -ENODATA: the caller decides what it means.
 */
int attr_parse_prefix6(const char *page, size_t count, struct in6_addr *addr,
		       u8 *len, bool (*len_ok)(unsigned int len));

#endif /* _JOOL_CONFIG_ATTR_H */
