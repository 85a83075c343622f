// langs_cxx.cc - a static C++ program (g++ -static, libstdc++ and glibc)
// that runs in the langs image and natively on the host.
//
// C++ leans on things a C program never touches: unwinding through
// .eh_frame (exceptions walk the stack with the frame tables the kernel
// loaded), thread-local exception state, static constructors run before
// main and destructors after exit, iostreams on top of stdio, and
// std::thread/std::condition_variable on pthreads and futexes.  Output is
// GoogleTest's format (tools/gtest_parse.py) without linking GoogleTest;
// the exit status is the number of failed tests (0: all passed).
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

int failures;
bool test_failed;
std::string current;
std::string workdir;

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (!(cond)) {                                                               \
      std::cout << __FILE__ << ":" << __LINE__ << ": Failure\n  expected: "     \
                << #cond << std::endl;                                           \
      test_failed = true;                                                        \
    }                                                                            \
  } while (0)

void Begin(const std::string& name) {
  current = name;
  test_failed = false;
  std::cout << "[ RUN      ] cxx." << name << std::endl;
}

void End() {
  if (test_failed) failures++;
  std::cout << (test_failed ? "[  FAILED  ] cxx." : "[       OK ] cxx.") << current
            << " (0 ms)" << std::endl;
}

// Static construction: runs before main through .init_array.
struct StaticInit {
  int value = 0;
  std::map<std::string, int> table;
  StaticInit() {
    value = 1234;
    table["one"] = 1;
    table["two"] = 2;
  }
  // The destructor runs after main returns (atexit order); it proves it ran
  // by writing to stdout, which the boot test then expects on the console.
  ~StaticInit() { std::printf("cxx: static destructor ran (value %d)\n", value); }
};
StaticInit static_init;

struct Base : std::runtime_error {
  explicit Base(const std::string& what) : std::runtime_error(what) {}
};
struct Derived : Base {
  int code;
  Derived(const std::string& what, int c) : Base(what), code(c) {}
};

// Destructors run while unwinding; this counts them.
int unwound;
struct Guard {
  ~Guard() { unwound++; }
};

[[noreturn]] __attribute__((noinline)) void ThrowDeep(int depth) {
  Guard g;
  if (depth == 0) throw Derived("deep", 7);
  ThrowDeep(depth - 1);
}

void TestStaticConstructors() {
  Begin("static_constructors_ran_before_main");
  CHECK(static_init.value == 1234);
  CHECK(static_init.table.size() == 2 && static_init.table.at("two") == 2);
  End();
}

void TestExceptions() {
  Begin("throw_across_functions_catch_by_base_rethrow");
  unwound = 0;
  int code = 0;
  std::string what;
  try {
    try {
      ThrowDeep(10);
    } catch (const Base& b) {  // caught by base class
      what = b.what();
      throw;  // rethrow the same object
    }
  } catch (const Derived& d) {
    code = d.code;
  }
  CHECK(what == "deep");
  CHECK(code == 7);
  CHECK(unwound == 11);

  bool caught_std = false;
  try {
    std::vector<int> v(3);
    (void)v.at(10);
  } catch (const std::out_of_range&) {
    caught_std = true;
  }
  CHECK(caught_std);

  bool caught_nested = false;
  try {
    try {
      throw std::logic_error("inner");
    } catch (...) {
      std::throw_with_nested(std::runtime_error("outer"));
    }
  } catch (const std::runtime_error& e) {
    try {
      std::rethrow_if_nested(e);
    } catch (const std::logic_error& inner) {
      caught_nested = std::string(inner.what()) == "inner";
    }
  }
  CHECK(caught_nested);
  End();
}

void TestExceptionPtrAndThreads() {
  Begin("exception_ptr_carries_exceptions_out_of_threads");
  std::exception_ptr stored;
  try {
    throw Derived("stored", 3);
  } catch (...) {
    stored = std::current_exception();
  }
  int code = 0;
  try {
    std::rethrow_exception(stored);
  } catch (const Base& b) {
    code = dynamic_cast<const Derived&>(b).code;
  }
  CHECK(code == 3);

  // Each thread throws and catches on its own stack, then hands one
  // exception to the main thread.
  constexpr int kThreads = 4;
  std::vector<std::exception_ptr> errors(kThreads);
  std::vector<int> caught_inside(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; i++) {
    threads.emplace_back([i, &errors, &caught_inside] {
      for (int k = 0; k < 100; k++) {
        try {
          ThrowDeep(k % 5);
        } catch (const Derived& d) {
          caught_inside[i] += d.code == 7;
        }
      }
      try {
        throw Derived("from thread", 100 + i);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  for (auto& t : threads) t.join();
  int sum = 0;
  for (int i = 0; i < kThreads; i++) {
    CHECK(caught_inside[i] == 100);
    try {
      std::rethrow_exception(errors[i]);
    } catch (const Derived& d) {
      sum += d.code;
    }
  }
  CHECK(sum == 100 * kThreads + (kThreads * (kThreads - 1)) / 2);
  End();
}

void TestStringStreams() {
  Begin("ostringstream_istringstream_and_containers");
  std::ostringstream out;
  out << "pi=" << 3.25 << " n=" << 42 << " hex=" << std::hex << 255;
  CHECK(out.str() == "pi=3.25 n=42 hex=ff");

  std::istringstream in("alpha 3 beta 5 gamma 8");
  std::map<std::string, int> words;
  std::string w;
  int n;
  while (in >> w >> n) words[w] = n;
  CHECK(words.size() == 3 && words["beta"] == 5);

  std::vector<std::string> parts;
  for (int i = 0; i < 1000; i++) parts.push_back(std::to_string(i));
  std::string joined;
  for (const auto& p : parts) joined += p;
  CHECK(joined.size() == 10 + 90 * 2 + 900 * 3);
  auto owned = std::make_unique<std::string>(joined.substr(0, 5));
  CHECK(*owned == "01234");
  End();
}

void TestFileStreams() {
  Begin("ofstream_then_ifstream");
  const std::string path = workdir + "/cxx.txt";
  {
    std::ofstream f(path);
    CHECK(f.good());
    for (int i = 0; i < 500; i++) f << "row " << i << ' ' << i * i << '\n';
  }
  std::ifstream f(path);
  CHECK(f.good());
  std::string word;
  int i, sq, rows = 0;
  bool ok = true;
  while (f >> word >> i >> sq) {
    ok = ok && word == "row" && i == rows && sq == rows * rows;
    rows++;
  }
  CHECK(ok);
  CHECK(rows == 500);
  CHECK(f.eof());
  f.close();
  std::ifstream missing(workdir + "/does-not-exist");
  CHECK(!missing.is_open());
  CHECK(std::remove(path.c_str()) == 0);
  End();
}

// Producer/consumer on std::mutex and std::condition_variable.
void TestThreadsAndCondvars() {
  Begin("threads_mutex_condition_variable");
  std::mutex m;
  std::condition_variable cv;
  std::vector<int> queue;
  bool done = false;
  long consumed = 0;
  std::atomic<int> producers_left{3};

  std::thread consumer([&] {
    std::unique_lock<std::mutex> lk(m);
    for (;;) {
      cv.wait(lk, [&] { return !queue.empty() || done; });
      while (!queue.empty()) {
        consumed += queue.back();
        queue.pop_back();
      }
      if (done) return;
    }
  });
  std::vector<std::thread> producers;
  for (int p = 0; p < 3; p++) {
    producers.emplace_back([&] {
      for (int k = 1; k <= 1000; k++) {
        std::lock_guard<std::mutex> lk(m);
        queue.push_back(k);
        cv.notify_one();
      }
      if (--producers_left == 0) {
        std::lock_guard<std::mutex> lk(m);
        done = true;
        cv.notify_all();
      }
    });
  }
  for (auto& t : producers) t.join();
  consumer.join();
  CHECK(consumed == 3L * 1000 * 1001 / 2);
  CHECK(std::thread::hardware_concurrency() >= 1);
  End();
}

}  // namespace

int main() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/langs-cxx-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) {
    std::perror("mkdtemp");
    return 100;
  }
  workdir = buf.data();

  TestStaticConstructors();
  TestExceptions();
  TestExceptionPtrAndThreads();
  TestStringStreams();
  TestFileStreams();
  TestThreadsAndCondvars();

  rmdir(workdir.c_str());
  std::cout << "cxx: " << failures << " test(s) failed" << std::endl;
  return failures;
}
