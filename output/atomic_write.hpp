// Publishing a file's bytes atomically: a temporary beside the target, written, fsynced, then
// renamed onto it, with SIGINT/SIGTERM held back meanwhile. Knows nothing of HDF5.
#pragma once

#include <filesystem>
#include <vector>

namespace repatsim {

// Writes `bytes` to "<target>.tmp.<pid>", fsyncs it and renames it onto `target` (without
// `force`, never over a file that exists by then). SIGINT and SIGTERM are blocked in the calling
// thread from before the temporary is created until after the rename, so an interrupt leaves the
// complete file or nothing. On failure the temporary is removed and OutputError says what failed
// (the caller adds which run file). A file system with fewer free bytes than `bytes` is refused
// before anything is written.
void write_atomically(const std::filesystem::path& target, const std::vector<char>& bytes,
                      bool force);

}  // namespace repatsim
