/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lines of the BIB and session listings, shared by their two readers:
 * jool/bib and jool/session in configfs (config/bib_show.c) and
 * /proc/net/jool/bib and session (config/bib_proc.c).  Lines (a static
 * BIB entry's ends with "static", a dynamic one's with its IPv4 transport
 * address):
 *
 *   bib:     PROTO MARK IPV6#PORT IPV4#PORT [static]
 *   session: PROTO MARK IPV6#PORT REMOTE6#PORT IPV4#PORT REMOTE4#PORT
 *            STATE SECONDS_LEFT
 */
#ifndef _JOOL_CONFIG_LISTING_H
#define _JOOL_CONFIG_LISTING_H

#include <linux/types.h>

#include "state/bib.h"

/* Room for the longest line of either listing. */
#define LISTING_LINE_MAX 192

struct jool_net;

/*
 * Write one line, newline included, into @line (LISTING_LINE_MAX bytes)
 * and return its length.  Under RCU: a session line reads @jn's prefix
 * and lifetimes.
 */
int listing_bib_line(char *line, u8 proto, const struct bib_entry *b);
int listing_session_line(char *line, u8 proto, const struct bib_session *s,
			 const struct jool_net *jn);

#endif /* _JOOL_CONFIG_LISTING_H */
