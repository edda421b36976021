// SPDX-License-Identifier: GPL-2.0
/*
 * jool.ko: a stateful NAT64 translator whose IPv4 transport address pool
 * (pool4) is configured through configfs.
 *
 * Init order matters: the configuration tree appears last, once everything
 * it can reach is ready, and goes first on the way out.
 */
#include <linux/module.h>

#include "configfs.h"
#include "pool4_config.h"

static int __init jool_init(void)
{
	int err;

	err = pool4_config_init();
	if (err)
		return err;
	err = jool_configfs_init();
	if (err)
		goto err_pool4;
	return 0;

err_pool4:
	pool4_config_exit();
	return err;
}

static void __exit jool_exit(void)
{
	jool_configfs_exit();
	pool4_config_exit();
}

module_init(jool_init);
module_exit(jool_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Stateful NAT64 translator with a configfs-managed pool4");
MODULE_AUTHOR("Jool configfs team <nat64@example.org>");
