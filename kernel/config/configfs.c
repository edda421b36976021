// SPDX-License-Identifier: GPL-2.0
/*
 * The configfs subsystem "jool": the root of the configuration tree.
 *
 *   /sys/kernel/config/jool/
 *     pool4/	records of the IPv4 transport address pool (pool4_config.c)
 */
#include <linux/configfs.h>
#include <linux/module.h>

#include "config/bib_show.h"
#include "config/configfs.h"
#include "config/pool4_config.h"
#include "state/pool6.h"
#include "state/stats.h"

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
	configfs_add_default_group(pool4_config_group(), &jool_subsys.su_group);

	err = configfs_register_subsystem(&jool_subsys);
	if (err)
		pr_err("jool: cannot register the configfs subsystem: %d\n", err);
	return err;
}

void jool_configfs_exit(void)
{
	configfs_unregister_subsystem(&jool_subsys);
}
