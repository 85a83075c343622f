// Stress tests for core/fs/: random namespace churn checked against a
// reference model, readdir under concurrent change, deep trees, random
// file I/O against a string, and allocation failure at every step.  Run
// under ASan, so a stale pointer anywhere fails here.
#include "fs_test_util.h"

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

class FsStress : public FsTest {
protected:
	// Walks the real tree: path -> inode, and checks link counts and
	// directory sizes on the way.  Returns the number of distinct inodes.
	size_t Scan(std::map<std::string, struct inode *> &out) {
		std::set<struct inode *> seen;
		std::map<struct inode *, uint32_t> names;
		ScanDir(root, "", out, seen, names);
		for (const auto &kv : names) {
			if (!S_ISDIR(kv.first->mode)) {
				EXPECT_EQ(kv.first->nlink, kv.second) << "ino " << kv.first->ino;
			}
		}
		return seen.size() + 1;
	}

	void ScanDir(struct inode *dir, const std::string &prefix,
	             std::map<std::string, struct inode *> &out,
	             std::set<struct inode *> &seen,
	             std::map<struct inode *, uint32_t> &names) {
		std::vector<std::string> list;
		uint64_t pos = 0;
		ASSERT_EQ(fs_readdir(dir, &pos, Collect, &list), 0);
		ASSERT_GE(list.size(), 2u);
		uint32_t subdirs = 0;
		EXPECT_EQ(dir->size, 20u * list.size());
		for (size_t i = 2; i < list.size(); i++) {
			std::string p = prefix.empty() ? list[i] : prefix + "/" + list[i];
			struct inode *ino = Lookup(p.c_str(), 0);
			ASSERT_NE(ino, nullptr) << p;
			fs_put(ino);
			out[p] = ino;
			seen.insert(ino);
			names[ino]++;
			if (S_ISDIR(ino->mode)) {
				subdirs++;
				EXPECT_EQ(ino->u.dir.parent, dir) << p;
				ScanDir(ino, p, out, seen, names);
			}
		}
		EXPECT_EQ(dir->nlink, 2u + subdirs) << "dir " << prefix;
	}
};

// The reference model: path -> shared node; hard links share a node.
struct Node {
	bool dir;
	std::string data;
};
using Model = std::map<std::string, std::shared_ptr<Node>>;

std::string Parent(const std::string &p) {
	size_t s = p.rfind('/');
	return s == std::string::npos ? "" : p.substr(0, s);
}

bool Under(const std::string &p, const std::string &top) {
	return p.size() > top.size() && p.compare(0, top.size(), top) == 0 &&
	       p[top.size()] == '/';
}

// The error resolving p's parent directory, as a walk would find it.
int ParentError(const Model &m, const std::string &p) {
	std::string at;
	size_t start = 0, s;
	while ((s = p.find('/', start)) != std::string::npos) {
		at = p.substr(0, s);
		auto it = m.find(at);
		if (it == m.end())
			return -ENOENT;
		if (!it->second->dir)
			return -ENOTDIR;
		start = s + 1;
	}
	return 0;
}

bool HasChildren(const Model &m, const std::string &p) {
	auto it = m.upper_bound(p);
	return it != m.end() && Under(it->first, p);
}

// Moves p and everything under it to q.
void MoveTree(Model &m, const std::string &p, const std::string &q) {
	Model moved;
	for (auto it = m.begin(); it != m.end();) {
		if (it->first == p || Under(it->first, p)) {
			moved[q + it->first.substr(p.size())] = it->second;
			it = m.erase(it);
		} else {
			++it;
		}
	}
	m.insert(moved.begin(), moved.end());
}

int ModelRename(Model &m, const std::string &a, const std::string &b,
                unsigned flags) {
	int r = ParentError(m, a);
	if (r == 0)
		r = ParentError(m, b);
	if (r != 0)
		return r;
	auto ia = m.find(a), ib = m.find(b);
	bool exchange = flags & RENAME_EXCHANGE;
	if (ia == m.end())
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && ib != m.end())
		return -EEXIST;
	if (exchange && ib == m.end())
		return -ENOENT;
	if (ia->second->dir && (Parent(b) == a || Under(Parent(b), a)))
		return -EINVAL;
	if (ib != m.end() && ib->second->dir &&
	    (Parent(a) == b || Under(Parent(a), b)))
		return exchange ? -EINVAL : -ENOTEMPTY;
	if (ib != m.end() && ia->second == ib->second)
		return 0;
	if (!exchange && ib != m.end()) {
		if (ia->second->dir && !ib->second->dir)
			return -ENOTDIR;
		if (!ia->second->dir && ib->second->dir)
			return -EISDIR;
		if (ib->second->dir && HasChildren(m, b))
			return -ENOTEMPTY;
	}
	if (exchange) {
		MoveTree(m, a, "\x01tmp");
		MoveTree(m, b, a);
		MoveTree(m, "\x01tmp", b);
	} else {
		if (ib != m.end())
			m.erase(ib);
		MoveTree(m, a, b);
	}
	return 0;
}

TEST_F(FsStress, ChurnMatchesAReferenceModel) {
	std::mt19937 rng(20241124);
	std::vector<std::string> paths;
	const char *leaf[] = {"a", "b", "c"};
	for (auto x : leaf) {
		paths.push_back(x);
		for (auto y : leaf) {
			paths.push_back(std::string(x) + "/" + y);
			for (auto z : leaf)
				paths.push_back(std::string(x) + "/" + y + "/" + z);
		}
	}
	auto pick = [&]() { return paths[rng() % paths.size()]; };
	Model m;
	int nonzero = 0;
	for (int step = 0; step < 4000; step++) {
		std::string p = pick(), q = pick();
		int want = 0, got = 0;
		auto it = m.find(p);
		switch (rng() % 9) {
		case 0:
		case 1: { // create a file with content
			want = ParentError(m, p);
			if (want == 0 && it != m.end())
				want = -EEXIST;
			std::string data(rng() % 6000, static_cast<char>('A' + rng() % 26));
			got = Open(p.c_str(), O_CREAT | O_EXCL | O_WRONLY);
			if (want == 0) {
				m[p] = std::make_shared<Node>(Node{false, data});
				ASSERT_EQ(got, 0) << p;
				struct inode *ino = Lookup(p.c_str());
				ASSERT_EQ(fs_write(ino, data.data(), data.size(), 0, nullptr),
				          static_cast<long>(data.size()));
				fs_put(ino);
			}
			break;
		}
		case 2: // mkdir
			want = ParentError(m, p);
			if (want == 0 && it != m.end())
				want = -EEXIST;
			got = Mkdir(p.c_str());
			if (want == 0)
				m[p] = std::make_shared<Node>(Node{true, ""});
			break;
		case 3: // unlink
			want = ParentError(m, p);
			if (want == 0)
				want = it == m.end() ? -ENOENT : it->second->dir ? -EISDIR : 0;
			got = Unlink(p.c_str());
			if (want == 0)
				m.erase(p);
			break;
		case 4: // rmdir
			want = ParentError(m, p);
			if (want == 0)
				want = it == m.end() ? -ENOENT
				       : !it->second->dir ? -ENOTDIR
				       : HasChildren(m, p) ? -ENOTEMPTY : 0;
			got = Rmdir(p.c_str());
			if (want == 0)
				m.erase(p);
			break;
		case 5:
		case 6: { // rename, with a flag now and then
			unsigned flags = 0;
			if (rng() % 4 == 0)
				flags = rng() % 2 ? RENAME_NOREPLACE : RENAME_EXCHANGE;
			want = ModelRename(m, p, q, flags);
			got = Rename(p.c_str(), q.c_str(), flags);
			break;
		}
		case 7: { // link
			want = ParentError(m, p);
			if (want == 0 && it == m.end())
				want = -ENOENT;
			if (want == 0)
				want = ParentError(m, q);
			if (want == 0 && m.count(q))
				want = -EEXIST;
			if (want == 0 && it->second->dir)
				want = -EPERM;
			got = Link(p.c_str(), q.c_str());
			if (want == 0)
				m[q] = it->second;
			break;
		}
		default: { // overwrite part of a file
			if (it == m.end() || it->second->dir)
				continue;
			std::string &d = it->second->data;
			size_t off = rng() % (d.size() + 100);
			std::string chunk(rng() % 300, static_cast<char>('a' + rng() % 26));
			struct inode *ino = Lookup(p.c_str());
			ASSERT_EQ(fs_write(ino, chunk.data(), chunk.size(), off, nullptr),
			          static_cast<long>(chunk.size()));
			fs_put(ino);
			if (off + chunk.size() > d.size())
				d.resize(off + chunk.size(), '\0');
			d.replace(off, chunk.size(), chunk);
			break;
		}
		}
		ASSERT_EQ(got, want) << "step " << step << " " << p << " " << q;
		nonzero += got != 0;

		std::map<std::string, struct inode *> real;
		size_t inodes = Scan(real);
		ASSERT_EQ(real.size(), m.size()) << "step " << step;
		// Names share an inode exactly when they share a model node.
		std::map<Node *, struct inode *> same;
		std::map<struct inode *, Node *> back;
		for (const auto &kv : m) {
			auto r = real.find(kv.first);
			ASSERT_NE(r, real.end()) << kv.first << " step " << step;
			EXPECT_EQ(S_ISDIR(r->second->mode), kv.second->dir) << kv.first;
			auto s = same.emplace(kv.second.get(), r->second);
			EXPECT_EQ(s.first->second, r->second) << "hard links: " << kv.first;
			auto b = back.emplace(r->second, kv.second.get());
			EXPECT_EQ(b.first->second, kv.second.get()) << "shared: " << kv.first;
			if (!kv.second->dir && step % 50 == 0) {
				EXPECT_EQ(Get(kv.first.c_str()), kv.second->data) << kv.first;
			}
		}
		EXPECT_EQ(sb->ninodes, inodes) << "no inode outlives its names";
	}
	EXPECT_GT(nonzero, 500) << "the errors were exercised too";
	EXPECT_GT(m.size(), 5u);
}

TEST_F(FsStress, ReaddirUnderChurnReturnsSurvivorsExactlyOnce) {
	std::mt19937 rng(7);
	ASSERT_EQ(Mkdir("d"), 0);
	std::set<std::string> live;
	for (int i = 0; i < 300; i++) {
		std::string n = "n" + std::to_string(i);
		ASSERT_EQ(Put(("d/" + n).c_str(), ""), 0);
		live.insert(n);
	}
	std::set<std::string> initial = live, ever = live, removed;
	struct inode *d = Lookup("d");
	uint64_t pos = 0;
	std::vector<std::string> seen;
	int next = 300;
	for (;;) {
		std::vector<std::string> batch;
		struct Sink {
			std::vector<std::string> *out;
			size_t room;
		} sink = {&batch, 1 + rng() % 9};
		auto fill = [](void *ctx, const char *name, size_t len, uint64_t,
		               unsigned, uint64_t) {
			auto *s = static_cast<Sink *>(ctx);
			if (s->out->size() >= s->room)
				return false;
			s->out->push_back(std::string(name, len));
			return true;
		};
		ASSERT_EQ(fs_readdir(d, &pos, fill, &sink), 0);
		if (batch.empty())
			break;
		seen.insert(seen.end(), batch.begin(), batch.end());
		for (int k = 0; k < 3; k++) {
			if (rng() % 2 && !live.empty()) {
				auto it = live.begin();
				std::advance(it, rng() % live.size());
				ASSERT_EQ(Unlink(("d/" + *it).c_str()), 0);
				removed.insert(*it);
				live.erase(it);
			} else {
				std::string n = "n" + std::to_string(next++);
				ASSERT_EQ(Put(("d/" + n).c_str(), ""), 0);
				live.insert(n);
				ever.insert(n);
			}
		}
	}
	ASSERT_GE(seen.size(), 2u);
	EXPECT_EQ(seen[0], ".");
	EXPECT_EQ(seen[1], "..");
	std::map<std::string, int> count;
	for (size_t i = 2; i < seen.size(); i++)
		count[seen[i]]++;
	for (const auto &kv : count) {
		EXPECT_EQ(kv.second, 1) << kv.first << " returned twice";
		EXPECT_TRUE(ever.count(kv.first)) << kv.first;
	}
	for (const auto &n : initial) {
		if (!removed.count(n)) {
			EXPECT_EQ(count[n], 1) << n << " survived but was not returned";
		}
	}
	fs_put(d);
}

TEST_F(FsStress, DeepTrees) {
	const int depth = 1300; // "../" * depth stays under PATH_MAX
	struct inode *cur = fs_get(root);
	for (int i = 0; i < depth; i++) {
		struct fs_ctx c = Ctx(nullptr, cur);
		ASSERT_EQ(fs_mkdirat(&c, "d", 0755), 0);
		struct inode *next = nullptr;
		ASSERT_EQ(fs_lookup(&c, "d", 0, &next), 0);
		fs_put(cur);
		cur = next;
	}
	std::string path;
	for (int i = 0; i < depth; i++)
		path += "d/";
	struct inode *deep = Lookup(path.c_str());
	EXPECT_EQ(deep, cur);
	fs_put(deep);
	std::string up;
	for (int i = 0; i < depth; i++)
		up += "../";
	struct fs_ctx c = Ctx(nullptr, cur);
	struct inode *top = nullptr;
	ASSERT_EQ(fs_lookup(&c, up.c_str(), 0, &top), 0);
	EXPECT_EQ(top, root);
	fs_put(top);
	EXPECT_EQ(Rename("d", "e"), 0);
	EXPECT_EQ(Rename("e", ("e/" + path.substr(2)).c_str()), -EINVAL);
	EXPECT_EQ(LookupErr(("e/" + path.substr(2)).c_str()), 0);
	std::string too_long;
	for (int i = 0; i < 2048; i++)
		too_long += "d/";
	EXPECT_EQ(LookupErr(too_long.c_str()), -ENAMETOOLONG);
	// Remove the whole chain bottom-up while the deepest is still held:
	// every removed directory is then kept only by its child.
	std::string p = "e/" + path.substr(2);
	p.pop_back();
	while (!p.empty()) {
		ASSERT_EQ(Rmdir(p.c_str()), 0) << p;
		size_t s = p.rfind('/');
		p = s == std::string::npos ? "" : p.substr(0, s);
	}
	EXPECT_EQ(sb->ninodes, static_cast<uint64_t>(depth) + 1);
	fs_put(cur);
	EXPECT_EQ(sb->ninodes, 1u) << "the chain unwinds, without recursion";
	// And a deep tree that is still there when the instance goes.
	cur = fs_get(root);
	for (int i = 0; i < depth; i++) {
		struct fs_ctx cc = Ctx(nullptr, cur);
		ASSERT_EQ(fs_mkdirat(&cc, "x", 0755), 0);
		ASSERT_EQ(fs_open(&cc, "file", O_CREAT | O_WRONLY, 0644, &top), 0);
		fs_put(top);
		struct inode *next = nullptr;
		ASSERT_EQ(fs_lookup(&cc, "x", 0, &next), 0);
		fs_put(cur);
		cur = next;
	}
	fs_put(cur);
}

TEST_F(FsStress, RandomFileIoMatchesAString) {
	std::mt19937 rng(4242);
	ASSERT_EQ(Put("f", ""), 0);
	struct inode *f = Lookup("f");
	std::string model;
	for (int step = 0; step < 3000; step++) {
		switch (rng() % 4) {
		case 0:
		case 1: {
			size_t off = rng() % 70000;
			std::string chunk(rng() % 9000, static_cast<char>(rng()));
			ASSERT_EQ(fs_write(f, chunk.data(), chunk.size(), off, nullptr),
			          static_cast<long>(chunk.size()));
			if (!chunk.empty()) {
				if (off + chunk.size() > model.size())
					model.resize(off + chunk.size(), '\0');
				model.replace(off, chunk.size(), chunk);
			}
			break;
		}
		case 2: {
			size_t size = rng() % 80000;
			ASSERT_EQ(fs_truncate(f, size, nullptr), 0);
			model.resize(size, '\0');
			break;
		}
		default: {
			size_t off = rng() % 80000, len = rng() % 10000;
			std::string buf(len, '?');
			long n = fs_read(f, &buf[0], len, off);
			std::string want = off < model.size() ? model.substr(off, len) : "";
			ASSERT_EQ(n, static_cast<long>(want.size())) << "step " << step;
			buf.resize(n);
			ASSERT_EQ(buf, want) << "step " << step;
			break;
		}
		}
		ASSERT_EQ(f->size, model.size());
		ASSERT_LE(static_cast<uint64_t>(Pages()),
		          (model.size() + 4095) / 4096) << "pages past the end freed";
	}
	fs_put(f);
}

TEST_F(FsStress, SparseFarOffsets) {
	std::mt19937_64 rng(5);
	ASSERT_EQ(Put("s", ""), 0);
	struct inode *f = Lookup("s");
	std::map<uint64_t, char> bytes;
	for (int i = 0; i < 500; i++) {
		uint64_t off = rng() % (uint64_t{1} << 52);
		char c = static_cast<char>('a' + i % 26);
		ASSERT_EQ(fs_write(f, &c, 1, off, nullptr), 1);
		bytes[off] = c;
	}
	EXPECT_LE(Pages(), 500);
	for (const auto &kv : bytes) {
		char two[2] = {'?', '?'};
		long n = fs_read(f, two, 2, kv.first);
		ASSERT_GE(n, 1);
		EXPECT_EQ(two[0], kv.second);
	}
	uint64_t cut = bytes.begin()->first + (uint64_t{1} << 40);
	ASSERT_EQ(fs_truncate(f, cut, nullptr), 0);
	long keep = 0;
	std::set<uint64_t> pages;
	for (const auto &kv : bytes) {
		if (kv.first < cut)
			pages.insert(kv.first / 4096);
	}
	keep = static_cast<long>(pages.size());
	EXPECT_EQ(Pages(), keep);
	fs_put(f);
}

TEST_F(FsStress, OutOfMemoryAtEveryStepLeavesAConsistentTree) {
	// The same script with the heap failing after n allocations, for
	// every n until it runs through: each call either succeeds or fails
	// with ENOMEM, and the tree stays consistent and leak-free.
	bool completed = false;
	for (long n = 0; n < 400 && !completed; n++) {
		ASSERT_EQ(tmpfs_destroy(sb), 0);
		sb = tmpfs_create(0, 42, 0755, 0);
		root = sb->root;
		fs_shim_kmalloc_fail_after = n;
		int failures = 0;
		// ENOENT: a name an earlier failed call did not make.
		auto ok = [&](int r) {
			EXPECT_TRUE(r == 0 || r == -ENOMEM || r == -ENOENT) << r;
			failures += r != 0;
		};
		ok(Mkdir("a"));
		ok(Mkdir("a/b"));
		for (int i = 0; i < 20; i++)
			ok(Open(("a/f" + std::to_string(i)).c_str(), O_CREAT | O_WRONLY));
		ok(Symlink("a/b", "l"));
		ok(Link("a/f1", "a/b/h"));
		ok(Rename("a/f2", "a/b/moved"));
		ok(Rename("a/f3", "a/f4"));
		ok(Rename("a/f5", "a/b/h", RENAME_EXCHANGE));
		ok(Put("a/b/data", std::string(20000, 'd')));
		ok(Unlink("a/f6"));
		struct fs_ctx c = Ctx();
		struct inode *t = nullptr;
		int r = fs_open(&c, "a", O_TMPFILE | O_RDWR, 0600, &t);
		ok(r);
		if (r == 0)
			fs_put(t);
		fs_shim_kmalloc_fail_after = -1;
		completed = failures == 0;
		std::map<std::string, struct inode *> real;
		size_t inodes = Scan(real);
		EXPECT_EQ(sb->ninodes, inodes) << "n=" << n;
	}
	EXPECT_TRUE(completed);
}

} // namespace
