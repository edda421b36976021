/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/rcupdate.h>.  The programs built against
 * these shims are single-threaded: a read-side section is empty and a
 * grace period has nothing to wait for.  The pointer accesses keep the
 * kernel's ordering all the same.
 */
#ifndef _SHIM_LINUX_RCUPDATE_H
#define _SHIM_LINUX_RCUPDATE_H

#include <linux/compiler.h>

#define __rcu

#define rcu_dereference(p) __atomic_load_n(&(p), __ATOMIC_CONSUME)
#define rcu_dereference_protected(p, c) (p)
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)
#define RCU_INIT_POINTER(p, v) ((p) = (v))
#define lockdep_is_held(lock) 1

/* At least as strong as the kernel's on every architecture. */
#define smp_rmb() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb() __atomic_thread_fence(__ATOMIC_RELEASE)

static inline void rcu_read_lock(void)
{
}

static inline void rcu_read_unlock(void)
{
}

static inline void synchronize_rcu(void)
{
}

#endif
