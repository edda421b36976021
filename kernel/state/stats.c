// SPDX-License-Identifier: GPL-2.0
/*
 * Data path counters, shown by jool/stats (config/stats_attr.c), one
 * "name: value" per line.  Exhaustion is also counted per (mark, proto) in
 * a small table: marks are arbitrary u32 values, so the table has a fixed
 * number of slots and the overflow is folded into the total.
 *
 * Each namespace's translator has its own, allocated when it starts.
 */
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>

#include "core/proto.h"
#include "state/stats.h"

struct jool_counts {
	u64 count[JSTAT_COUNT];
};

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
	[JSTAT_HAIRPIN]		= "translated_hairpin",
	[JSTAT_ROUTING_HDR]	= "drop_routing_header",
	[JSTAT_SOURCE_ROUTE]	= "drop_ipv4_source_route",
	[JSTAT_SENT_PARAM_PROB]	= "sent_icmp_parameter_problem",
	[JSTAT_SENT_SR_FAILED]	= "sent_icmp_source_route_failed",
	[JSTAT_REASSEMBLED]	= "translated_reassembled",
	[JSTAT_GSO_SEGMENTED]	= "gso_segmented",
	[JSTAT_FILTERED]	= "drop_address_filtered",
	[JSTAT_EXT_TCP]		= "drop_externally_initiated_tcp",
	[JSTAT_ICMP6_INFO]	= "drop_icmpv6_info",
	[JSTAT_SYN_STORED]	= "stored_ipv4_syn",
	[JSTAT_SYN_STORE_FULL]	= "drop_syn_store_full",
	[JSTAT_SYN_STORED_DUP]	= "drop_syn_already_stored",
	[JSTAT_SIMULTANEOUS_OPEN] = "simultaneous_open",
	[JSTAT_SENT_PORT_UNREACH] = "sent_icmp_port_unreachable",
	[JSTAT_SUBSCRIBER_LIMIT] = "drop_subscriber_limit",
	[JSTAT_SESSION_LIMIT] = "drop_session_limit",
	[JSTAT_EXPIRED]		= "expired_sessions",
	[JSTAT_EXPIRY_CHECKS]	= "expiry_checks",
	[JSTAT_BLOCK_EXHAUSTED] = "drop_port_block_exhausted",
};

#define EXHAUST_SLOTS 32

struct exhaust_slot {
	u32 mark;
	u8 proto;
	bool used;
	u64 count;
};

/**
 * struct jool_stats - the counters of one namespace's translator
 * @percpu:	the counters proper
 * @exhaust_lock: taken only when a pool4 table is exhausted, never on
 *		the fast path
 * @exhaust:	exhaustion per (mark, proto)
 */
struct jool_stats {
	struct jool_counts __percpu *percpu;
	spinlock_t exhaust_lock;
	struct exhaust_slot exhaust[EXHAUST_SLOTS];
};

struct jool_stats *jool_stats_alloc(void)
{
	struct jool_stats *stats = kzalloc(sizeof(*stats), GFP_KERNEL);

	if (!stats)
		return NULL;
	stats->percpu = alloc_percpu(struct jool_counts);
	if (!stats->percpu) {
		kfree(stats);
		return NULL;
	}
	spin_lock_init(&stats->exhaust_lock);
	return stats;
}

void jool_stats_free(struct jool_stats *stats)
{
	if (!stats)
		return;
	free_percpu(stats->percpu);
	kfree(stats);
}

void jool_stat_inc(struct jool_stats *stats, enum jool_stat stat)
{
	this_cpu_inc(stats->percpu->count[stat]);
}

void jool_stat_add(struct jool_stats *stats, enum jool_stat stat, u64 n)
{
	this_cpu_add(stats->percpu->count[stat], n);
}

void jool_stat_exhausted(struct jool_stats *stats, u32 mark, u8 proto)
{
	unsigned long flags;
	int i;

	jool_stat_inc(stats, JSTAT_POOL4_EXHAUSTED);
	spin_lock_irqsave(&stats->exhaust_lock, flags);
	for (i = 0; i < EXHAUST_SLOTS; i++) {
		struct exhaust_slot *s = &stats->exhaust[i];

		if (s->used && (s->mark != mark || s->proto != proto))
			continue;
		s->used = true;
		s->mark = mark;
		s->proto = proto;
		s->count++;
		break;
	}
	spin_unlock_irqrestore(&stats->exhaust_lock, flags);
}

/* A translator that was never started counts nothing: zeros. */
static u64 jool_stat_sum(const struct jool_stats *stats, enum jool_stat stat)
{
	u64 sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += stats ? per_cpu_ptr(stats->percpu, cpu)->count[stat] : 0;
	return sum;
}

ssize_t jool_stats_emit(struct jool_stats *stats, char *page)
{
	struct exhaust_slot copy[EXHAUST_SLOTS] = {};
	ssize_t len = 0;
	int i;

	for (i = 0; i < JSTAT_COUNT; i++)
		len += sysfs_emit_at(page, len, "%s: %llu\n", jool_stat_names[i],
				     jool_stat_sum(stats, i));

	if (stats) {
		spin_lock_irq(&stats->exhaust_lock);
		memcpy(copy, stats->exhaust, sizeof(copy));
		spin_unlock_irq(&stats->exhaust_lock);
	}
	for (i = 0; i < EXHAUST_SLOTS && copy[i].used; i++)
		len += sysfs_emit_at(page, len, "pool4_exhausted_mark_%u_%s: %llu\n",
				     copy[i].mark, jool_proto_name(copy[i].proto),
				     copy[i].count);
	return len;
}
