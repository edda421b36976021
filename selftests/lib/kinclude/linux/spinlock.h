/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/spinlock.h>: one thread, nothing to lock. */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H

typedef struct {
	int unused;
} spinlock_t;

#define spin_lock_init(lock) ((void)(lock))
#define spin_lock_bh(lock) ((void)(lock))
#define spin_unlock_bh(lock) ((void)(lock))

#endif
