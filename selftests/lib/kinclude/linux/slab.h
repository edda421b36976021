/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/slab.h> on top of malloc(), with failure
 * injection and a count of live allocations for the tests:
 *
 * pool4_test_fail_after: allocations that may still succeed before one
 *	fails; that one failure resets it to -1 (never fail again).
 * pool4_test_failed: set when an allocation was made to fail.
 * pool4_test_allocs: allocations attempted so far.
 * pool4_test_live: allocations not yet freed.
 *
 * Every program built against this directory defines these variables
 * (selftests/pool4-core, selftests/alloc-core, bench/ubench).
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#define GFP_KERNEL 0u
#define GFP_ATOMIC 0u
#define __GFP_NOWARN 0u

extern long pool4_test_fail_after;
extern bool pool4_test_failed;
extern unsigned long pool4_test_allocs;
extern long pool4_test_live;

static inline void *kmalloc(size_t size, gfp_t flags)
{
	void *p;

	(void)flags;
	pool4_test_allocs++;
	if (pool4_test_fail_after == 0) {
		pool4_test_fail_after = -1;
		pool4_test_failed = true;
		return NULL;
	}
	if (pool4_test_fail_after > 0)
		pool4_test_fail_after--;
	p = malloc(size ? size : 1);
	if (p)
		pool4_test_live++;
	return p;
}

static inline void *kzalloc(size_t size, gfp_t flags)
{
	void *p = kmalloc(size, flags);

	if (p)
		memset(p, 0, size);
	return p;
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t flags)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, flags);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	void *p = kmalloc_array(n, size, flags);

	if (p)
		memset(p, 0, n * size);
	return p;
}

static inline void kfree(const void *p)
{
	if (p)
		pool4_test_live--;
	free((void *)p);
}

#define kvmalloc(size, flags) kmalloc(size, flags)
#define kvzalloc(size, flags) kzalloc(size, flags)
#define kvmalloc_array(n, size, flags) kmalloc_array(n, size, flags)
#define kvfree(p) kfree(p)

#endif
