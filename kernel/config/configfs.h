/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _JOOL_CONFIGFS_H
#define _JOOL_CONFIGFS_H

#include <linux/capability.h>

/*
 * configfs checks file modes only; changing the translator's configuration
 * needs CAP_NET_ADMIN in the initial user namespace because the tree is
 * global, not per network namespace.
 */
static inline bool jool_config_allowed(void)
{
	return capable(CAP_NET_ADMIN);
}

int jool_configfs_init(void);
void jool_configfs_exit(void);

#endif /* _JOOL_CONFIGFS_H */
