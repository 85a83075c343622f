/*
 * elf.h - ELF64 executables for execve: checking the headers and planning
 * the mappings.
 *
 * Portable: compiled into the kernel and into the host unit tests.  The
 * file is input from a user, so elf_parse() trusts nothing in it: every
 * offset and size is checked against the buffer before it is read, and a
 * malformed or unsupported file gives -ENOEXEC, never a read outside the
 * buffer.  Layouts and constants are the Linux UAPI's (<linux/elf.h>).
 *
 * The loader in the kernel does three things with these functions:
 *
 *	elf_parse(file, size, &info);		checks, records the segments
 *	elf_choose_bias(&info, base, &bias);	where an ET_DYN image goes
 *	elf_make_plan(&info, bias, lo, hi, &plan);  the page-level mappings
 *
 * and then executes the plan (see struct elf_map) and takes the auxiliary
 * vector's AT_PHDR, AT_PHENT, AT_PHNUM and AT_ENTRY from info and plan.
 */
#ifndef CUB_PROC_ELF_H
#define CUB_PROC_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/elf.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The page size segments are mapped with: x86-64's base page, Linux's
 * ELF_MIN_ALIGN.  The UAPI headers do not define one.
 */
#define ELF_PAGE_SIZE 4096ULL

/*
 * Most program headers accepted.  Linux allows a table of one page (73
 * entries); real executables have about a dozen.
 */
#define ELF_MAX_PHNUM 64

/*
 * Most PT_LOAD segments accepted.  Linkers emit two to five; the bound
 * keeps struct elf_info small enough for a kernel stack.
 */
#define ELF_MAX_LOADS 16

/* One PT_LOAD segment, as the file states it (link-time addresses). */
struct elf_segment {
	uint64_t vaddr;		/* p_vaddr; add the load bias */
	uint64_t memsz;		/* p_memsz, > 0 */
	uint64_t offset;	/* p_offset */
	uint64_t filesz;	/* p_filesz, <= memsz */
	uint32_t flags;		/* p_flags: PF_R, PF_W, PF_X */
};

/*
 * What elf_parse() found.  Addresses are link-time ones: for ET_DYN they
 * are relative to the load bias chosen later.
 */
struct elf_info {
	uint16_t type;		/* ET_EXEC or ET_DYN */
	bool pie;		/* ET_DYN: the image may go anywhere */
	uint64_t entry;		/* e_entry */
	uint64_t file_size;	/* size passed to elf_parse() */

	/* The PT_LOAD segments with memsz > 0, in ascending address order. */
	size_t nsegs;
	struct elf_segment segs[ELF_MAX_LOADS];

	/* Page-aligned span of all segments, [lo, hi). */
	uint64_t lo, hi;
	/*
	 * Largest power-of-two p_align among the segments, at least
	 * ELF_PAGE_SIZE: an ET_DYN load bias must be a multiple of it.
	 */
	uint64_t align;

	/*
	 * PT_INTERP: the interpreter path, inside the caller's buffer and
	 * NUL-terminated there (up to its first NUL, as Linux reads it), or
	 * NULL when the file has none (a static executable).
	 */
	const char *interp;
	size_t interp_len;

	/* PT_GNU_STACK with PF_X: the stack must be executable. */
	bool exec_stack;

	/*
	 * Where the program headers are in memory (for AT_PHDR): from the
	 * PT_LOAD whose file bytes hold e_phoff, as Linux computes it, else
	 * PT_PHDR's p_vaddr.  has_phdr is false when neither says; the
	 * address is then 0 (plus the bias), as in Linux.
	 */
	bool has_phdr;
	uint64_t phdr_vaddr;
	uint16_t phnum;		/* AT_PHNUM */
	uint16_t phent;		/* AT_PHENT: sizeof(Elf64_Phdr) */
};

/*
 * Checks the file in buf[0, size) and fills *out.  Returns 0, or -ENOEXEC
 * when the file is not an x86-64 ELF64 executable cub can load: bad
 * identification, machine or type; a program header table that is not
 * whole inside the file or has a foreign entry size or more than
 * ELF_MAX_PHNUM entries; a PT_LOAD whose file bytes are outside the file,
 * with filesz > memsz, whose address range overflows, whose vaddr and
 * offset disagree modulo p_align (or modulo the page size when it has file
 * bytes), or that is not above the previous one by at least a page
 * boundary; more than ELF_MAX_LOADS segments, or none; a PT_INTERP that is
 * shorter than 2 or longer than PATH_MAX bytes, outside the file, or not
 * NUL-terminated.  *out is zeroed first and is meaningless after an error.
 */
int elf_parse(const void *buf, size_t size, struct elf_info *out);

/*
 * The same for a file of file_size bytes of which only the first size are
 * in buf (the loader reads just the headers and maps the rest): the
 * program header table and PT_INTERP must lie inside buf, the segments'
 * file bytes inside the file.  -ENOEXEC also when size > file_size.
 */
int elf_parse_head(const void *buf, size_t size, uint64_t file_size,
    struct elf_info *out);

/*
 * How much of the file elf_parse_head must see, given its first size
 * bytes in buf (a loader reads ELF_HEAD_MIN, or the whole file if it is
 * shorter): at least size, or the end of the program header table when
 * that lies further (UINT64_MAX when the end wraps).  A file that is no
 * ELF file needs nothing more.
 */
#define ELF_HEAD_MIN 4096
uint64_t elf_head_needed(const void *buf, size_t size);

/*
 * The load bias for an image whose lowest page should go at or above
 * base: the smallest multiple of info->align that puts info->lo there.
 * ET_EXEC images are not moved (bias 0).  Returns 0, or -EINVAL when the
 * image would wrap around the address space.
 */
int elf_choose_bias(const struct elf_info *info, uint64_t base, uint64_t *bias);

/*
 * The page-level mapping of one segment, user addresses with the bias
 * applied.  The kernel executes it as:
 *
 *	[start, file_end)	pages holding file bytes: copy file_bytes
 *				bytes from file offset file_offset to start,
 *				then zero [zero_start, file_end), the partial
 *				page after the file bytes (the start of .bss);
 *	[file_end, end)		anonymous zero pages (the rest of .bss);
 *
 * then protects [start, end) with prot.  The bytes before the segment's
 * vaddr on the first page are file bytes too, as with Linux's mmap, and
 * when memsz == filesz the last page holds whatever the file has after
 * the segment (to the end of the page or of the file): the mapping is
 * exactly whole file pages, so a read-only one may share the file's
 * pages.  When memsz > filesz the tail of the last file page is zero, as
 * the ELF specification requires.  Maps never share a page.
 */
struct elf_map {
	uint64_t start;		/* page-aligned */
	uint64_t file_end;	/* page-aligned; == start: no file pages */
	uint64_t end;		/* page-aligned, > start */
	uint64_t file_offset;	/* page-aligned offset of the byte at start */
	uint64_t file_bytes;	/* bytes copied from the file */
	uint64_t zero_start;	/* start + file_bytes */
	int prot;		/* PROT_READ, PROT_WRITE, PROT_EXEC */
};

/* The whole image at one bias. */
struct elf_plan {
	uint64_t bias;
	size_t nmaps;
	struct elf_map maps[ELF_MAX_LOADS];	/* ascending, disjoint */
	uint64_t start, end;	/* page-aligned span of the maps */
	uint64_t entry;		/* AT_ENTRY: e_entry + bias */
	uint64_t phdr;		/* AT_PHDR: phdr_vaddr + bias */
	uint64_t brk;		/* where the heap may start: end */
};

/*
 * Plans the mappings of a parsed image at load bias bias, inside the user
 * range [user_lo, user_hi).  Returns 0; -EINVAL when bias is not a
 * multiple of the page size, is not 0 for ET_EXEC, or wraps an address,
 * or when a page or the entry point is at or above user_hi; -EPERM when a
 * page is below user_lo (Linux's answer for addresses under
 * mmap_min_addr).
 */
int elf_make_plan(const struct elf_info *info, uint64_t bias,
    uint64_t user_lo, uint64_t user_hi, struct elf_plan *out);

#ifdef __cplusplus
}
#endif
#endif
