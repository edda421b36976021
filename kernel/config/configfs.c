// SPDX-License-Identifier: GPL-2.0
/*
 * The configfs subsystem "jool": the root of the configuration tree, put
 * together from its parts (config/parts.h), which do not know each other.
 *
 *   /sys/kernel/config/jool/
 *     pool6	the NAT64 prefix (pool6_attr.c)
 *     stats	counters and gauges (stats_attr.c)
 *     bib	BIB entries, read-only listing (bib_show.c)
 *     session	sessions, read-only listing (bib_show.c)
 *     pool4/	one directory per pool4 record (pool4_item.c)
 */
#include <linux/configfs.h>
#include <linux/module.h>

#include "config/configfs.h"
#include "config/parts.h"

static struct configfs_attribute *jool_root_attrs[] = {
	&jool_attr_pool6,
	&jool_attr_stats,
	NULL,
};

static struct configfs_bin_attribute *jool_root_bin_attrs[] = {
	&jool_attr_bib,
	&jool_attr_session,
	NULL,
};

static const struct config_item_type jool_root_type = {
	.ct_attrs	= jool_root_attrs,
	.ct_bin_attrs	= jool_root_bin_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct configfs_subsystem jool_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf	= "jool",
			.ci_type	= &jool_root_type,
		},
	},
};

int jool_configfs_init(void)
{
	int err;

	config_group_init(&jool_subsys.su_group);
	mutex_init(&jool_subsys.su_mutex);
	pool4_group_init(&jool_subsys.su_group);

	err = configfs_register_subsystem(&jool_subsys);
	if (err)
		pr_err("jool: cannot register the configfs subsystem: %d\n", err);
	return err;
}

void jool_configfs_exit(void)
{
	configfs_unregister_subsystem(&jool_subsys);
}
