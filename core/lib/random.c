/*
 * random.c - xoshiro256** (Blackman and Vigna), seeded at boot.
 */
#include "lib/random.h"

#include "arch/x86_64/cpu.h"
#include "lib/kstring.h"
#include "mm/uaccess.h"

#include <linux/errno.h>

static uint64_t s[4];

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* splitmix64 spreads one seed over the four words of state. */
static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t hw_seed(void)
{
	uint32_t a, b, c, d;
	uint64_t v = rdtsc();

	cpuid(1, 0, &a, &b, &c, &d);
	if (c & (1u << 30)) { /* RDRAND */
		uint64_t r;
		unsigned char ok;
		for (int i = 0; i < 10; i++) {
			__asm__ volatile("rdrand %0; setc %1" : "=r"(r), "=qm"(ok));
			if (ok)
				return v ^ r;
		}
	}
	return v;
}

void random_init(void)
{
	uint64_t seed = hw_seed();

	for (int i = 0; i < 4; i++)
		s[i] = splitmix(&seed);
}

uint64_t random_u64(void)
{
	bool on = irq_save();
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	irq_restore(on);
	return result;
}

long random_to_user(void *ubuf, size_t n)
{
	uint8_t chunk[256];
	size_t done = 0;

	while (done < n) {
		size_t c = n - done < sizeof(chunk) ? n - done : sizeof(chunk);
		random_fill(chunk, c);
		if (copy_to_user((uint8_t *)ubuf + done, chunk, c))
			return done ? (long)done : -EFAULT;
		done += c;
	}
	return (long)done;
}

void random_fill(void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n > 0) {
		uint64_t r = random_u64();
		size_t c = n < 8 ? n : 8;
		memcpy(p, &r, c);
		p += c;
		n -= c;
	}
}
