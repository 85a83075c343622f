/*
 * poll.c - the readiness core: heads that objects wake and the entries
 * waiters hang on them (poll.h).  Portable: the host unit tests build it.
 */
#include "fs/poll.h"

#include <stddef.h>

void poll_head_init(struct poll_head *h)
{
	h->first = NULL;
}

void poll_entry_init(struct poll_entry *e, poll_wake_fn wake, void *ctx)
{
	e->next = e->prev = NULL;
	e->head = NULL;
	e->wake = wake;
	e->ctx = ctx;
}

void poll_head_add(struct poll_head *h, struct poll_entry *e)
{
	e->head = h;
	e->prev = NULL;
	e->next = h->first;
	if (h->first)
		h->first->prev = e;
	h->first = e;
}

void poll_entry_remove(struct poll_entry *e)
{
	if (!e->head)
		return;
	if (e->prev)
		e->prev->next = e->next;
	else
		e->head->first = e->next;
	if (e->next)
		e->next->prev = e->prev;
	e->next = e->prev = NULL;
	e->head = NULL;
}

void poll_head_wake(struct poll_head *h, unsigned int events)
{
	/* The next entry is taken first, so a callback may remove itself. */
	for (struct poll_entry *e = h->first, *n; e; e = n) {
		n = e->next;
		e->wake(e, events);
	}
}

void poll_head_detach_all(struct poll_head *h)
{
	while (h->first)
		poll_entry_remove(h->first);
}
