/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/jiffies.h>: the session lifetimes of
 * kernel/core/session_state.c are counted in ticks of HZ per second.
 */
#ifndef _SHIM_LINUX_JIFFIES_H
#define _SHIM_LINUX_JIFFIES_H

#define HZ 250

#endif
