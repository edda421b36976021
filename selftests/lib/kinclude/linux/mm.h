/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/mm.h>: the kv*alloc() of <linux/slab.h>,
 * and the errno values and cond_resched() the kernel's brings along.
 */
#ifndef _SHIM_LINUX_MM_H
#define _SHIM_LINUX_MM_H

#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/slab.h>

#define kvcalloc(n, size, flags) kcalloc(n, size, flags)

#endif
