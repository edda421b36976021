/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/random.h>: a fixed key, repeatable runs. */
#ifndef _SHIM_LINUX_RANDOM_H
#define _SHIM_LINUX_RANDOM_H

#include <string.h>

static inline void get_random_bytes(void *buf, size_t len)
{
	memset(buf, 0x5a, len);
}

#endif
