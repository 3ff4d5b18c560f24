#include "output/atomic_write.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/std.h>
#include <pthread.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include "output/run_file.hpp"

namespace repatsim {

namespace {

namespace fs = std::filesystem;

// Holds SIGINT and SIGTERM back in this thread while the file is written and renamed; a signal
// that arrives meanwhile is delivered when the mask is restored, after the rename.
class BlockInterrupts {
 public:
  BlockInterrupts() {
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &previous_);
  }
  ~BlockInterrupts() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  BlockInterrupts(const BlockInterrupts&) = delete;
  BlockInterrupts& operator=(const BlockInterrupts&) = delete;

 private:
  sigset_t previous_{};
};

std::string errno_text(int error) { return std::strerror(error); }

// Writes the image to `path` and makes it durable before the rename publishes it.
void write_image(const fs::path& path, const std::vector<char>& image) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw OutputError(fmt::format("creating {}: {}", path, errno_text(errno)));
  std::size_t written = 0;
  int error = 0;
  while (written < image.size() && error == 0) {
    const ssize_t n = ::write(fd, image.data() + written, image.size() - written);
    if (n > 0)
      written += static_cast<std::size_t>(n);
    else if (n < 0 && errno != EINTR)
      error = errno;
    else if (n == 0)
      error = EIO;
  }
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0)
    throw OutputError(fmt::format("writing {} ({} of {} bytes written): {}", path, written,
                                  image.size(), errno_text(error)));
}

// Best effort: a directory that cannot be synced still holds the renamed file.
void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Renames the finished temporary onto the target; without `force` it never replaces a file that
// appeared meanwhile (RENAME_NOREPLACE where the file system supports it).
void publish(const fs::path& temporary, const fs::path& target, bool force) {
  if (!force) {
    if (::renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0)
      return;
    const int error = errno;
    if (error == EEXIST)
      throw OutputError(
          fmt::format("{} appeared while the run file was written; not replaced", target));
    if (error != EINVAL && error != ENOSYS)
      throw OutputError(fmt::format("renaming {} to {}: {}", temporary, target, errno_text(error)));
    if (std::error_code ec; fs::exists(target, ec))
      throw OutputError(
          fmt::format("{} appeared while the run file was written; not replaced", target));
  }
  if (std::rename(temporary.c_str(), target.c_str()) != 0)
    throw OutputError(fmt::format("renaming {} to {}: {}", temporary, target, errno_text(errno)));
}

// Refuses a file that cannot fit before a byte of it is written: the image is complete in memory,
// so its size is exact, and a file system that is full anyway fails the write later, cleanly.
void check_free_space(const fs::path& dir, std::size_t bytes) {
  struct statvfs info {};
  if (::statvfs(dir.c_str(), &info) != 0) return;  // cannot tell: the write reports any shortage
  const auto free_bytes = static_cast<unsigned long long>(info.f_bavail) * info.f_frsize;
  if (bytes > free_bytes)
    throw OutputError(fmt::format("{} bytes to write but only {} bytes free in {}: {}", bytes,
                                  free_bytes, dir, errno_text(ENOSPC)));
}

}  // namespace

void write_atomically(const fs::path& target, const std::vector<char>& bytes, bool force) {
  fs::path temporary = target;
  temporary += fmt::format(".tmp.{}", ::getpid());
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  check_free_space(dir, bytes.size());
  BlockInterrupts block;
  try {
    write_image(temporary, bytes);
    publish(temporary, target, force);
  } catch (...) {
    std::error_code ec;
    fs::remove(temporary, ec);
    throw;
  }
  sync_directory(dir);
}

}  // namespace repatsim
