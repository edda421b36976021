/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The mapping log (RFC 6888 REQ-12, RFC 7422): which IPv6 transport
 * address had which IPv4 one, and when, so that an operator can answer
 * "who had 192.0.2.7#40123 at 14:02?".
 *
 * Every BIB entry, port block and session made or removed fires a
 * tracepoint (jool:jool_bib, jool:jool_block, jool:jool_session;
 * state/maplog_trace.h), whatever the settings.  With logging-bib or logging-session on, it also prints one
 * line to the kernel log, at KERN_INFO:
 *
 *   jool: net:[INODE] TIME bib add|del PROTO MARK IPV6#PORT IPV4#PORT
 *   jool: net:[INODE] TIME session add|del PROTO MARK IPV6#PORT
 *         REMOTE6#PORT IPV4#PORT REMOTE4#PORT
 *
 * (one line each).  With port-block-size on, a dynamic BIB entry takes
 * its IPv4 transport address from its subscriber's port block, and
 * logging-bib prints one line per block reserved or released instead of
 * one per entry:
 *
 *   jool: net:[INODE] TIME block add|del PROTO MARK PREFIX/LEN
 *         IPV4#FIRST-LAST
 *
 * PREFIX/LEN is the subscriber (subscriber-prefix-length), FIRST-LAST the
 * block's ports: every port of it was that subscriber's from add to del.
 * INODE names the translator's network namespace as
 * readlink /proc/PID/ns/net does; TIME is UTC, ISO 8601
 * (2026-11-29T14:02:00+00:00); PROTO, the addresses and ports are the
 * listings' (config/listing.h).  The lines are rate-limited for the
 * whole module (MAPLOG_BURST per second), so that a flood of new flows
 * cannot drown the log; the kernel then says how many it suppressed.
 */
#ifndef _JOOL_STATE_MAPLOG_H
#define _JOOL_STATE_MAPLOG_H

#include <linux/types.h>

#include "core/port_block.h"
#include "state/bib.h"

#define MAPLOG_BURST	1000

struct jool_net;

/*
 * @add: made, else removed.  Any context; no lock needed.  @in_block: @b
 * is a port block's, whose line stands for it (the tracepoint fires).
 */
void maplog_bib(const struct jool_net *jn, u8 proto,
		const struct bib_entry *b, bool add, bool in_block);
void maplog_block(const struct jool_net *jn, u8 proto,
		  const struct pblk_event *ev, bool add);
void maplog_session(const struct jool_net *jn, u8 proto,
		    const struct bib_session *s, bool add);

#endif /* _JOOL_STATE_MAPLOG_H */
