/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/log2.h>, for 32-bit values. */
#ifndef _SHIM_LINUX_LOG2_H
#define _SHIM_LINUX_LOG2_H

#include <linux/types.h>

static inline unsigned int ilog2(u32 n)
{
	return 31 - __builtin_clz(n);
}

static inline u32 roundup_pow_of_two(u32 n)
{
	return n <= 1 ? 1 : 1u << (ilog2(n - 1) + 1);
}

static inline u32 rounddown_pow_of_two(u32 n)
{
	return 1u << ilog2(n);
}

#endif
