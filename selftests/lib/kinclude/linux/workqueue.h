/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/workqueue.h>, for one thread: there is no
 * worker, so schedule_work() only marks the work pending, and the program
 * runs it with shim_run_work() where the kernel's worker could have run
 * it.  kernel/state/bht.c's resize, for one, takes the table's mutex,
 * which a walk holds: a program runs it between the calls of a walk,
 * never inside one.
 */
#ifndef _SHIM_LINUX_WORKQUEUE_H
#define _SHIM_LINUX_WORKQUEUE_H

#include <linux/types.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	work_func_t func;
	bool pending;
};

#define INIT_WORK(w, f) ((w)->func = (f), (w)->pending = false)
#define work_pending(w) ((w)->pending)

static inline bool schedule_work(struct work_struct *work)
{
	if (work->pending)
		return false;
	work->pending = true;
	return true;
}

static inline bool cancel_work_sync(struct work_struct *work)
{
	bool was = work->pending;

	work->pending = false;
	return was;
}

/* What the worker does with a pending work: not part of the kernel's API. */
static inline void shim_run_work(struct work_struct *work)
{
	if (!work->pending)
		return;
	work->pending = false;
	work->func(work);
}

#endif
