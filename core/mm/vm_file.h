/*
 * vm_file.h - areas that map a file: the area's hold on the file, the
 * frame a fault maps, and unmapping when the file shrinks.
 *
 * Only tmpfs files are mapped, and tmpfs keeps a file's data in
 * reference-counted user frames (fs/hooks.h, mm/upage.h), so a shared
 * mapping maps the file's own frames: writes through the fd and through
 * the mapping meet in the same memory, and msync has nothing to copy.
 */
#ifndef CUB_MM_VM_FILE_H
#define CUB_MM_VM_FILE_H

#include <stdbool.h>
#include <stdint.h>

struct file;
struct inode;
struct vm_area;

/* Makes a map f from page pgoff on: takes a reference on f. */
void vma_file_set(struct vm_area *a, struct file *f, uint64_t pgoff);

/* a was just copied from another file area (split, fork): takes another
   reference for the copy. */
void vma_file_dup(struct vm_area *a);

/* Lets go of a's file (the area is being freed). */
void vma_file_drop(struct vm_area *a);

/*
 * The frame to map at va (page-aligned, inside a) for an access: the
 * file's page for a shared area or a private read (*cow set: the first
 * write copies it), a private copy for a private write.  The frame comes
 * with a reference for the page table.  Returns 0, -EIO when the page
 * lies wholly past the end of the file (SIGBUS), or -ENOMEM.
 */
int vma_file_frame(struct vm_area *a, uint64_t va, bool write, uint64_t *pa, bool *cow);

/*
 * The pages of ino from first_page on are going away (truncation):
 * unmaps them from every area mapping ino, private copies included, as
 * Linux's truncate_pagecache(), so a later access is SIGBUS rather than a
 * look at memory the file no longer has.
 */
void vm_file_truncated(struct inode *ino, uint64_t first_page);

/* Whether some shared area that may write maps ino (Linux's
   i_mmap_writable): F_SEAL_WRITE cannot be added then (EBUSY). */
bool vm_file_mapped_writable(const struct inode *ino);

#endif
