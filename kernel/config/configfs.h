/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _JOOL_CONFIG_CONFIGFS_H
#define _JOOL_CONFIG_CONFIGFS_H

/* Registers the tree: last at load time, first to go at unload. */
int jool_configfs_init(void);
void jool_configfs_exit(void);

#endif /* _JOOL_CONFIG_CONFIGFS_H */
