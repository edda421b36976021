// SPDX-License-Identifier: GPL-2.0
/*
 * pool6: the RFC 6052 prefix and the jool/pool6 attribute.
 *
 * RFC 6052 section 2.2: the IPv4 address follows the prefix, but bits 64
 * to 71 (octet 8, the "u" octet) are never used, so for prefixes shorter
 * than /96 the address straddles it.  Only lengths 32, 40, 48, 56, 64 and
 * 96 are defined.
 */
#include <linux/configfs.h>
#include <linux/ctype.h>
#include <linux/inet.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/ipv6.h>

#include "config/configfs.h"
#include "state/pool6.h"

struct pool6 __rcu *pool6_published;

/* Serialises writers of pool6_published; the data path never takes it. */
static DEFINE_MUTEX(pool6_mutex);

/* Octet of the IPv6 address that holds octet @i of the IPv4 address. */
static unsigned int pool6_octet(const struct pool6 *p6, unsigned int i)
{
	unsigned int o = p6->len / 8 + i;

	return (p6->len < 96 && o >= 8) ? o + 1 : o;
}

bool pool6_contains(const struct pool6 *p6, const struct in6_addr *addr)
{
	return ipv6_prefix_equal(&p6->prefix, addr, p6->len);
}

__be32 pool6_extract(const struct pool6 *p6, const struct in6_addr *addr)
{
	u8 v4[4];
	unsigned int i;

	for (i = 0; i < 4; i++)
		v4[i] = addr->s6_addr[pool6_octet(p6, i)];
	return *(__be32 *)v4;
}

void pool6_embed(const struct pool6 *p6, __be32 addr4, struct in6_addr *out)
{
	const u8 *v4 = (const u8 *)&addr4;
	unsigned int i;

	*out = p6->prefix;
	for (i = 0; i < 4; i++)
		out->s6_addr[pool6_octet(p6, i)] = v4[i];
}

static bool pool6_len_valid(unsigned int len)
{
	return len == 32 || len == 40 || len == 48 || len == 56 ||
	       len == 64 || len == 96;
}

/*
 * "PREFIX/LEN" into @p6; -EINVAL for syntax or host bits, -ERANGE for a
 * length RFC 6052 does not define.
 */
static int pool6_parse(const char *buf, size_t count, struct pool6 *p6)
{
	const char *end;
	unsigned int len;
	struct in6_addr masked;
	char tail[4];
	size_t n;

	if (!in6_pton(buf, count, p6->prefix.s6_addr, '/', &end) || *end != '/')
		return -EINVAL;
	end++;
	n = count - (end - buf);
	if (n == 0 || n >= sizeof(tail))
		return -EINVAL;
	memcpy(tail, end, n);
	tail[n] = '\0';
	if (kstrtouint(tail, 10, &len))
		return -EINVAL;
	if (!pool6_len_valid(len))
		return -ERANGE;
	p6->len = len;
	ipv6_addr_prefix(&masked, &p6->prefix, len);
	if (!ipv6_addr_equal(&masked, &p6->prefix))
		return -EINVAL;
	return 0;
}

static void pool6_publish(struct pool6 *p6)
{
	struct pool6 *old;

	mutex_lock(&pool6_mutex);
	old = rcu_replace_pointer(pool6_published, p6,
				  lockdep_is_held(&pool6_mutex));
	mutex_unlock(&pool6_mutex);
	if (old)
		kfree_rcu(old, rcu);
}

static ssize_t jool_pool6_store(struct config_item *item, const char *page,
				size_t count)
{
	size_t len = count;
	struct pool6 *p6;
	int err;

	if (!jool_config_allowed())
		return -EPERM;
	while (len && isspace(page[len - 1]))
		len--;
	if (!len) {
		pool6_publish(NULL);
		return count;
	}

	p6 = kzalloc(sizeof(*p6), GFP_KERNEL);
	if (!p6)
		return -ENOMEM;
	err = pool6_parse(page, len, p6);
	if (err) {
		kfree(p6);
		return err;
	}
	pool6_publish(p6);
	return count;
}

static ssize_t jool_pool6_show(struct config_item *item, char *page)
{
	const struct pool6 *p6;
	ssize_t len = 0;

	rcu_read_lock();
	p6 = pool6_current();
	if (p6)
		len = sysfs_emit(page, "%pI6c/%u\n", &p6->prefix, p6->len);
	rcu_read_unlock();
	return len;
}

struct configfs_attribute jool_attr_pool6 = {
	.ca_name	= "pool6",
	.ca_owner	= THIS_MODULE,
	.ca_mode	= 0644,
	.show		= jool_pool6_show,
	.store		= jool_pool6_store,
};

/* After the hooks are gone: nobody reads the prefix any more. */
void pool6_exit(void)
{
	pool6_publish(NULL);
}
