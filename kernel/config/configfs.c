// SPDX-License-Identifier: GPL-2.0
/*
 * The configfs subsystem "jool": the root of the configuration tree, put
 * together from its parts (config/parts.h), which do not know each other.
 * The root serves the translator of the initial network namespace; every
 * other namespace's is a directory under ns/ (config/ns.c).
 *
 *   /sys/kernel/config/jool/
 *     netns	the namespace it serves (ns.c)
 *     pool6	the NAT64 prefix (pool6_attr.c)
 *     stats	counters and gauges (stats_attr.c)
 *     bib	BIB entries, read-only listing (bib_show.c)
 *     session	sessions, read-only listing (bib_show.c)
 *     pool4/	one directory per pool4 record (pool4_item.c)
 *     static-bib/	one directory per static BIB entry (static_bib.c)
 *     global/	the translator's settings, one file per key (global_attr.c)
 *     ns/	the translators of the other namespaces (ns.c)
 */
#include <linux/configfs.h>
#include <linux/module.h>

#include "config/configfs.h"
#include "config/instance.h"
#include "config/parts.h"

static struct configfs_attribute *jool_root_attrs[] = {
	&jool_attr_root_netns,
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

static struct jool_inst jool_root = {
	.cfs.su_group.cg_item = {
		.ci_namebuf	= "jool",
		.ci_type	= &jool_root_type,
	},
};

/*
 * Every namespace gets its idle translator and the root is bound to the
 * initial one before the tree appears.
 */
int jool_configfs_init(void)
{
	int err;

	config_group_init(&jool_root.cfs.su_group);
	mutex_init(&jool_root.cfs.su_mutex);
	jool_inst_init(&jool_root);
	configfs_add_default_group(jool_ns_group_init(),
				   &jool_root.cfs.su_group);
	err = jool_ns_init(&jool_root);
	if (err)
		return err;
	err = configfs_register_subsystem(&jool_root.cfs);
	if (err) {
		pr_err("jool: cannot register the configfs subsystem: %d\n", err);
		jool_ns_exit();
	}
	return err;
}

/*
 * The tree goes first, so that no configuration reaches a translator
 * while the pernet exits stop them all.
 */
void jool_configfs_exit(void)
{
	configfs_unregister_subsystem(&jool_root.cfs);
	jool_ns_exit();
}
