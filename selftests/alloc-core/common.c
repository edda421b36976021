// SPDX-License-Identifier: GPL-2.0
/* See common.h. */
#include <string.h>

#include "common.h"

/* Failure injection and accounting of the slab shim. */
long pool4_test_fail_after = -1;
bool pool4_test_failed;
unsigned long pool4_test_allocs;
long pool4_test_live;

struct pool4_snapshot *build(const struct pool4_record *recs,
			     unsigned int count)
{
	const struct pool4_record *ptrs[8];
	unsigned int i;

	for (i = 0; i < count && i < 8; i++)
		ptrs[i] = &recs[i];
	return pool4_snapshot_build(ptrs, i);
}

int occ_with_arrays(struct taddr_occ *occ)
{
	struct taddr_arrays a;
	int err = taddr_arrays_alloc(&a);

	taddr_occ_init(occ);
	if (!err)
		taddr_occ_attach(occ, &a);
	return err;
}

/* 2001:db8::/32 with @n at byte @at. */
static void addr6_of(struct in6_addr *a, u32 n, unsigned int at)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr[0] = 0x20;
	a->s6_addr[1] = 0x01;
	a->s6_addr[2] = 0x0d;
	a->s6_addr[3] = 0xb8;
	memcpy(&a->s6_addr[at], &n, 4);
}

void host_addr(struct in6_addr *a, u32 n)
{
	addr6_of(a, n, 12);
}

void prefix_of(struct in6_addr *a, u32 n)
{
	addr6_of(a, n, 4);
}
