/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _JOOL_BIB_SHOW_H
#define _JOOL_BIB_SHOW_H

#include <linux/configfs.h>

extern struct configfs_bin_attribute jool_attr_bib;
extern struct configfs_bin_attribute jool_attr_session;

#endif /* _JOOL_BIB_SHOW_H */
