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

void uart_init(uint16_t port, uint32_t baud);
void uart_putc(char c);
void uart_write(const char *s, size_t n);

#endif
