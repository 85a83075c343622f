/*
 * layout.h - the kernel's virtual memory layout, shared by C and assembly.
 *
 *   0xFFFF800000000000  direct map of physical memory (PML4 slot 256)
 *   0xFFFFFFFF80000000  the kernel image (top 2 GiB: -mcmodel=kernel)
 *
 * The image is loaded at physical 1 MiB and linked at KERNEL_VMA + 1 MiB.
 */
#ifndef CUB_ARCH_LAYOUT_H
#define CUB_ARCH_LAYOUT_H

#define KERNEL_VMA 0xFFFFFFFF80000000
#define KERNEL_PHYS 0x100000
#define DIRECT_MAP_BASE 0xFFFF800000000000
#define BOOT_STACK_SIZE 16384

/* Segment selectors; the order lets syscall/sysret find the user pair. */
#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_USER32_CODE 0x18
#define GDT_USER_DATA 0x20
#define GDT_USER_CODE 0x28
#define GDT_TSS 0x30

#endif
