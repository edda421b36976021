// SPDX-License-Identifier: GPL-2.0
/*
 * jool.ko: a stateful NAT64 translator whose IPv4 transport address pool
 * (pool4) is configured through configfs.
 *
 * Init order matters: the configuration tree appears last, once everything
 * it can reach is ready, and goes first on the way out.
 */
#include <linux/module.h>

#include "state/bib.h"
#include "config/configfs.h"
#include "xlat/hooks.h"
#include "config/pool4_config.h"
#include "state/pool6.h"

static int __init jool_init(void)
{
	int err;

	err = bib_init();
	if (err)
		return err;
	err = pool4_config_init();
	if (err)
		goto err_bib;
	err = jool_hooks_init();
	if (err)
		goto err_pool4;
	err = jool_configfs_init();
	if (err)
		goto err_hooks;
	return 0;

err_hooks:
	jool_hooks_exit();
err_pool4:
	pool4_config_exit();
err_bib:
	bib_exit();
	return err;
}

/*
 * pool4_config_exit() may still cascade removals that waited for memory
 * into the BIB, so the BIB goes last.
 */
static void __exit jool_exit(void)
{
	jool_configfs_exit();
	jool_hooks_exit();
	pool6_exit();
	pool4_config_exit();
	bib_exit();
}

module_init(jool_init);
module_exit(jool_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Stateful NAT64 translator with a configfs-managed pool4");
MODULE_AUTHOR("Jool configfs team <nat64@example.org>");
