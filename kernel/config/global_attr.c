// SPDX-License-Identifier: GPL-2.0
/*
 * jool/global/: the settings of the translator a configuration directory
 * serves (state/settings.h), one attribute per key, in the grammar and
 * errno table of config/attr.h.  Anyone who may read the translator may
 * read them; a write needs CAP_NET_ADMIN over its namespace.
 *
 *   enabled, address-dependent-filtering, drop-icmpv6-info,
 *   drop-externally-initiated-tcp, source-icmpv6-errors-better,
 *   zeroize-traffic-class, override-tos	"0" or "1"
 *   tos					0..255
 *   maximum-simultaneous-opens		0..JOOL_SYN_STORE_MAX (0: no
 *						SYN store)
 *   udp-timeout, tcp-est-timeout,
 *   tcp-trans-timeout, icmp-timeout		seconds, 1..GLOBAL_TIMEOUT_MAX,
 *						optionally followed by " force"
 *   mtu-plateaus				up to JOOL_PLATEAUS_MAX
 *						decimals, 68..65535, separated
 *						by commas; shown sorted,
 *						largest first, without repeats
 *   logging-bib, logging-session		"0" or "1"
 *   subscriber-prefix-length			JOOL_SUB_PREFIX_MIN..128
 *   maximum-bib-per-subscriber		1..JOOL_BIB_PER_SUB_MAX
 *   maximum-sessions-per-bib			1..JOOL_SESSIONS_PER_BIB_MAX
 *   bib-max, session-max			1..JOOL_TABLE_MAX (lowering one
 *						below the entries there are
 *						refuses new ones, removes none)
 *   port-block-size				0 (off) or a power of two,
 *						JOOL_PORT_BLOCK_MIN..MAX
 *						(the first value above 0
 *						makes the blocks' hashes:
 *						ENOMEM changes nothing)
 *
 * A timeout below RFC 6146's minimum for its kind (section 4: UDP 2 min,
 * TCP established 2 h 4 min, transitory 4 min; ICMP has none) is refused
 * with EDOM unless the value ends in " force": labs and tests want
 * seconds, a production translator must not get them by a typo.
 *
 * A write parses into a local value, then, under the directory's lock,
 * copies the published settings, changes the copy and publishes it: the
 * data path sees the old settings or the new ones, never a mix, and a
 * refused write changes nothing.
 */
#include <linux/configfs.h>
#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "config/attr.h"
#include "config/instance.h"
#include "config/parts.h"
#include "state/bib.h"
#include "state/netns.h"
#include "state/settings.h"

/*
 * A day, far above RFC 6146's lifetimes: sessions count their idle time in
 * 16 bits of two-second ticks, which must not wrap before the sweep sees
 * them (SESSION_TICK, core/session_state.h).
 */
#define GLOBAL_TIMEOUT_MAX	(24 * 60 * 60)

enum global_kind {
	GLOBAL_BOOL,
	GLOBAL_U8,
	GLOBAL_U32,
	GLOBAL_TIMEOUT,
	GLOBAL_PLATEAUS,
	GLOBAL_BLOCK,
};

/**
 * struct global_key - one attribute of jool/global/
 * @kind:	its grammar
 * @offset:	of its field in struct jool_settings
 * @min:	GLOBAL_TIMEOUT: the least value accepted without "force";
 *		GLOBAL_U8, GLOBAL_U32, GLOBAL_BLOCK: the least value
 *		accepted (GLOBAL_BLOCK: but for 0)
 * @max:	GLOBAL_U8, GLOBAL_U32, GLOBAL_BLOCK: the largest value
 *		accepted (0 for a GLOBAL_U8: U8_MAX)
 */
struct global_key {
	enum global_kind kind;
	size_t offset;
	u32 min;
	u32 max;
};

/* A parsed value, before it enters a copy of the settings. */
struct global_value {
	u32 num;
	u8 count;
	u16 plateaus[JOOL_PLATEAUS_MAX];
};

#define SETTING(field) offsetof(struct jool_settings, field)

enum global_id {
	G_ENABLED,
	G_ADF,
	G_DROP_ICMP6_INFO,
	G_DROP_EXT_TCP,
	G_SRC_ICMP6_BETTER,
	G_ZEROIZE_TCLASS,
	G_OVERRIDE_TOS,
	G_TOS,
	G_MAX_SYN_OPENS,
	G_UDP_TIMEOUT,
	G_TCP_EST_TIMEOUT,
	G_TCP_TRANS_TIMEOUT,
	G_ICMP_TIMEOUT,
	G_MTU_PLATEAUS,
	G_LOG_BIB,
	G_LOG_SESSION,
	G_SUB_PREFIX_LEN,
	G_MAX_BIB_PER_SUB,
	G_MAX_SESSIONS_PER_BIB,
	G_BIB_MAX,
	G_SESSION_MAX,
	G_PORT_BLOCK_SIZE,
};

static const struct global_key global_keys[] = {
	[G_ENABLED] = { GLOBAL_BOOL, SETTING(enabled) },
	[G_ADF] = { GLOBAL_BOOL, SETTING(adf) },
	[G_DROP_ICMP6_INFO] = { GLOBAL_BOOL, SETTING(drop_icmp6_info) },
	[G_DROP_EXT_TCP] = { GLOBAL_BOOL, SETTING(drop_ext_tcp) },
	[G_SRC_ICMP6_BETTER] = { GLOBAL_BOOL, SETTING(src_icmp6_better) },
	[G_ZEROIZE_TCLASS] = { GLOBAL_BOOL, SETTING(zeroize_tclass) },
	[G_OVERRIDE_TOS] = { GLOBAL_BOOL, SETTING(override_tos) },
	[G_TOS] = { GLOBAL_U8, SETTING(tos) },
	[G_MAX_SYN_OPENS] = { GLOBAL_U32, SETTING(max_syn_opens), 0,
			      JOOL_SYN_STORE_MAX },
	[G_UDP_TIMEOUT] = { GLOBAL_TIMEOUT, SETTING(timeouts.udp),
			    SESSION_UDP_MIN },
	[G_TCP_EST_TIMEOUT] = { GLOBAL_TIMEOUT, SETTING(timeouts.tcp_est),
				SESSION_TCP_EST_MIN },
	[G_TCP_TRANS_TIMEOUT] = { GLOBAL_TIMEOUT, SETTING(timeouts.tcp_trans),
				  SESSION_TCP_TRANS_MIN },
	[G_ICMP_TIMEOUT] = { GLOBAL_TIMEOUT, SETTING(timeouts.icmp), 1 },
	[G_MTU_PLATEAUS] = { GLOBAL_PLATEAUS, SETTING(plateaus) },
	[G_LOG_BIB] = { GLOBAL_BOOL, SETTING(log_bib) },
	[G_LOG_SESSION] = { GLOBAL_BOOL, SETTING(log_session) },
	[G_SUB_PREFIX_LEN] = { GLOBAL_U8, SETTING(sub_prefix_len),
			       JOOL_SUB_PREFIX_MIN, 128 },
	[G_MAX_BIB_PER_SUB] = { GLOBAL_U32, SETTING(max_bib_per_sub), 1,
				JOOL_BIB_PER_SUB_MAX },
	[G_MAX_SESSIONS_PER_BIB] = { GLOBAL_U32, SETTING(max_sessions_per_bib),
				     1, JOOL_SESSIONS_PER_BIB_MAX },
	[G_BIB_MAX] = { GLOBAL_U32, SETTING(bib_max), 1, JOOL_TABLE_MAX },
	[G_SESSION_MAX] = { GLOBAL_U32, SETTING(session_max), 1,
			    JOOL_TABLE_MAX },
	[G_PORT_BLOCK_SIZE] = { GLOBAL_BLOCK, SETTING(port_block_size),
				JOOL_PORT_BLOCK_MIN, JOOL_PORT_BLOCK_MAX },
};

static struct jool_inst *global_inst(struct config_item *item)
{
	return container_of(to_config_group(item), struct jool_inst, global);
}

/*
 * attr_parse_u32() takes one trailing newline: a number inside a value
 * must not get it.
 */
static bool global_inner_newline(const char *page, size_t count)
{
	return memchr(page, '\n', attr_trim(page, count));
}

/* "SECONDS" or "SECONDS force". */
static int global_parse_timeout(const struct global_key *key,
				const char *page, size_t count, u32 *secs)
{
	size_t n = attr_trim(page, count);
	const char *space = memchr(page, ' ', n);
	bool force = false;
	int err;

	if (global_inner_newline(page, count))
		return -EINVAL;
	if (space) {
		if (page + n - space - 1 != 5 || memcmp(space + 1, "force", 5))
			return -EINVAL;
		force = true;
		n = space - page;
	}
	err = attr_parse_u32(page, n, secs);
	if (err)
		return err;
	if (!*secs || *secs > GLOBAL_TIMEOUT_MAX)
		return -ERANGE;
	return *secs < key->min && !force ? -EDOM : 0;
}

static int plateau_cmp(const void *a, const void *b)
{
	return *(const u16 *)b - *(const u16 *)a;
}

/*
 * Every number is checked for syntax before any for range: "1,x,99999"
 * is EINVAL.  Stored largest first, without repeats.
 */
static int global_parse_plateaus(const char *page, size_t count,
				 struct global_value *v)
{
	const char *p = page, *end = page + attr_trim(page, count), *comma;
	int err, range = 0;
	u32 n, i, out = 0;

	v->count = 0;
	if (global_inner_newline(page, count))
		return -EINVAL;
	while (p <= end) {
		comma = memchr(p, ',', end - p) ?: end;
		err = attr_parse_u32(p, comma - p, &n);
		if (err == -EINVAL)
			return err;
		if (err || n < JOOL_PLATEAU_MIN || n > U16_MAX ||
		    v->count == JOOL_PLATEAUS_MAX)
			range = -ERANGE;
		else
			v->plateaus[v->count++] = n;
		p = comma + 1;
	}
	if (range)
		return range;
	sort(v->plateaus, v->count, sizeof(v->plateaus[0]), plateau_cmp, NULL);
	for (i = 0; i < v->count; i++)
		if (!out || v->plateaus[out - 1] != v->plateaus[i])
			v->plateaus[out++] = v->plateaus[i];
	v->count = out;
	return 0;
}

static bool global_in_range(const struct global_key *key, u32 num)
{
	u32 max = key->kind == GLOBAL_U8 && !key->max ? U8_MAX : key->max;

	return num >= key->min && num <= max;
}

static int global_parse(const struct global_key *key, const char *page,
			size_t count, struct global_value *v)
{
	bool b;
	int err;

	switch (key->kind) {
	case GLOBAL_BOOL:
		err = attr_parse_bool(page, count, &b);
		v->num = b;
		return err;
	case GLOBAL_U8:
	case GLOBAL_U32:
		err = attr_parse_u32(page, count, &v->num);
		return !err && !global_in_range(key, v->num) ? -ERANGE : err;
	case GLOBAL_TIMEOUT:
		return global_parse_timeout(key, page, count, &v->num);
	case GLOBAL_PLATEAUS:
		return global_parse_plateaus(page, count, v);
	case GLOBAL_BLOCK:
		err = attr_parse_u32(page, count, &v->num);
		if (err || !v->num)
			return err;
		return global_in_range(key, v->num) && is_power_of_2(v->num) ?
		       0 : -ERANGE;
	}
	return -EINVAL;
}

static void global_apply(const struct global_key *key, struct jool_settings *s,
			 const struct global_value *v)
{
	void *field = (u8 *)s + key->offset;

	switch (key->kind) {
	case GLOBAL_BOOL:
		*(bool *)field = v->num;
		break;
	case GLOBAL_U8:
		*(u8 *)field = v->num;
		break;
	case GLOBAL_U32:
	case GLOBAL_TIMEOUT:
	case GLOBAL_BLOCK:
		*(u32 *)field = v->num;
		break;
	case GLOBAL_PLATEAUS:
		memcpy(s->plateaus, v->plateaus, sizeof(s->plateaus));
		s->plateau_count = v->count;
		break;
	}
}

/*
 * Port blocks need memory that a translator without them does not take
 * (state/bib.h): made before the first size above 0 is published, so
 * that the setting takes effect or fails with ENOMEM and stays as it
 * was.  A translator not started yet makes it when it starts.
 */
static int global_prepare(const struct global_key *key, struct jool_net *jn,
			  const struct global_value *v)
{
	if (key->kind != GLOBAL_BLOCK || !v->num || !jn->bib)
		return 0;
	return bib_blocks_prepare(jn->bib);
}

static ssize_t global_store(struct config_item *item, const char *page,
			    size_t count, enum global_id id)
{
	const struct global_key *key = &global_keys[id];
	struct jool_inst *inst = global_inst(item);
	struct jool_settings *s = NULL;
	struct global_value v = {};
	int err;

	err = global_parse(key, page, count, &v);
	if (err)
		return err;
	err = jool_inst_enter(inst, true);
	if (err)
		return err;
	err = global_prepare(key, inst->jn, &v);
	if (!err) {
		s = jool_settings_copy(inst->jn);
		err = s ? 0 : -ENOMEM;
	}
	if (s) {
		global_apply(key, s, &v);
		jool_settings_publish(inst->jn, s);
	}
	jool_inst_leave(inst);
	return err ?: count;
}

static ssize_t global_emit(const struct global_key *key,
			   const struct jool_settings *s, char *page)
{
	const void *field = (const u8 *)s + key->offset;
	ssize_t len = 0;
	unsigned int i;

	switch (key->kind) {
	case GLOBAL_BOOL:
		return sysfs_emit(page, "%u\n", *(const bool *)field);
	case GLOBAL_U8:
		return sysfs_emit(page, "%u\n", *(const u8 *)field);
	case GLOBAL_U32:
	case GLOBAL_TIMEOUT:
	case GLOBAL_BLOCK:
		return sysfs_emit(page, "%u\n", *(const u32 *)field);
	case GLOBAL_PLATEAUS:
		for (i = 0; i < s->plateau_count; i++)
			len += sysfs_emit_at(page, len, "%s%u", i ? "," : "",
					     s->plateaus[i]);
		return len + sysfs_emit_at(page, len, "\n");
	}
	return -EINVAL;
}

static ssize_t global_show(struct config_item *item, char *page,
			   enum global_id id)
{
	struct jool_inst *inst = global_inst(item);
	ssize_t len = jool_inst_enter(inst, false);

	if (len)
		return len;
	rcu_read_lock();
	len = global_emit(&global_keys[id], jool_settings_current(inst->jn),
			  page);
	rcu_read_unlock();
	jool_inst_leave(inst);
	return len;
}

/* configfs tells a handler its item, not its attribute: one pair per key. */
#define GLOBAL_ATTR(sym, id, name)					\
static ssize_t global_##sym##_show(struct config_item *item, char *page) \
{									\
	return global_show(item, page, id);				\
}									\
static ssize_t global_##sym##_store(struct config_item *item,		\
				    const char *page, size_t count)	\
{									\
	return global_store(item, page, count, id);			\
}									\
static struct configfs_attribute global_attr_##sym = {			\
	.ca_name	= name,						\
	.ca_owner	= THIS_MODULE,					\
	.ca_mode	= 0644,						\
	.show		= global_##sym##_show,				\
	.store		= global_##sym##_store,				\
}

GLOBAL_ATTR(enabled, G_ENABLED, "enabled");
GLOBAL_ATTR(adf, G_ADF, "address-dependent-filtering");
GLOBAL_ATTR(drop_icmp6_info, G_DROP_ICMP6_INFO, "drop-icmpv6-info");
GLOBAL_ATTR(drop_ext_tcp, G_DROP_EXT_TCP, "drop-externally-initiated-tcp");
GLOBAL_ATTR(src_icmp6_better, G_SRC_ICMP6_BETTER,
	    "source-icmpv6-errors-better");
GLOBAL_ATTR(zeroize_tclass, G_ZEROIZE_TCLASS, "zeroize-traffic-class");
GLOBAL_ATTR(override_tos, G_OVERRIDE_TOS, "override-tos");
GLOBAL_ATTR(tos, G_TOS, "tos");
GLOBAL_ATTR(max_syn_opens, G_MAX_SYN_OPENS, "maximum-simultaneous-opens");
GLOBAL_ATTR(udp_timeout, G_UDP_TIMEOUT, "udp-timeout");
GLOBAL_ATTR(tcp_est_timeout, G_TCP_EST_TIMEOUT, "tcp-est-timeout");
GLOBAL_ATTR(tcp_trans_timeout, G_TCP_TRANS_TIMEOUT, "tcp-trans-timeout");
GLOBAL_ATTR(icmp_timeout, G_ICMP_TIMEOUT, "icmp-timeout");
GLOBAL_ATTR(mtu_plateaus, G_MTU_PLATEAUS, "mtu-plateaus");
GLOBAL_ATTR(log_bib, G_LOG_BIB, "logging-bib");
GLOBAL_ATTR(log_session, G_LOG_SESSION, "logging-session");
GLOBAL_ATTR(sub_prefix_len, G_SUB_PREFIX_LEN, "subscriber-prefix-length");
GLOBAL_ATTR(max_bib_per_sub, G_MAX_BIB_PER_SUB, "maximum-bib-per-subscriber");
GLOBAL_ATTR(max_sessions_per_bib, G_MAX_SESSIONS_PER_BIB,
	    "maximum-sessions-per-bib");
GLOBAL_ATTR(bib_max, G_BIB_MAX, "bib-max");
GLOBAL_ATTR(session_max, G_SESSION_MAX, "session-max");
GLOBAL_ATTR(port_block_size, G_PORT_BLOCK_SIZE, "port-block-size");

static struct configfs_attribute *global_attrs[] = {
	&global_attr_enabled,
	&global_attr_adf,
	&global_attr_drop_icmp6_info,
	&global_attr_drop_ext_tcp,
	&global_attr_src_icmp6_better,
	&global_attr_zeroize_tclass,
	&global_attr_override_tos,
	&global_attr_tos,
	&global_attr_max_syn_opens,
	&global_attr_udp_timeout,
	&global_attr_tcp_est_timeout,
	&global_attr_tcp_trans_timeout,
	&global_attr_icmp_timeout,
	&global_attr_mtu_plateaus,
	&global_attr_log_bib,
	&global_attr_log_session,
	&global_attr_sub_prefix_len,
	&global_attr_max_bib_per_sub,
	&global_attr_max_sessions_per_bib,
	&global_attr_bib_max,
	&global_attr_session_max,
	&global_attr_port_block_size,
	NULL,
};

static const struct config_item_type global_group_type = {
	.ct_attrs	= global_attrs,
	.ct_owner	= THIS_MODULE,
};

void global_group_init(struct config_group *group, struct config_group *parent)
{
	config_group_init_type_name(group, "global", &global_group_type);
	configfs_add_default_group(group, parent);
}
