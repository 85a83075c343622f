/*
 * unix_msg.c - AF_UNIX message queues.
 */
#include "ipc/unix_msg.h"

#include "lib/kstring.h"
#include "mm/kmalloc.h"

struct unix_msg *unix_msg_alloc(size_t len)
{
	struct unix_msg *m = kmalloc(sizeof(*m) + len);

	if (!m)
		return 0;
	memset(m, 0, sizeof(*m));
	m->len = len;
	return m;
}

void unix_msg_free(struct unix_msg *m, unix_file_release_fn rel)
{
	for (int i = 0; i < m->nfiles; i++)
		if (m->files[i])
			rel(m->files[i]);
	kfree(m->files);
	kfree(m->from);
	kfree(m);
}

void unix_queue_init(struct unix_queue *q)
{
	memset(q, 0, sizeof(*q));
}

void unix_queue_push(struct unix_queue *q, struct unix_msg *m)
{
	m->next = 0;
	if (q->tail)
		q->tail->next = m;
	else
		q->head = m;
	q->tail = m;
	q->bytes += m->len - m->off;
	q->count++;
	q->cost += m->len - m->off + UNIX_MSG_OVERHEAD;
}

struct unix_msg *unix_queue_pop(struct unix_queue *q)
{
	struct unix_msg *m = q->head;

	if (!m)
		return 0;
	q->head = m->next;
	if (!q->head)
		q->tail = 0;
	q->bytes -= m->len - m->off;
	q->count--;
	q->cost -= m->len - m->off + UNIX_MSG_OVERHEAD;
	m->next = 0;
	return m;
}

void unix_queue_consume(struct unix_queue *q, size_t n)
{
	struct unix_msg *m = q->head;

	if (n > m->len - m->off)
		n = m->len - m->off;
	m->off += n;
	q->bytes -= n;
	q->cost -= n;
}

void unix_queue_flush(struct unix_queue *q, unix_file_release_fn rel)
{
	struct unix_msg *m;

	while ((m = unix_queue_pop(q)))
		unix_msg_free(m, rel);
}
