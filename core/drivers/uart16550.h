/*
 * uart16550.h - the 16550 serial port, cub's console.
 *
 * Output is polled: the console must work from the first line of kmain and
 * from a panic with interrupts off, so it never waits on an interrupt.
 */
#ifndef CUB_DRIVERS_UART16550_H
#define CUB_DRIVERS_UART16550_H

#include <stddef.h>
#include <stdint.h>

#define COM1_PORT 0x3F8
#define COM1_IRQ 4

void uart_init(uint16_t port, uint32_t baud);
void uart_putc(char c);
void uart_write(const char *s, size_t n);
/* As uart_write, without turning "\n" into "\r\n" (the terminal's
   line discipline does its own output processing). */
void uart_write_raw(const char *s, size_t n);

/* Input: the "data available" interrupt, and one received byte or -1. */
void uart_enable_rx_interrupt(void);
int uart_getc(void);

#endif
