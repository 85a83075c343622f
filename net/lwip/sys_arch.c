/*
 * net/lwip/sys_arch.c - lwIP's threads, semaphores, mutexes, mailboxes and
 * clock on cub's kernel threads, wait queues and monotonic clock.
 *
 * One CPU: every counter and ring below is tested and changed with
 * interrupts off, and a thread that has to wait blocks on a wait queue
 * before they come back on (waitq_block), so no wake-up is lost between
 * the test and the sleep.  A woken thread tests again: somebody may have
 * taken the count or the message first.  None of this may be called from
 * an interrupt handler: cub's drivers hand frames to the stack from their
 * own kernel threads (net/nic.h).
 */
#include "lwip/opt.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"

#include "lib/panic.h"
#include "lib/printk.h"
#include "lib/format.h"
#include "mm/kmalloc.h"
#include "sched/sched.h"

_Static_assert(sizeof(struct cub_lwip_waitq) == sizeof(struct waitq),
               "sys_arch.h's waitq stand-in must match struct waitq");

#define WQ(x) ((struct waitq *)(void *)&(x))

/* Milliseconds to an absolute clock_ns() deadline; 0 waits for ever. */
static uint64_t deadline_of(u32_t timeout_ms)
{
	return timeout_ms ? clock_ns() + (uint64_t)timeout_ms * NSEC_PER_MSEC : 0;
}

static u32_t ms_since(uint64_t start)
{
	return (u32_t)((clock_ns() - start) / NSEC_PER_MSEC);
}

/* Blocks (interrupts off) until ready(arg) or the deadline; true when
   ready. */
static bool wait_until(struct waitq *wq, bool (*ready)(void *), void *arg, uint64_t deadline)
{
	while (!ready(arg)) {
		if (deadline && clock_ns() >= deadline)
			return false;
		waitq_block(wq, deadline);
	}
	return true;
}

void sys_init(void)
{
}

u32_t sys_now(void)
{
	return (u32_t)(clock_ns() / NSEC_PER_MSEC);
}

sys_prot_t sys_arch_protect(void)
{
	return irq_save();
}

void sys_arch_unprotect(sys_prot_t pval)
{
	irq_restore(pval);
}

void cub_lwip_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(LOG_INFO, fmt, ap);
	va_end(ap);
}

/* Semaphores. */

err_t sys_sem_new(sys_sem_t *sem, u8_t count)
{
	sem->count = count;
	waitq_init(WQ(sem->wq));
	sem->valid = true;
	return ERR_OK;
}

void sys_sem_free(sys_sem_t *sem)
{
	BUG_ON(sem->wq.head);
	sem->valid = false;
}

int sys_sem_valid(sys_sem_t *sem)
{
	return sem->valid;
}

void sys_sem_set_invalid(sys_sem_t *sem)
{
	sem->valid = false;
}

void sys_sem_signal(sys_sem_t *sem)
{
	bool on = irq_save();
	sem->count++;
	waitq_wake_one(WQ(sem->wq));
	irq_restore(on);
}

static bool sem_ready(void *arg)
{
	return ((sys_sem_t *)arg)->count > 0;
}

u32_t sys_arch_sem_wait(sys_sem_t *sem, u32_t timeout)
{
	uint64_t start = clock_ns();
	bool on = irq_save();
	bool got = wait_until(WQ(sem->wq), sem_ready, sem, deadline_of(timeout));
	if (got)
		sem->count--;
	irq_restore(on);
	return got ? ms_since(start) : SYS_ARCH_TIMEOUT;
}

/* Mutexes: not recursive; the owner is kept for the core-lock check. */

err_t sys_mutex_new(sys_mutex_t *mutex)
{
	mutex->owner = 0;
	waitq_init(WQ(mutex->wq));
	mutex->valid = true;
	return ERR_OK;
}

void sys_mutex_free(sys_mutex_t *mutex)
{
	BUG_ON(mutex->owner || mutex->wq.head);
	mutex->valid = false;
}

int sys_mutex_valid(sys_mutex_t *mutex)
{
	return mutex->valid;
}

void sys_mutex_set_invalid(sys_mutex_t *mutex)
{
	mutex->valid = false;
}

static bool mutex_free(void *arg)
{
	return ((sys_mutex_t *)arg)->owner == 0;
}

void sys_mutex_lock(sys_mutex_t *mutex)
{
	struct thread *self = thread_current();
	bool on = irq_save();
	if (mutex->owner == self)
		panic("lwIP: thread %s locks a mutex it already holds", self->name);
	wait_until(WQ(mutex->wq), mutex_free, mutex, 0);
	mutex->owner = self;
	irq_restore(on);
}

void sys_mutex_unlock(sys_mutex_t *mutex)
{
	bool on = irq_save();
	if (mutex->owner != thread_current())
		panic("lwIP: thread %s unlocks a mutex it does not hold",
		      thread_current()->name);
	mutex->owner = 0;
	waitq_wake_one(WQ(mutex->wq));
	irq_restore(on);
}

/* Mailboxes: a ring of message pointers, allocated at its full size. */

err_t sys_mbox_new(sys_mbox_t *mbox, int size)
{
	if (size <= 0)
		panic("lwIP: mailbox of size %d (set every *_MBOX_SIZE in lwipopts.h)", size);
	mbox->slots = kmalloc((size_t)size * sizeof(void *));
	if (!mbox->slots)
		return ERR_MEM;
	mbox->size = size;
	mbox->head = mbox->count = 0;
	waitq_init(WQ(mbox->not_empty));
	waitq_init(WQ(mbox->not_full));
	mbox->valid = true;
	return ERR_OK;
}

void sys_mbox_free(sys_mbox_t *mbox)
{
	BUG_ON(mbox->not_empty.head || mbox->not_full.head);
	/* lwIP drains a mailbox before freeing it; a message left here would
	   be a leak it reports itself (api_msg.c, netconn_free). */
	kfree(mbox->slots);
	mbox->slots = 0;
	mbox->valid = false;
}

int sys_mbox_valid(sys_mbox_t *mbox)
{
	return mbox->valid;
}

void sys_mbox_set_invalid(sys_mbox_t *mbox)
{
	mbox->valid = false;
}

static bool mbox_has_room(void *arg)
{
	sys_mbox_t *m = arg;
	return m->count < m->size;
}

static bool mbox_has_msg(void *arg)
{
	return ((sys_mbox_t *)arg)->count > 0;
}

/* Interrupts are off. */
static void mbox_put(sys_mbox_t *mbox, void *msg)
{
	mbox->slots[(mbox->head + mbox->count) % mbox->size] = msg;
	mbox->count++;
	waitq_wake_one(WQ(mbox->not_empty));
}

static void *mbox_take(sys_mbox_t *mbox)
{
	void *msg = mbox->slots[mbox->head];
	mbox->head = (mbox->head + 1) % mbox->size;
	mbox->count--;
	waitq_wake_one(WQ(mbox->not_full));
	return msg;
}

void sys_mbox_post(sys_mbox_t *mbox, void *msg)
{
	bool on = irq_save();
	wait_until(WQ(mbox->not_full), mbox_has_room, mbox, 0);
	mbox_put(mbox, msg);
	irq_restore(on);
}

err_t sys_mbox_trypost(sys_mbox_t *mbox, void *msg)
{
	err_t err = ERR_MEM;
	bool on = irq_save();
	if (mbox->count < mbox->size) {
		mbox_put(mbox, msg);
		err = ERR_OK;
	}
	irq_restore(on);
	return err;
}

err_t sys_mbox_trypost_fromisr(sys_mbox_t *mbox, void *msg)
{
	/* Waking a thread from an interrupt is safe on cub (the tick does it);
	   nothing in cub posts from one today. */
	return sys_mbox_trypost(mbox, msg);
}

u32_t sys_arch_mbox_fetch(sys_mbox_t *mbox, void **msg, u32_t timeout)
{
	uint64_t start = clock_ns();
	bool on = irq_save();
	bool got = wait_until(WQ(mbox->not_empty), mbox_has_msg, mbox, deadline_of(timeout));
	void *m = got ? mbox_take(mbox) : 0;
	irq_restore(on);
	if (msg)
		*msg = m;
	return got ? ms_since(start) : SYS_ARCH_TIMEOUT;
}

u32_t sys_arch_mbox_tryfetch(sys_mbox_t *mbox, void **msg)
{
	bool on = irq_save();
	bool got = mbox->count > 0;
	void *m = got ? mbox_take(mbox) : 0;
	irq_restore(on);
	if (msg)
		*msg = m;
	return got ? 0 : SYS_MBOX_EMPTY;
}

/* Threads: detached kernel threads (cub's stacks are THREAD_STACK_SIZE;
   lwIP's stack-size hint is ignored, 16 KiB is more than tcpip needs). */

sys_thread_t sys_thread_new(const char *name, lwip_thread_fn thread, void *arg, int stacksize,
                            int prio)
{
	(void)stacksize;
	(void)prio;
	struct thread *t = thread_create(name, thread, arg);
	if (!t)
		panic("lwIP: cannot start thread %s: out of memory", name);
	thread_detach(t);
	return t;
}

/* The core-lock check: after the tcpip thread has started, every call
   into lwIP's core must hold the core lock (LWIP_TCPIP_CORE_LOCKING). */

static struct thread *tcpip_thread;

void sys_mark_tcpip_thread(void)
{
	tcpip_thread = thread_current();
}

void sys_check_core_locking(void)
{
	if (!tcpip_thread)
		return;   /* lwip_init() in net_stack_init, before the thread runs */
	if (lock_tcpip_core.owner != thread_current())
		panic("lwIP: core called without the core lock by thread %s",
		      thread_current()->name);
}
