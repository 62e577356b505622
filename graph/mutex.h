// Mutex and MutexLock: std::mutex with clang's thread-safety annotations, so
// that state shared between threads names the mutex that guards it
// (LG_GUARDED_BY(mu_)) and clang's -Wthread-safety checks every access
// (tests/CMakeLists.txt: thread_safety_test). Under GCC the annotations are
// empty. After leveldb's port/thread_annotations.h and port::Mutex.
//
// Start here: a member `graph::Mutex mu_;`, fields `T x_ LG_GUARDED_BY(mu_);`,
// and `graph::MutexLock lock(&mu_);` in the functions that touch them;
// LG_REQUIRES(mu_) on a function called with the lock held.
// Thread-safety: Mutex is a mutex; MutexLock belongs to one thread.
#pragma once

#include <mutex>

#if defined(__clang__)
#define LG_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define LG_THREAD_ANNOTATION(x)
#endif

#define LG_CAPABILITY(x) LG_THREAD_ANNOTATION(capability(x))
#define LG_SCOPED_CAPABILITY LG_THREAD_ANNOTATION(scoped_lockable)
#define LG_GUARDED_BY(x) LG_THREAD_ANNOTATION(guarded_by(x))
#define LG_PT_GUARDED_BY(x) LG_THREAD_ANNOTATION(pt_guarded_by(x))
#define LG_REQUIRES(...) LG_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define LG_EXCLUDES(...) LG_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define LG_ACQUIRE(...) LG_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define LG_RELEASE(...) LG_THREAD_ANNOTATION(release_capability(__VA_ARGS__))

namespace lg::graph {

class LG_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() LG_ACQUIRE() { mu_.lock(); }
  void Unlock() LG_RELEASE() { mu_.unlock(); }

 private:
  std::mutex mu_;
};

// Holds `mu` from construction to destruction.
class LG_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex* mu) LG_ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() LG_RELEASE() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

}  // namespace lg::graph
