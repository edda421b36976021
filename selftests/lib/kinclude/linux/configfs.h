/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/configfs.h>: stats.h names one type. */
#ifndef _SHIM_LINUX_CONFIGFS_H
#define _SHIM_LINUX_CONFIGFS_H

struct configfs_attribute;

#endif
