/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/compiler.h>, with the helpers of
 * <linux/kernel.h> and <linux/bug.h> that kernel/state/bht.c gets
 * through the kernel's headers.  A WARN is fatal here, as the
 * sanitizers' reports are.
 */
#ifndef _SHIM_LINUX_COMPILER_H
#define _SHIM_LINUX_COMPILER_H

#include <stdio.h>
#include <stdlib.h>
#include <linux/types.h>

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

#define READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define WARN_ON_ONCE(cond) ({						\
	bool _warn = !!(cond);						\
	if (_warn) {							\
		fprintf(stderr, "%s:%d: WARN_ON_ONCE(%s)\n",		\
			__FILE__, __LINE__, #cond);			\
		abort();						\
	}								\
	_warn;								\
})

#endif
