/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/bitrev.h>. */
#ifndef _SHIM_LINUX_BITREV_H
#define _SHIM_LINUX_BITREV_H

#include <linux/types.h>

static inline u32 bitrev32(u32 x)
{
	x = (x >> 1 & 0x55555555u) | (x & 0x55555555u) << 1;
	x = (x >> 2 & 0x33333333u) | (x & 0x33333333u) << 2;
	x = (x >> 4 & 0x0f0f0f0fu) | (x & 0x0f0f0f0fu) << 4;
	return __builtin_bswap32(x);
}

#endif
