/*
 * elf.c - checking ELF64 executables and planning their mappings.
 *
 * The checks are those of Linux's load_elf_binary() plus the ELF rules the
 * mapping plan relies on: loadable segments in ascending order and on
 * distinct pages, so each page of the image belongs to one segment and is
 * mapped once.  Headers are read with memcpy into local structures, since
 * the buffer need not be aligned, and only after the bytes they come from
 * are known to be inside the buffer.  Sums of file-supplied numbers are
 * checked for wrapping before they are used.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/mman.h>

#include "lib/kstring.h"
#include "proc/elf.h"

#define PAGE_OFF(a) ((a) & (ELF_PAGE_SIZE - 1))
#define PAGE_DOWN(a) ((a) & ~(ELF_PAGE_SIZE - 1))

/* What the program header loop learns besides the segments. */
struct parse_ctx {
	const uint8_t *base;
	uint64_t head_len;	/* bytes of the file at base */
	uint64_t phoff;
	bool phdr_from_load;	/* a PT_LOAD holds the table: it wins */
	bool has_pt_phdr;
	uint64_t pt_phdr;
};

/* a + b, false when the sum wraps. */
static bool
add_ok(uint64_t a, uint64_t b, uint64_t *sum)
{
	return !__builtin_add_overflow(a, b, sum);
}

/* Rounds up to a page; false when that passes the top of the addresses. */
static bool
page_up(uint64_t a, uint64_t *out)
{
	if (a > UINT64_MAX - (ELF_PAGE_SIZE - 1))
		return false;
	*out = PAGE_DOWN(a + ELF_PAGE_SIZE - 1);
	return true;
}

/* [off, off + len) lies inside a file of size bytes; cannot wrap. */
static bool
in_file(uint64_t off, uint64_t len, uint64_t size)
{
	return len <= size && off <= size - len;
}

/*
 * The page end of a recorded segment; load_ok() made sure it does not
 * wrap.
 */
static uint64_t
seg_page_end(const struct elf_segment *s)
{
	return PAGE_DOWN(s->vaddr + s->memsz + (ELF_PAGE_SIZE - 1));
}

static bool
is_pow2(uint64_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

/* ELF64, little-endian, version 1: the only encoding x86-64 uses. */
static bool
ident_ok(const Elf64_Ehdr *eh)
{
	return memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 &&
	    eh->e_ident[EI_CLASS] == ELFCLASS64 &&
	    eh->e_ident[EI_DATA] == ELFDATA2LSB &&
	    eh->e_ident[EI_VERSION] == EV_CURRENT &&
	    eh->e_version == EV_CURRENT;
}

/*
 * The file header, and the program header table's place in the file, so
 * that every entry can then be read without further bounds checks.
 */
static bool
ehdr_ok(const Elf64_Ehdr *eh, uint64_t size)
{
	if (!ident_ok(eh) || eh->e_machine != EM_X86_64)
		return false;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return false;
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return false;
	if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
		return false;
	return in_file(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr),
	    size);
}

/* One PT_LOAD on its own: sizes, file range, address range, alignment. */
static bool
load_ok(const Elf64_Phdr *ph, uint64_t size)
{
	uint64_t end, page_end;

	if (ph->p_filesz > ph->p_memsz)
		return false;
	/* A segment without file bytes never reads the file. */
	if (ph->p_filesz > 0 && !in_file(ph->p_offset, ph->p_filesz, size))
		return false;
	if (!add_ok(ph->p_vaddr, ph->p_memsz, &end) || !page_up(end, &page_end))
		return false;
	if (ph->p_align > 1 &&
	    ph->p_vaddr % ph->p_align != ph->p_offset % ph->p_align)
		return false;
	/*
	 * File pages can only be mapped where the file's page offset and the
	 * address's agree, whatever p_align claims (Linux's mmap would fail).
	 */
	if (ph->p_filesz > 0 && PAGE_OFF(ph->p_vaddr) != PAGE_OFF(ph->p_offset))
		return false;
	return true;
}

/*
 * Records a PT_LOAD.  Each must start on a page above the previous one's
 * last page: the ELF specification sorts them by address, and a page
 * shared by two segments would need two different contents.
 */
static int
take_load(struct elf_info *out, struct parse_ctx *ctx, const Elf64_Phdr *ph)
{
	struct elf_segment *s;

	if (!load_ok(ph, out->file_size))
		return -ENOEXEC;
	if (ph->p_memsz == 0)
		return 0;
	if (out->nsegs == ELF_MAX_LOADS)
		return -ENOEXEC;
	if (out->nsegs > 0 &&
	    PAGE_DOWN(ph->p_vaddr) < seg_page_end(&out->segs[out->nsegs - 1]))
		return -ENOEXEC;

	s = &out->segs[out->nsegs++];
	s->vaddr = ph->p_vaddr;
	s->memsz = ph->p_memsz;
	s->offset = ph->p_offset;
	s->filesz = ph->p_filesz;
	s->flags = ph->p_flags;
	if (is_pow2(ph->p_align) && ph->p_align > out->align)
		out->align = ph->p_align;

	/* Linux (5.18 on) finds AT_PHDR this way, ignoring PT_PHDR. */
	if (!ctx->phdr_from_load && ph->p_offset <= ctx->phoff &&
	    ctx->phoff - ph->p_offset < ph->p_filesz) {
		ctx->phdr_from_load = true;
		out->has_phdr = true;
		out->phdr_vaddr = ph->p_vaddr + (ctx->phoff - ph->p_offset);
	}
	return 0;
}

/*
 * PT_INTERP, with Linux's rules: the first one counts, 2 to PATH_MAX
 * bytes, the last of them a NUL; the path is the string up to the first
 * NUL.
 */
static int
take_interp(struct elf_info *out, struct parse_ctx *ctx, const Elf64_Phdr *ph)
{
	const char *path;

	if (out->interp != NULL)
		return 0;
	if (ph->p_filesz < 2 || ph->p_filesz > PATH_MAX)
		return -ENOEXEC;
	if (!in_file(ph->p_offset, ph->p_filesz, ctx->head_len))
		return -ENOEXEC;
	path = (const char *)ctx->base + ph->p_offset;
	if (path[ph->p_filesz - 1] != '\0')
		return -ENOEXEC;
	out->interp = path;
	out->interp_len = strnlen(path, ph->p_filesz);
	return 0;
}

static int
take_phdr(struct elf_info *out, struct parse_ctx *ctx, const Elf64_Phdr *ph)
{
	switch (ph->p_type) {
	case PT_LOAD:
		return take_load(out, ctx, ph);
	case PT_INTERP:
		return take_interp(out, ctx, ph);
	case PT_GNU_STACK:
		/* As in Linux, the last one wins. */
		out->exec_stack = (ph->p_flags & PF_X) != 0;
		return 0;
	case PT_PHDR:
		if (!ctx->has_pt_phdr) {
			ctx->has_pt_phdr = true;
			ctx->pt_phdr = ph->p_vaddr;
		}
		return 0;
	default:
		/* PT_TLS, PT_NOTE, PT_DYNAMIC, ...: the C library's business. */
		return 0;
	}
}

uint64_t
elf_head_needed(const void *buf, size_t size)
{
	Elf64_Ehdr eh;
	uint64_t end;

	if (buf == NULL || size < sizeof(eh))
		return size;
	memcpy(&eh, buf, sizeof(eh));
	if (!ident_ok(&eh))
		return size;
	if (!add_ok(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr), &end))
		return UINT64_MAX;
	return end > size ? end : size;
}

int
elf_parse(const void *buf, size_t size, struct elf_info *out)
{
	return elf_parse_head(buf, size, size, out);
}

int
elf_parse_head(const void *buf, size_t size, uint64_t file_size,
    struct elf_info *out)
{
	struct parse_ctx ctx = { 0 };
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	size_t i;
	int r;

	memset(out, 0, sizeof(*out));
	if (buf == NULL || size < sizeof(eh) || size > file_size)
		return -ENOEXEC;
	memcpy(&eh, buf, sizeof(eh));
	if (!ehdr_ok(&eh, size))
		return -ENOEXEC;

	out->type = eh.e_type;
	out->pie = eh.e_type == ET_DYN;
	out->entry = eh.e_entry;
	out->file_size = file_size;
	out->align = ELF_PAGE_SIZE;
	out->phnum = eh.e_phnum;
	out->phent = eh.e_phentsize;
	ctx.base = buf;
	ctx.head_len = size;
	ctx.phoff = eh.e_phoff;

	for (i = 0; i < eh.e_phnum; i++) {
		memcpy(&ph, ctx.base + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		r = take_phdr(out, &ctx, &ph);
		if (r != 0)
			goto fail;
	}
	/* Nothing to map would mean jumping into nothing. */
	if (out->nsegs == 0) {
		r = -ENOEXEC;
		goto fail;
	}
	if (!ctx.phdr_from_load && ctx.has_pt_phdr) {
		out->has_phdr = true;
		out->phdr_vaddr = ctx.pt_phdr;
	}

	out->lo = PAGE_DOWN(out->segs[0].vaddr);
	out->hi = seg_page_end(&out->segs[out->nsegs - 1]);
	return 0;

fail:
	memset(out, 0, sizeof(*out));
	return r;
}

int
elf_choose_bias(const struct elf_info *info, uint64_t base, uint64_t *bias)
{
	uint64_t b = 0, top;

	if (info->type == ET_DYN && base > info->lo) {
		b = base - info->lo;
		if (b > UINT64_MAX - (info->align - 1))
			return -EINVAL;
		b = (b + info->align - 1) & ~(info->align - 1);
	}
	if (!add_ok(info->hi, b, &top))
		return -EINVAL;
	*bias = b;
	return 0;
}

static int
prot_of(uint32_t flags)
{
	int prot = PROT_NONE;

	if (flags & PF_R)
		prot |= PROT_READ;
	if (flags & PF_W)
		prot |= PROT_WRITE;
	if (flags & PF_X)
		prot |= PROT_EXEC;
	return prot;
}

/*
 * How many file bytes go at the start of a segment's first page: the
 * bytes before vaddr on that page, the segment's, and, when there is no
 * .bss to zero, the rest of the last page up to the end of the file.
 */
static uint64_t
file_bytes(const struct elf_info *info, const struct elf_segment *s,
    uint64_t head, uint64_t file_offset)
{
	uint64_t avail = info->file_size - file_offset;
	uint64_t whole;

	if (s->memsz > s->filesz)
		return head + s->filesz;
	if (!page_up(head + s->filesz, &whole) || whole > avail)
		return avail;
	return whole;
}

static int
plan_one(const struct elf_info *info, const struct elf_segment *s,
    uint64_t bias, struct elf_map *m)
{
	uint64_t vstart, vend, head;

	if (!add_ok(s->vaddr, bias, &vstart) || !add_ok(vstart, s->memsz, &vend) ||
	    !page_up(vend, &m->end))
		return -EINVAL;
	m->start = PAGE_DOWN(vstart);
	m->prot = prot_of(s->flags);
	if (s->filesz == 0) {
		m->file_offset = 0;
		m->file_bytes = 0;
		m->zero_start = m->start;
		m->file_end = m->start;
		return 0;
	}
	/* The bias is page-aligned, so head is also the offset's page part. */
	head = vstart - m->start;
	m->file_offset = s->offset - head;
	m->file_bytes = file_bytes(info, s, head, m->file_offset);
	m->zero_start = m->start + m->file_bytes;
	/* zero_start <= vend, whose page end did not wrap. */
	(void)page_up(m->zero_start, &m->file_end);
	return 0;
}

int
elf_make_plan(const struct elf_info *info, uint64_t bias, uint64_t user_lo,
    uint64_t user_hi, struct elf_plan *out)
{
	struct elf_map *m;
	size_t i;
	int r;

	memset(out, 0, sizeof(*out));
	if (PAGE_OFF(bias) != 0 || (info->type != ET_DYN && bias != 0))
		return -EINVAL;
	if (info->nsegs == 0 || info->nsegs > ELF_MAX_LOADS)
		return -EINVAL;

	for (i = 0; i < info->nsegs; i++) {
		m = &out->maps[i];
		r = plan_one(info, &info->segs[i], bias, m);
		if (r == 0 && m->start < user_lo)
			r = -EPERM;
		if (r == 0 && m->end > user_hi)
			r = -EINVAL;
		if (r != 0)
			goto fail;
	}
	if (!add_ok(info->entry, bias, &out->entry) || out->entry >= user_hi) {
		r = -EINVAL;
		goto fail;
	}

	out->bias = bias;
	out->nmaps = info->nsegs;
	out->start = out->maps[0].start;
	out->end = out->maps[info->nsegs - 1].end;
	out->brk = out->end;
	/* Only a number for AT_PHDR; Linux adds the bias the same way. */
	out->phdr = info->phdr_vaddr + bias;
	return 0;

fail:
	/* A half-made plan must not be executed by mistake. */
	memset(out, 0, sizeof(*out));
	return r;
}
