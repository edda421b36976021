/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/sched.h>: the scheduler preempts us anyway. */
#ifndef _SHIM_LINUX_SCHED_H
#define _SHIM_LINUX_SCHED_H

static inline void cond_resched(void)
{
}

#endif
