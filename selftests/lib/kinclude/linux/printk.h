/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/printk.h>: a warning of kernel/core/
 * prints nothing.  The kernel's headers also bring errno values along.
 */
#ifndef _SHIM_LINUX_PRINTK_H
#define _SHIM_LINUX_PRINTK_H

#include <linux/errno.h>

static inline __attribute__((format(printf, 1, 2)))
void pr_warn_ratelimited(const char *fmt, ...)
{
	(void)fmt;
}

#endif
