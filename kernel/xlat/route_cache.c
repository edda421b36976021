// SPDX-License-Identifier: GPL-2.0
/*
 * Routes of translated packets (xlat/route_cache.h).
 *
 * The FIB lookup of the outgoing route was 8 % of the translator's
 * softirq time (Documentation/benchmarks.rst), and a flow asks it the
 * same question at every packet.  Sockets keep their route and check it
 * with dst_check(): for IPv4 the namespace's route generation, which every
 * route or rule change bumps; for IPv6 the serial number of the route's
 * FIB node; a learned path MTU or a link going down makes the check fail
 * too.  The translator does the same, so a route change still takes the
 * flow's next packet.
 *
 * The routes are kept per CPU, in a small table indexed by a hash of the
 * lookup's key, rather than in the sessions: a session would grow by a
 * pointer and a cookie and hold a route for hours, while this holds at
 * most ROUTE_SLOTS routes per family and CPU, and serves the flows that
 * send many packets.  A slot is only ever used by its own CPU from the
 * hooks, which translate with bottom halves off (xlat/hooks.c), so it
 * needs no lock.  Two keys that share a slot only cost lookups.
 *
 * The packet borrows the slot's route, as the receive path's packets
 * borrow the FIB's (skb_dst_set_noref()): a reference taken and dropped
 * for each packet would bounce the route's counter between the CPUs
 * that share it.  The borrowed route lasts as long as the hook's RCU
 * read-side section, even if its slot lets go of it meanwhile:
 * dst_release() frees after a grace period.  A packet that must outlive
 * the section (a queue) takes a reference then (skb_dst_force()).
 */
#include <linux/hash.h>
#include <linux/lockdep.h>
#include <linux/preempt.h>
#include <net/dst.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>

#include "xlat/route_cache.h"

#define ROUTE_SLOT_BITS	6
#define ROUTE_SLOTS	(1 << ROUTE_SLOT_BITS)

struct route4_slot {
	__be32 saddr;
	__be32 daddr;
	u32 mark;
	u8 protocol;
	struct rtable *rt;
};

struct route6_slot {
	struct in6_addr saddr;
	struct in6_addr daddr;
	u32 mark;
	u32 cookie;		/* the route's FIB node serial, for dst_check() */
	u8 nexthdr;
	struct dst_entry *dst;
};

struct route_cache {
	struct route4_slot v4[ROUTE_SLOTS];
	struct route6_slot v6[ROUTE_SLOTS];
};

struct route_cache __percpu *route_cache_alloc(void)
{
	return alloc_percpu(struct route_cache);
}

void route_cache_free(struct route_cache __percpu *rc)
{
	unsigned int cpu, i;

	if (!rc)
		return;
	for_each_possible_cpu(cpu) {
		struct route_cache *c = per_cpu_ptr(rc, cpu);

		for (i = 0; i < ROUTE_SLOTS; i++) {
			if (c->v4[i].rt)
				ip_rt_put(c->v4[i].rt);
			dst_release(c->v6[i].dst);
		}
	}
	free_percpu(rc);
}

static struct rtable *fib_route4(struct net *net, __be32 saddr, __be32 daddr,
				 u32 mark, u8 protocol)
{
	struct flowi4 fl4 = {
		.daddr = daddr,
		.saddr = saddr,
		.flowi4_mark = mark,
		.flowi4_proto = protocol,
		.flowi4_flags = FLOWI_FLAG_ANYSRC,
	};
	struct rtable *rt = ip_route_output_key(net, &fl4);

	return IS_ERR(rt) ? NULL : rt;
}

static struct dst_entry *fib_route6(struct net *net,
				    const struct in6_addr *saddr,
				    const struct in6_addr *daddr, u32 mark,
				    u8 nexthdr)
{
	struct flowi6 fl6 = {
		.daddr = *daddr,
		.saddr = *saddr,
		.flowi6_mark = mark,
		.flowi6_proto = nexthdr,
	};
	struct dst_entry *dst = ip6_route_output(net, NULL, &fl6);

	if (!dst->error)
		return dst;
	dst_release(dst);
	return NULL;
}

/* This CPU's cache, which the translator always has once started. */
static struct route_cache *local_cache(const struct jool_net *jn)
{
	lockdep_assert_in_softirq();
	return this_cpu_ptr(jn->routes);
}

static bool same_key4(const struct route4_slot *s, __be32 saddr,
		      __be32 daddr, u32 mark, u8 protocol)
{
	return s->daddr == daddr && s->saddr == saddr && s->mark == mark &&
	       s->protocol == protocol;
}

/* The slot's route if it is still the one the FIB would give. */
static struct rtable *slot_route4(struct route4_slot *s)
{
	if (!s->rt)
		return NULL;
	if (dst_check(&s->rt->dst, 0))
		return s->rt;
	ip_rt_put(s->rt);
	s->rt = NULL;
	return NULL;
}

struct rtable *xlat_route4(const struct jool_net *jn, __be32 saddr,
			   __be32 daddr, u32 mark, u8 protocol)
{
	struct route_cache *c = local_cache(jn);
	struct route4_slot *s;
	struct rtable *rt;

	s = &c->v4[hash_32((__force u32)(saddr ^ daddr) ^ mark ^ protocol,
			   ROUTE_SLOT_BITS)];
	if (same_key4(s, saddr, daddr, mark, protocol)) {
		rt = slot_route4(s);
		if (rt)
			return rt;
	}
	rt = fib_route4(jn->net, saddr, daddr, mark, protocol);
	if (!rt)
		return NULL;
	if (s->rt)
		ip_rt_put(s->rt);
	*s = (struct route4_slot){ saddr, daddr, mark, protocol, rt };
	return rt;
}

static bool same_key6(const struct route6_slot *s,
		      const struct in6_addr *saddr,
		      const struct in6_addr *daddr, u32 mark, u8 nexthdr)
{
	return ipv6_addr_equal(&s->daddr, daddr) &&
	       ipv6_addr_equal(&s->saddr, saddr) && s->mark == mark &&
	       s->nexthdr == nexthdr;
}

static struct dst_entry *slot_route6(struct route6_slot *s)
{
	if (!s->dst)
		return NULL;
	if (dst_check(s->dst, s->cookie))
		return s->dst;
	dst_release(s->dst);
	s->dst = NULL;
	return NULL;
}

static u32 key_hash6(const struct in6_addr *saddr,
		     const struct in6_addr *daddr, u32 mark, u8 nexthdr)
{
	u32 h = mark ^ nexthdr;
	unsigned int i;

	for (i = 0; i < 4; i++)
		h ^= (__force u32)(saddr->s6_addr32[i] ^ daddr->s6_addr32[i]);
	return hash_32(h, ROUTE_SLOT_BITS);
}

struct dst_entry *xlat_route6(const struct jool_net *jn,
			      const struct in6_addr *saddr,
			      const struct in6_addr *daddr, u32 mark,
			      u8 nexthdr)
{
	struct route_cache *c = local_cache(jn);
	struct route6_slot *s;
	struct dst_entry *dst;

	s = &c->v6[key_hash6(saddr, daddr, mark, nexthdr)];
	if (same_key6(s, saddr, daddr, mark, nexthdr)) {
		dst = slot_route6(s);
		if (dst)
			return dst;
	}
	dst = fib_route6(jn->net, saddr, daddr, mark, nexthdr);
	if (!dst)
		return NULL;
	dst_release(s->dst);
	s->saddr = *saddr;
	s->daddr = *daddr;
	s->mark = mark;
	s->nexthdr = nexthdr;
	s->cookie = rt6_get_cookie(dst_rt6_info(dst));
	s->dst = dst;
	return dst;
}
