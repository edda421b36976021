// SPDX-License-Identifier: GPL-2.0
/*
 * Data path counters, shown by jool/stats (config/stats_attr.c), one
 * "name: value" per line.  Exhaustion is also counted per (mark, proto) in
 * a small table: marks are arbitrary u32 values, so the table has a fixed
 * number of slots and the overflow is folded into the total.
 */
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>

#include "core/proto.h"
#include "state/stats.h"

struct jool_stats {
	u64 count[JSTAT_COUNT];
};

static DEFINE_PER_CPU(struct jool_stats, jool_stats);

static const char *const jool_stat_names[JSTAT_COUNT] = {
	[JSTAT_XLAT_6TO4]	= "translated_6to4",
	[JSTAT_XLAT_4TO6]	= "translated_4to6",
	[JSTAT_EXT_HEADER]	= "drop_ipv6_ext_header",
	[JSTAT_FRAGMENT]	= "drop_ipv4_fragment",
	[JSTAT_UNSUPPORTED]	= "drop_unsupported",
	[JSTAT_HOP_LIMIT]	= "drop_hop_limit",
	[JSTAT_MALFORMED]	= "drop_malformed",
	[JSTAT_UDP_ZERO_CSUM]	= "drop_udp_zero_checksum",
	[JSTAT_GSO]		= "drop_gso",
	[JSTAT_TOO_BIG]		= "drop_too_big",
	[JSTAT_NO_ROUTE]	= "drop_no_route",
	[JSTAT_NOMEM]		= "drop_nomem",
	[JSTAT_NO_POOL4]	= "drop_no_pool4",
	[JSTAT_POOL4_EXHAUSTED]	= "drop_pool4_exhausted",
	[JSTAT_TABLE_FULL]	= "drop_table_full",
	[JSTAT_NO_BIB]		= "drop_no_bib",
	[JSTAT_NO_SESSION]	= "drop_no_session",
	[JSTAT_ICMP_ERR_6TO4]	= "translated_icmp_error_6to4",
	[JSTAT_ICMP_ERR_4TO6]	= "translated_icmp_error_4to6",
	[JSTAT_ICMP_ERR_UNTRANSLATABLE] = "drop_icmp_error_untranslatable",
	[JSTAT_ICMP_ERR_INNER]	= "drop_icmp_error_inner",
	[JSTAT_ICMP_ERR_NO_BIB]	= "drop_icmp_error_no_bib",
	[JSTAT_SENT_TIME_EXCEEDED] = "sent_icmp_time_exceeded",
	[JSTAT_SENT_TOO_BIG]	= "sent_icmp_too_big",
};

#define EXHAUST_SLOTS 32

struct exhaust_slot {
	u32 mark;
	u8 proto;
	bool used;
	u64 count;
};

/* Taken only when a pool4 table is exhausted: never on the fast path. */
static DEFINE_SPINLOCK(exhaust_lock);
static struct exhaust_slot exhaust[EXHAUST_SLOTS];

void jool_stat_inc(enum jool_stat stat)
{
	this_cpu_inc(jool_stats.count[stat]);
}

void jool_stat_exhausted(u32 mark, u8 proto)
{
	unsigned long flags;
	int i;

	jool_stat_inc(JSTAT_POOL4_EXHAUSTED);
	spin_lock_irqsave(&exhaust_lock, flags);
	for (i = 0; i < EXHAUST_SLOTS; i++) {
		struct exhaust_slot *s = &exhaust[i];

		if (s->used && (s->mark != mark || s->proto != proto))
			continue;
		s->used = true;
		s->mark = mark;
		s->proto = proto;
		s->count++;
		break;
	}
	spin_unlock_irqrestore(&exhaust_lock, flags);
}

static u64 jool_stat_sum(enum jool_stat stat)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += per_cpu(jool_stats, cpu).count[stat];
	return sum;
}

ssize_t jool_stats_emit(char *page)
{
	struct exhaust_slot copy[EXHAUST_SLOTS];
	ssize_t len = 0;
	int i;

	for (i = 0; i < JSTAT_COUNT; i++)
		len += sysfs_emit_at(page, len, "%s: %llu\n", jool_stat_names[i],
				     jool_stat_sum(i));

	spin_lock_irq(&exhaust_lock);
	memcpy(copy, exhaust, sizeof(copy));
	spin_unlock_irq(&exhaust_lock);
	for (i = 0; i < EXHAUST_SLOTS && copy[i].used; i++)
		len += sysfs_emit_at(page, len, "pool4_exhausted_mark_%u_%s: %llu\n",
				     copy[i].mark, jool_proto_name(copy[i].proto),
				     copy[i].count);
	return len;
}
