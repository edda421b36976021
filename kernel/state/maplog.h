/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mapping log (RFC 6888 REQ-12, RFC 7422): which IPv6 transport
 * address had which IPv4 one, and when, so that an operator can answer
 * "who had 192.0.2.7#40123 at 14:02?".
 *
 * Every BIB entry and session made or removed fires a tracepoint
 * (jool:jool_bib, jool:jool_session; state/maplog_trace.h), whatever the
 * settings.  With logging-bib or logging-session on, it also prints one
 * line to the kernel log, at KERN_INFO:
 *
 *   jool: net:[INODE] TIME bib add|del PROTO MARK IPV6#PORT IPV4#PORT
 *   jool: net:[INODE] TIME session add|del PROTO MARK IPV6#PORT
 *         REMOTE6#PORT IPV4#PORT REMOTE4#PORT
 *
 * (one line each).  INODE names the translator's network namespace as
 * readlink /proc/PID/ns/net does; TIME is UTC, ISO 8601
 * (2026-11-29T14:02:00+00:00); PROTO, the addresses and ports are the
 * listings' (config/listing.h).  The lines are rate-limited for the
 * whole module (MAPLOG_BURST per second), so that a flood of new flows
 * cannot drown the log; the kernel then says how many it suppressed.
 */
#ifndef _JOOL_STATE_MAPLOG_H
#define _JOOL_STATE_MAPLOG_H

#include <linux/types.h>

#include "state/bib.h"

#define MAPLOG_BURST	1000

struct jool_net;

/* @add: made, else removed.  Any context; no lock needed. */
void maplog_bib(const struct jool_net *jn, u8 proto,
		const struct bib_entry *b, bool add);
void maplog_session(const struct jool_net *jn, u8 proto,
		    const struct bib_session *s, bool add);

#endif /* _JOOL_STATE_MAPLOG_H */
