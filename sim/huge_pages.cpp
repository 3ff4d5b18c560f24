// Memory on transparent huge pages for the worker table's columns (workers.hpp).
#include <sys/mman.h>

#include <cstdlib>
#include <new>

#include "sim/workers.hpp"

namespace repatsim {

void* allocate_huge_pages(std::size_t bytes) {
  // Whole 2 MB pages: aligned_alloc wants a multiple of the alignment, and the tail of the
  // last page could not be given to anything else anyway.
  const std::size_t rounded = (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  if (rounded < bytes) throw std::bad_alloc();
  void* p = std::aligned_alloc(kHugePageBytes, rounded);
  if (p == nullptr) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
  // Only a hint: where the kernel has no THP (or refuses), the pages stay 4 KB.
  madvise(p, rounded, MADV_HUGEPAGE);
#endif
  return p;
}

}  // namespace repatsim
