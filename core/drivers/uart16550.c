/*
 * uart16550.c - the 16550 UART: polled output (printk and the terminal),
 * interrupt-driven input.
 */
#include "drivers/uart16550.h"

#include "arch/x86_64/cpu.h"

/* Register offsets from the base port. */
#define UART_DATA 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5

#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define IER_RX_AVAILABLE 0x01
#define MCR_DTR_RTS 0x03
#define MCR_OUT2 0x08 /* gates the interrupt line on PC boards */
#define LCR_DLAB 0x80
#define LCR_8N1 0x03

static uint16_t uart_port;

void uart_init(uint16_t port, uint32_t baud)
{
	uint16_t divisor = (uint16_t)(115200 / baud);

	uart_port = port;
	outb(port + UART_IER, 0x00);
	outb(port + UART_LCR, LCR_DLAB);
	outb(port + UART_DATA, divisor & 0xFF);
	outb(port + UART_IER, divisor >> 8);
	outb(port + UART_LCR, LCR_8N1);
	outb(port + UART_FCR, 0xC7); /* enable and clear FIFOs */
	outb(port + UART_MCR, MCR_DTR_RTS);
}

static void uart_put_raw(char c)
{
	/* Bounded wait: a missing UART must not hang the kernel. */
	for (int i = 0; i < 100000; i++) {
		if (inb(uart_port + UART_LSR) & LSR_THR_EMPTY)
			break;
		cpu_relax();
	}
	outb(uart_port + UART_DATA, (uint8_t)c);
}

void uart_putc(char c)
{
	if (uart_port == 0)
		return;
	if (c == '\n')
		uart_put_raw('\r');
	uart_put_raw(c);
}

void uart_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		uart_putc(s[i]);
}

void uart_write_raw(const char *s, size_t n)
{
	if (uart_port == 0)
		return;
	for (size_t i = 0; i < n; i++)
		uart_put_raw(s[i]);
}

void uart_enable_rx_interrupt(void)
{
	if (uart_port == 0)
		return;
	outb(uart_port + UART_MCR, MCR_DTR_RTS | MCR_OUT2);
	outb(uart_port + UART_IER, IER_RX_AVAILABLE);
}

int uart_getc(void)
{
	if (uart_port == 0 || !(inb(uart_port + UART_LSR) & LSR_DATA_READY))
		return -1;
	return inb(uart_port + UART_DATA);
}
