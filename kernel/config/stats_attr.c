// SPDX-License-Identifier: GPL-2.0
/*
 * jool/stats: the data path's counters (state/stats.c), then four
 * gauges: the BIB entries and sessions that exist now (the module's own
 * count, which a listing of jool/bib or jool/session can be checked
 * against), the IPv4 SYNs the SYN store holds and the port blocks held
 * (port-block-size).
 * Those of the translator the directory serves: zeros until it starts.
 */
#include <linux/configfs.h>
#include <linux/module.h>

#include "config/instance.h"
#include "config/parts.h"
#include "state/bib.h"
#include "state/stats.h"
#include "state/syn_store.h"

static ssize_t jool_stats_show(struct config_item *item, char *page)
{
	struct jool_inst *inst = to_jool_inst(item);
	struct jool_net *jn;
	ssize_t len = jool_inst_enter(inst, false);

	if (len)
		return len;
	jn = inst->jn;
	len = jool_stats_emit(jn->stats, page);
	len += sysfs_emit_at(page, len, "bib_entries: %u\nsession_entries: %u\n",
			     bib_count(jn->bib), bib_session_count(jn->bib));
	len += sysfs_emit_at(page, len, "stored_syns: %u\n",
			     syn_store_count(jn->syn_store));
	len += sysfs_emit_at(page, len, "port_blocks: %u\n",
			     bib_block_count(jn->bib));
	jool_inst_leave(inst);
	return len;
}

struct configfs_attribute jool_attr_stats = {
	.ca_name	= "stats",
	.ca_owner	= THIS_MODULE,
	.ca_mode	= 0444,
	.show		= jool_stats_show,
};
