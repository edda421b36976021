// SPDX-License-Identifier: GPL-2.0
/*
 * jool/stats: the data path's counters (state/stats.c), then two gauges,
 * the BIB entries and sessions that exist now (the module's own count,
 * which a listing of jool/bib or jool/session can be checked against).
 */
#include <linux/configfs.h>
#include <linux/module.h>

#include "config/parts.h"
#include "state/bib.h"
#include "state/stats.h"

static ssize_t jool_stats_show(struct config_item *item, char *page)
{
	ssize_t len = jool_stats_emit(page);

	len += sysfs_emit_at(page, len, "bib_entries: %u\nsession_entries: %u\n",
			     bib_count(), bib_session_count());
	return len;
}

struct configfs_attribute jool_attr_stats = {
	.ca_name	= "stats",
	.ca_owner	= THIS_MODULE,
	.ca_mode	= 0444,
	.show		= jool_stats_show,
};
