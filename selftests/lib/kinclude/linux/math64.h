/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/math64.h>: 64-bit hosts divide natively. */
#ifndef _SHIM_LINUX_MATH64_H
#define _SHIM_LINUX_MATH64_H

#include <linux/types.h>

static inline u64 div64_u64(u64 dividend, u64 divisor)
{
	return dividend / divisor;
}

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

static inline u64 div64_u64_rem(u64 dividend, u64 divisor, u64 *rem)
{
	*rem = dividend % divisor;
	return dividend / divisor;
}

/* The kernel's macro: divides n in place, yields the remainder. */
#define do_div(n, base) ({			\
	u32 __rem = (n) % (base);		\
	(n) /= (base);				\
	__rem;					\
})

#endif
