/*
 * unix_msg.h - the messages an AF_UNIX socket queues for its reader.
 *
 * Every send makes one message: its bytes, the sender's credentials
 * (SCM_CREDENTIALS), its address for a datagram's recvfrom, and the files
 * of SCM_RIGHTS, which the message holds a reference to while in flight.
 * A stream reader takes bytes from the front message (off counts what it
 * took); a datagram reader takes whole messages.  Portable C, unit-tested
 * on the host; the kernel passes file_put as the release of files.
 */
#ifndef CUB_IPC_UNIX_MSG_H
#define CUB_IPC_UNIX_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ipc/socket_abi.h"
#include "ipc/unix_addr.h"

#ifdef __cplusplus
extern "C" {
#endif

struct file;

/* What a message costs its queue beyond its bytes, in the spirit of an
   sk_buff's truesize: small datagrams still fill a queue. */
#define UNIX_MSG_OVERHEAD 512

struct unix_msg {
	struct unix_msg *next;
	size_t len, off;         /* bytes, and bytes a stream reader took */
	struct unix_addr *from;  /* the sender's name, or NULL */
	struct cub_ucred cred;   /* the sender's (or what it claimed) */
	struct file **files;     /* SCM_RIGHTS, nfiles of them */
	int nfiles;
	uint8_t data[];
};

struct unix_queue {
	struct unix_msg *head, *tail;
	size_t bytes;  /* unread bytes */
	size_t count;  /* messages */
	size_t cost;   /* bytes plus UNIX_MSG_OVERHEAD per message */
};

typedef void (*unix_file_release_fn)(struct file *f);

/* A message of len bytes, zeroed but for data; NULL without memory. */
struct unix_msg *unix_msg_alloc(size_t len);

/* Frees m, its address, and releases its files with rel. */
void unix_msg_free(struct unix_msg *m, unix_file_release_fn rel);

void unix_queue_init(struct unix_queue *q);
void unix_queue_push(struct unix_queue *q, struct unix_msg *m);

/* Unlinks and returns the front message (NULL when empty). */
struct unix_msg *unix_queue_pop(struct unix_queue *q);

/* A stream reader took n more bytes of the front message. */
void unix_queue_consume(struct unix_queue *q, size_t n);

/* Frees every message. */
void unix_queue_flush(struct unix_queue *q, unix_file_release_fn rel);

static inline bool unix_queue_empty(const struct unix_queue *q)
{
	return q->head == 0;
}

#ifdef __cplusplus
}
#endif
#endif
