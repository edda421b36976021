/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _JOOL_NF_HOOKS_H
#define _JOOL_NF_HOOKS_H

int jool_hooks_init(void);
void jool_hooks_exit(void);

#endif /* _JOOL_NF_HOOKS_H */
