// SPDX-License-Identifier: GPL-2.0
/*
 * jool.ko: a stateful NAT64 translator whose IPv4 transport address pool
 * (pool4) is configured through configfs.
 *
 * Init order matters: the state first, then the data path, and the
 * configuration tree last, once everything it can reach is ready; on the
 * way out the tree goes first.
 */
#include <linux/module.h>

#include "config/configfs.h"
#include "config/pool4_set.h"
#include "state/bib.h"
#include "state/pool4_pub.h"
#include "state/pool6.h"
#include "xlat/hooks.h"

static int __init jool_init(void)
{
	int err;

	err = bib_init();
	if (err)
		return err;
	pool6_init();
	err = jool_hooks_init();
	if (err)
		goto err_bib;
	err = jool_configfs_init();
	if (err)
		goto err_hooks;
	return 0;

err_hooks:
	jool_hooks_exit();
err_bib:
	bib_exit();
	return err;
}

/*
 * pool4_set_exit() may still cascade removals that waited for memory
 * into the BIB, so the BIB goes last.
 */
static void __exit jool_exit(void)
{
	jool_configfs_exit();
	jool_hooks_exit();
	pool6_exit();
	pool4_set_exit();
	pool4_pub_exit();
	bib_exit();
}

module_init(jool_init);
module_exit(jool_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Stateful NAT64 translator with a configfs-managed pool4");
MODULE_AUTHOR("Jool configfs team <nat64@example.org>");
