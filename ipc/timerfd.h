/*
 * timerfd.h - timer descriptors (timerfd.c).
 */
#ifndef CUB_IPC_TIMERFD_H
#define CUB_IPC_TIMERFD_H

/*
 * The wall clock was set: realtime timers move to their deadlines on the
 * new clock, and those armed with TFD_TIMER_CANCEL_ON_SET are cancelled
 * (their next read is ECANCELED).  Whoever sets CLOCK_REALTIME calls it.
 */
void timerfd_clock_was_set(void);

#endif
