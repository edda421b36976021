/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/mutex.h>: one thread, nothing to lock. */
#ifndef _SHIM_LINUX_MUTEX_H
#define _SHIM_LINUX_MUTEX_H

struct mutex {
	int unused;
};

#define mutex_init(m) ((void)(m))
#define mutex_lock(m) ((void)(m))
#define mutex_unlock(m) ((void)(m))
#define mutex_destroy(m) ((void)(m))

#endif
