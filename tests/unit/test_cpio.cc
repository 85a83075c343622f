// Tests for core/lib/cpio.c.  Archives are built here, byte by byte, so
// every corruption is exact; each parse runs on a heap buffer of exactly
// the archive's size, so ASan catches any read past the end.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "lib/cpio.h"

namespace {

struct Entry {
	std::string name;
	std::string data;
	uint32_t mode = 0100644;
	uint32_t uid = 0, gid = 0;
	uint32_t ino = 1, nlink = 1, mtime = 0;
	uint32_t dev_major = 0, dev_minor = 0, rdev_major = 0, rdev_minor = 0;
	// When set, written instead of name.size() + 1.
	long namesize_override = -1;
	long filesize_override = -1;
	bool name_nul = true; // write the NUL after the name
};

void Pad4(std::string &out) {
	while (out.size() % 4 != 0)
		out.push_back('\0');
}

// Appends one newc entry: header, name, padding, data, padding.
void Append(std::string &out, const Entry &e) {
	char hdr[CPIO_HEADER_SIZE + 1];
	uint32_t namesize = e.namesize_override >= 0
	                        ? static_cast<uint32_t>(e.namesize_override)
	                        : static_cast<uint32_t>(e.name.size() + 1);
	uint32_t filesize = e.filesize_override >= 0
	                        ? static_cast<uint32_t>(e.filesize_override)
	                        : static_cast<uint32_t>(e.data.size());
	snprintf(hdr, sizeof(hdr),
	         "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
	         e.ino, e.mode, e.uid, e.gid, e.nlink, e.mtime, filesize,
	         e.dev_major, e.dev_minor, e.rdev_major, e.rdev_minor, namesize, 0u);
	out.append(hdr, CPIO_HEADER_SIZE);
	out += e.name;
	if (e.name_nul)
		out.push_back('\0');
	Pad4(out);
	out += e.data;
	Pad4(out);
}

std::string Archive(const std::vector<Entry> &entries, bool trailer = true) {
	std::string out;
	for (const auto &e : entries)
		Append(out, e);
	if (trailer) {
		Entry t;
		t.name = "TRAILER!!!";
		t.mode = 0;
		t.ino = 0;
		Append(out, t);
	}
	return out;
}

std::vector<Entry> Sample() {
	Entry dir, file, link, dev;
	dir.name = "etc";
	dir.mode = 040755;
	dir.nlink = 2;
	file.name = "etc/passwd";
	file.data = "root:x:0:0:root:/root:/bin/sh\n";
	file.uid = 0;
	file.gid = 42;
	file.ino = 2;
	file.mtime = 1700000000;
	link.name = "bin/sh";
	link.data = "busybox";
	link.mode = 0120777;
	link.ino = 3;
	dev.name = "dev/console";
	dev.mode = 020600;
	dev.ino = 4;
	dev.rdev_major = 5;
	dev.rdev_minor = 1;
	dev.dev_major = 0xab;
	dev.dev_minor = 0xcd;
	return {dir, file, link, dev};
}

// A copy of the first n bytes in a buffer of exactly n bytes.
std::unique_ptr<uint8_t[]> Exact(const std::string &s, size_t n) {
	std::unique_ptr<uint8_t[]> p(new uint8_t[n]);
	memcpy(p.get(), s.data(), n);
	return p;
}

long Validate(const std::string &s, size_t *bad = nullptr, size_t n = SIZE_MAX) {
	if (n == SIZE_MAX)
		n = s.size();
	auto buf = Exact(s, n);
	size_t dummy = 12345;
	return cpio_validate(buf.get(), n, bad ? bad : &dummy);
}

TEST(Cpio, ReadsEveryFieldOfAGoodArchive) {
	auto entries = Sample();
	std::string s = Archive(entries);
	auto buf = Exact(s, s.size());
	struct cpio_iter it;
	struct cpio_entry e;
	cpio_iter_init(&it, buf.get(), s.size());
	for (const auto &want : entries) {
		ASSERT_EQ(cpio_next(&it, &e), CPIO_OK);
		EXPECT_EQ(std::string(e.name), want.name);
		EXPECT_EQ(e.name_len, want.name.size());
		EXPECT_EQ(std::string(static_cast<const char *>(e.data), e.size), want.data);
		EXPECT_EQ(e.mode, want.mode);
		EXPECT_EQ(e.uid, want.uid);
		EXPECT_EQ(e.gid, want.gid);
		EXPECT_EQ(e.ino, want.ino);
		EXPECT_EQ(e.nlink, want.nlink);
		EXPECT_EQ(e.mtime, want.mtime);
		EXPECT_EQ(e.dev_major, want.dev_major);
		EXPECT_EQ(e.dev_minor, want.dev_minor);
		EXPECT_EQ(e.rdev_major, want.rdev_major);
		EXPECT_EQ(e.rdev_minor, want.rdev_minor);
		EXPECT_EQ(e.offset % 4, 0u);
		// Pointers stay inside the buffer.
		EXPECT_GE(reinterpret_cast<const uint8_t *>(e.name), buf.get());
		EXPECT_LE(static_cast<const uint8_t *>(e.data) + e.size, buf.get() + s.size());
	}
	EXPECT_EQ(cpio_next(&it, &e), CPIO_END);
	EXPECT_EQ(cpio_next(&it, &e), CPIO_END) << "the end is sticky";
}

TEST(Cpio, OffsetsPointAtHeaders) {
	std::string s = Archive(Sample());
	auto buf = Exact(s, s.size());
	struct cpio_iter it;
	struct cpio_entry e;
	cpio_iter_init(&it, buf.get(), s.size());
	while (cpio_next(&it, &e) == CPIO_OK)
		EXPECT_EQ(memcmp(buf.get() + e.offset, "070701", 6), 0);
}

TEST(Cpio, ValidateCountsEntriesWithoutTrailer) {
	EXPECT_EQ(Validate(Archive(Sample())), 4);
	EXPECT_EQ(Validate(Archive({})), 0);
}

TEST(Cpio, AllNameAndDataPaddingResidues) {
	// Names of 1..8 bytes and data of 0..7 bytes hit every padding case.
	std::vector<Entry> entries;
	for (int n = 1; n <= 8; n++)
		for (int d = 0; d < 8; d++) {
			Entry e;
			e.name = std::string(n, static_cast<char>('a' + d));
			e.data = std::string(d, static_cast<char>('0' + n));
			entries.push_back(e);
		}
	std::string s = Archive(entries);
	auto buf = Exact(s, s.size());
	struct cpio_iter it;
	struct cpio_entry e;
	cpio_iter_init(&it, buf.get(), s.size());
	for (const auto &want : entries) {
		ASSERT_EQ(cpio_next(&it, &e), CPIO_OK);
		EXPECT_EQ(std::string(e.name), want.name);
		EXPECT_EQ(std::string(static_cast<const char *>(e.data), e.size), want.data);
	}
	EXPECT_EQ(cpio_next(&it, &e), CPIO_END);
}

TEST(Cpio, LowercaseAndUppercaseHexAccepted) {
	std::string s = Archive(Sample());
	// Entry 1's mode field (offset 14) written in lowercase.
	for (size_t i = 14; i < 22; i++)
		s[i] = static_cast<char>(tolower(s[i]));
	EXPECT_EQ(Validate(s), 4);
}

TEST(Cpio, ZeroPaddingAfterTrailerIsIgnored) {
	std::string s = Archive(Sample()) + std::string(512, '\0');
	EXPECT_EQ(Validate(s), 4);
}

TEST(Cpio, TruncationAtEveryOffsetIsAnError) {
	std::string s = Archive(Sample());
	for (size_t n = 0; n < s.size(); n++) {
		size_t bad = SIZE_MAX;
		long r = Validate(s, &bad, n);
		EXPECT_EQ(r, CPIO_ERR_TRUNCATED) << "cut at " << n;
		EXPECT_LE(bad, n + 3) << "cut at " << n;
	}
	EXPECT_EQ(Validate(s), 4);
}

TEST(Cpio, EmptyBufferIsTruncated) {
	size_t bad = 99;
	EXPECT_EQ(cpio_validate(nullptr, 0, &bad), CPIO_ERR_TRUNCATED);
	EXPECT_EQ(bad, 0u);
}

TEST(Cpio, MissingTrailerIsTruncated) {
	std::string s = Archive(Sample(), false);
	size_t bad = 0;
	EXPECT_EQ(Validate(s, &bad), CPIO_ERR_TRUNCATED);
	EXPECT_EQ(bad, s.size());
}

TEST(Cpio, BadMagicInFirstHeader) {
	std::string s = Archive(Sample());
	s[5] = '7'; // "070707" is the old binary-compatible ASCII format
	size_t bad = 99;
	EXPECT_EQ(Validate(s, &bad), CPIO_ERR_MAGIC);
	EXPECT_EQ(bad, 0u);
}

TEST(Cpio, CrcFormatMagicIsRejected) {
	std::string s = Archive(Sample());
	s[5] = '2';
	EXPECT_EQ(Validate(s), CPIO_ERR_MAGIC);
}

TEST(Cpio, BadMagicInLaterHeaderReportsItsOffset) {
	auto entries = Sample();
	std::string first;
	Append(first, entries[0]);
	std::string s = Archive(entries);
	s[first.size()] = 'X';
	size_t bad = 0;
	EXPECT_EQ(Validate(s, &bad), CPIO_ERR_MAGIC);
	EXPECT_EQ(bad, first.size());
}

TEST(Cpio, ShortGarbageIsBadMagic) {
	std::string s = "hello";
	s += '\n';
	s += "world";
	EXPECT_EQ(Validate(s), CPIO_ERR_MAGIC);
}

TEST(Cpio, NonHexFieldIsRejected) {
	const std::string good = Archive(Sample());
	// One bad character in each of the thirteen fields, in turn.
	for (int field = 0; field < 13; field++) {
		for (char c : {'g', ' ', '-', 'x', '\0'}) {
			std::string s = good;
			s[6 + 8 * field + 3] = c;
			size_t bad = 99;
			EXPECT_EQ(Validate(s, &bad), CPIO_ERR_HEX) << field << " " << c;
			EXPECT_EQ(bad, 0u);
		}
	}
}

TEST(Cpio, NameOfExactlyMaxLengthIsAccepted) {
	Entry e;
	e.name = std::string(CPIO_NAME_MAX - 1, 'n');
	EXPECT_EQ(Validate(Archive({e})), 1);
}

TEST(Cpio, OverLongNameIsRejected) {
	Entry e;
	e.name = std::string(CPIO_NAME_MAX, 'n'); // namesize 4097
	EXPECT_EQ(Validate(Archive({e})), CPIO_ERR_NAME_TOO_LONG);
	// The check is on the header field, before any byte of the name.
	Entry huge;
	huge.name = "x";
	huge.namesize_override = 0x7fffffff;
	EXPECT_EQ(Validate(Archive({huge})), CPIO_ERR_NAME_TOO_LONG);
}

TEST(Cpio, NameWithoutNulIsRejected) {
	Entry e;
	e.name = "abcd";
	e.name_nul = false;
	e.namesize_override = 4;
	e.data = "zzzz";
	EXPECT_EQ(Validate(Archive({e})), CPIO_ERR_NAME);
}

TEST(Cpio, NameWithEmbeddedNulIsRejected) {
	Entry e;
	e.name = std::string("ab\0cd", 5);
	EXPECT_EQ(Validate(Archive({e})), CPIO_ERR_NAME);
}

TEST(Cpio, ZeroNamesizeIsRejected) {
	Entry e;
	e.name = "";
	e.name_nul = false;
	e.namesize_override = 0;
	EXPECT_EQ(Validate(Archive({e})), CPIO_ERR_NAME);
}

TEST(Cpio, NameRunningPastTheEndIsTruncated) {
	Entry e;
	e.name = "short";
	e.namesize_override = 200;
	std::string s = Archive({e}, false);
	EXPECT_EQ(Validate(s), CPIO_ERR_TRUNCATED);
}

TEST(Cpio, DataSizeLargerThanArchiveIsTruncated) {
	for (long size : {1000L, 0x7fffffffL, 0xffffffffL}) {
		Entry e;
		e.name = "f";
		e.data = "abc";
		e.filesize_override = size;
		EXPECT_EQ(Validate(Archive({e})), CPIO_ERR_TRUNCATED) << size;
	}
}

TEST(Cpio, ErrorsAreStickyAndKeepTheOffset) {
	std::string s = Archive(Sample());
	std::string first;
	Append(first, Sample()[0]);
	s[first.size() + 1] = 'Z';
	auto buf = Exact(s, s.size());
	struct cpio_iter it;
	struct cpio_entry e;
	cpio_iter_init(&it, buf.get(), s.size());
	EXPECT_EQ(cpio_next(&it, &e), CPIO_OK);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(cpio_next(&it, &e), CPIO_ERR_MAGIC);
		EXPECT_EQ(it.off, first.size());
	}
}

TEST(Cpio, StrerrorDescribesEveryStatus) {
	std::vector<std::string> seen;
	for (int st : {CPIO_OK, CPIO_END, CPIO_ERR_TRUNCATED, CPIO_ERR_MAGIC,
	               CPIO_ERR_HEX, CPIO_ERR_NAME_TOO_LONG, CPIO_ERR_NAME}) {
		std::string msg = cpio_strerror(st);
		EXPECT_FALSE(msg.empty());
		for (const auto &m : seen)
			EXPECT_NE(m, msg);
		seen.push_back(msg);
	}
	EXPECT_EQ(std::string(cpio_strerror(CPIO_ERR_TRUNCATED)), "truncated archive");
	EXPECT_NE(cpio_strerror(-77), nullptr);
}

TEST(Cpio, RandomCorruptionNeverReadsOutOfBounds) {
	// Whatever the bytes, the reader returns a status; ASan checks bounds.
	std::string good = Archive(Sample());
	std::mt19937 rng(1234);
	for (int round = 0; round < 3000; round++) {
		std::string s = good;
		int flips = 1 + static_cast<int>(rng() % 4);
		for (int i = 0; i < flips; i++) {
			size_t at = rng() % s.size();
			switch (rng() % 3) {
			case 0: s[at] = static_cast<char>(rng()); break;
			case 1: s[at] = "0123456789abcdefF"[rng() % 17]; break;
			default: s[at] = '\0'; break;
			}
		}
		size_t n = rng() % 2 ? s.size() : rng() % (s.size() + 1);
		long r = Validate(s, nullptr, n);
		EXPECT_TRUE(r >= 0 || (r >= CPIO_ERR_NAME && r <= CPIO_ERR_TRUNCATED));
	}
}

} // namespace
