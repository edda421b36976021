/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the mapping log (state/maplog.h): jool:jool_bib,
 * jool:jool_block and jool:jool_session, one event per BIB entry, port
 * block or session made or removed,
 * always there for perf, trace-cmd and bpftrace whatever the logging
 * settings; a disabled tracepoint costs a patched-out branch.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM jool

#if !defined(_JOOL_MAPLOG_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _JOOL_MAPLOG_TRACE_H

#include <linux/tracepoint.h>

#include "core/port_block.h"
#include "core/proto.h"
#include "state/bib.h"

/* Names the protocol in the event's format, for perf and trace-cmd too. */
#define maplog_proto_name(proto) __print_symbolic(proto,		\
	{ JOOL_PROTO_TCP, "tcp" },					\
	{ JOOL_PROTO_UDP, "udp" },					\
	{ JOOL_PROTO_ICMP, "icmp" })

/*
 * jool_bib and jool_session begin alike: the namespace, the protocol, add
 * or del, the mark and the BIB entry's transport addresses (@b, a struct
 * bib_entry); jool_session's fields go on with @more.  Their TP_printk()
 * stay written out in full: the format is what tests and docs read.
 */
#define MAPLOG_BIB_ENTRY(more...)					\
	TP_STRUCT__entry(						\
		__field(unsigned int, netns)				\
		__field(u8, proto)					\
		__field(bool, add)					\
		__field(u32, mark)					\
		__array(u8, addr6, 16)					\
		__field(u16, port6)					\
		__array(u8, addr4, 4)					\
		__field(u16, port4)					\
		more							\
	)
#define MAPLOG_BIB_ASSIGN(b)						\
	do {								\
		__entry->netns = netns;					\
		__entry->proto = proto;					\
		__entry->add = add;					\
		__entry->mark = (b)->mark;				\
		memcpy(__entry->addr6, &(b)->addr6, 16);		\
		__entry->port6 = ntohs((b)->port6);			\
		memcpy(__entry->addr4, &(b)->addr4, 4);			\
		__entry->port4 = ntohs((b)->port4);			\
	} while (0)

TRACE_EVENT(jool_bib,
	TP_PROTO(unsigned int netns, u8 proto, const struct bib_entry *b,
		 bool add),
	TP_ARGS(netns, proto, b, add),
	MAPLOG_BIB_ENTRY(),
	TP_fast_assign(
		MAPLOG_BIB_ASSIGN(b);
	),
	TP_printk("net:[%u] %s %s %u %pI6c#%u %pI4#%u", __entry->netns,
		  __entry->add ? "add" : "del",
		  maplog_proto_name(__entry->proto), __entry->mark,
		  __entry->addr6, __entry->port6, __entry->addr4,
		  __entry->port4)
);

TRACE_EVENT(jool_block,
	TP_PROTO(unsigned int netns, u8 proto, const struct pblk_event *ev,
		 bool add),
	TP_ARGS(netns, proto, ev, add),
	TP_STRUCT__entry(
		__field(unsigned int, netns)
		__field(u8, proto)
		__field(bool, add)
		__field(u32, mark)
		__array(u8, prefix, 16)
		__field(u8, len)
		__field(u32, addr4)
		__field(u16, first)
		__field(u16, last)
	),
	TP_fast_assign(
		__entry->netns = netns;
		__entry->proto = proto;
		__entry->add = add;
		__entry->mark = ev->mark;
		memcpy(__entry->prefix, &ev->prefix, 16);
		__entry->len = ev->len;
		__entry->addr4 = ev->addr;
		__entry->first = ev->first;
		__entry->last = ev->first + ev->size - 1;
	),
	TP_printk("net:[%u] %s %s %u %pI6c/%u %u.%u.%u.%u#%u-%u",
		  __entry->netns, __entry->add ? "add" : "del",
		  maplog_proto_name(__entry->proto), __entry->mark,
		  __entry->prefix, __entry->len, __entry->addr4 >> 24,
		  __entry->addr4 >> 16 & 0xff, __entry->addr4 >> 8 & 0xff,
		  __entry->addr4 & 0xff, __entry->first, __entry->last)
);

TRACE_EVENT(jool_session,
	TP_PROTO(unsigned int netns, u8 proto, const struct bib_session *s,
		 bool add),
	TP_ARGS(netns, proto, s, add),
	MAPLOG_BIB_ENTRY(
		__array(u8, raddr4, 4)
		__field(u16, rport4)
	),
	TP_fast_assign(
		MAPLOG_BIB_ASSIGN(bib_session_entry(s));
		memcpy(__entry->raddr4, &s->raddr4, 4);
		__entry->rport4 = ntohs(s->rport4);
	),
	TP_printk("net:[%u] %s %s %u %pI6c#%u %pI4#%u %pI4#%u",
		  __entry->netns, __entry->add ? "add" : "del",
		  maplog_proto_name(__entry->proto), __entry->mark,
		  __entry->addr6, __entry->port6, __entry->addr4,
		  __entry->port4, __entry->raddr4, __entry->rport4)
);

#endif /* _JOOL_MAPLOG_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH state
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE maplog_trace
#include <trace/define_trace.h>
