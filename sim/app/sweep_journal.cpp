#include "sim/app/sweep_journal.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/std.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "output/atomic_write.hpp"
#include "output/run_file.hpp"

namespace repatsim::app {

namespace {

namespace fs = std::filesystem;

constexpr char kMagic[4] = {'R', 'S', 'J', '1'};  // repatsim sweep journal record, version 1
constexpr const char* kIdentityFile = "identity";
constexpr const char* kLockFile = "lock";

// FNV-1a, 64 bits: enough to tell a torn or foreign record from a whole one.
std::uint64_t checksum(const char* data, std::size_t size) {
  std::uint64_t h = 14695981039346656037ull;
  for (std::size_t i = 0; i < size; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 1099511628211ull;
  }
  return h;
}

class Writer {
 public:
  template <typename T>
  void put(const T& value) {
    const char* p = reinterpret_cast<const char*>(&value);
    bytes.insert(bytes.end(), p, p + sizeof(T));
  }
  void put_series(const std::vector<std::int64_t>& values) {
    put(static_cast<std::uint64_t>(values.size()));
    const char* p = reinterpret_cast<const char*>(values.data());
    bytes.insert(bytes.end(), p, p + values.size() * sizeof(std::int64_t));
  }
  std::vector<char> bytes;
};

class Reader {
 public:
  Reader(const char* data, std::size_t size) : data_(data), size_(size) {}
  template <typename T>
  T get() {
    T value;
    take(&value, sizeof(T));
    return value;
  }
  std::vector<std::int64_t> get_series() {
    const auto n = get<std::uint64_t>();
    if (n > (size_ - at_) / sizeof(std::int64_t)) throw JournalError("a series runs past the end");
    std::vector<std::int64_t> values(n);
    take(values.data(), n * sizeof(std::int64_t));
    return values;
  }
  std::string get_text() {
    const auto n = get<std::uint64_t>();
    if (n > size_ - at_) throw JournalError("a text runs past the end");
    std::string text(data_ + at_, n);
    at_ += n;
    return text;
  }
  bool at_end() const { return at_ == size_; }

 private:
  void take(void* out, std::size_t n) {
    if (n > size_ - at_) throw JournalError("the record is cut short");
    if (n == 0) return;  // `out` may be an empty vector's null data()
    std::memcpy(out, data_ + at_, n);
    at_ += n;
  }
  const char* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

std::vector<char> read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw JournalError(fmt::format("cannot open {}", file));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string record_name(std::int64_t run) { return fmt::format("run-{:012d}.rec", run); }

}  // namespace

std::vector<char> encode_run_result(std::int64_t run, const SweepRunResult& r) {
  Writer w;
  w.bytes.insert(w.bytes.end(), kMagic, kMagic + sizeof(kMagic));
  w.put(run);
  w.put(static_cast<std::uint8_t>(r.ok ? 1 : 0));
  w.put(static_cast<std::uint64_t>(r.error.size()));
  w.bytes.insert(w.bytes.end(), r.error.begin(), r.error.end());
  w.put_series(r.stock_true);
  w.put_series(r.revenue_cents);
  w.put_series(r.repatriations);
  w.put(checksum(w.bytes.data(), w.bytes.size()));
  return std::move(w.bytes);
}

SweepRunResult decode_run_result(const std::vector<char>& bytes, std::int64_t& run) {
  if (bytes.size() < sizeof(kMagic) + sizeof(std::uint64_t) ||
      std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0)
    throw JournalError("not a sweep journal record");
  const std::size_t body = bytes.size() - sizeof(std::uint64_t);
  std::uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + body, sizeof(stored));
  if (stored != checksum(bytes.data(), body)) throw JournalError("the record's checksum is wrong");
  Reader in(bytes.data() + sizeof(kMagic), body - sizeof(kMagic));
  SweepRunResult r;
  run = in.get<std::int64_t>();
  r.ok = in.get<std::uint8_t>() != 0;
  r.error = in.get_text();
  r.stock_true = in.get_series();
  r.revenue_cents = in.get_series();
  r.repatriations = in.get_series();
  if (!in.at_end()) throw JournalError("the record has bytes past its end");
  return r;
}

fs::path SweepJournal::directory_for(const fs::path& output) {
  fs::path dir = output;
  dir += ".runs";
  return dir;
}

SweepJournal::SweepJournal(const fs::path& output, const std::string& identity)
    : directory_(directory_for(output)) {
  std::error_code ec;
  fs::create_directory(directory_, ec);
  if (ec || !fs::is_directory(directory_))
    throw JournalError(fmt::format("cannot create the sweep journal {}: {}", directory_.string(),
                                   ec ? ec.message() : "not a directory"));
  const fs::path lock = directory_ / kLockFile;
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  if (lock_fd_ < 0)
    throw JournalError(fmt::format("cannot open {}: {}", lock.string(), std::strerror(errno)));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw JournalError(fmt::format("another repatsim process is running this sweep (it holds {})",
                                   lock.string()));
  }
  try {
    check_identity(directory_ / kIdentityFile, identity);
  } catch (...) {
    ::close(lock_fd_);  // a throwing constructor runs no destructor
    lock_fd_ = -1;
    throw;
  }
}

void SweepJournal::check_identity(const fs::path& identity_file, const std::string& identity) {
  std::error_code ec;
  if (fs::exists(identity_file, ec)) {
    const std::vector<char> stored = read_bytes(identity_file);
    if (std::string(stored.begin(), stored.end()) != identity)
      throw JournalError(fmt::format(
          "{} holds the finished runs of a different sweep (the sweep file, the base scenario, "
          "the shard or the repatsim build differ); remove that directory to start this sweep "
          "afresh, or run the sweep it belongs to (its {} file says which)",
          directory_.string(), kIdentityFile));
  } else {
    try {
      write_atomically(identity_file, std::vector<char>(identity.begin(), identity.end()), true);
    } catch (const OutputError& e) {
      throw JournalError(fmt::format("cannot start the sweep journal: {}", e.what()));
    }
  }
}

SweepJournal::~SweepJournal() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::map<std::int64_t, SweepRunResult> SweepJournal::finished() {
  std::map<std::int64_t, SweepRunResult> out;
  for (const auto& entry : fs::directory_iterator(directory_)) {
    const std::string name = entry.path().filename().string();
    if (name == kIdentityFile || name == kLockFile) continue;
    std::error_code ec;
    if (name.find(".tmp.") != std::string::npos) {  // a writer killed before its rename
      fs::remove(entry.path(), ec);
      continue;
    }
    try {
      std::int64_t run = -1;
      SweepRunResult r = decode_run_result(read_bytes(entry.path()), run);
      if (record_name(run) != name) throw JournalError("its run does not match its name");
      out.emplace(run, std::move(r));
    } catch (const JournalError& e) {
      fmt::print(stderr, "repatsim: {}: {}; removed, its run runs again\n", entry.path(), e.what());
      fs::remove(entry.path(), ec);
    }
  }
  return out;
}

void SweepJournal::record(std::int64_t run, const SweepRunResult& result) {
  try {
    write_atomically(directory_ / record_name(run), encode_run_result(run, result), true);
  } catch (const OutputError& e) {
    throw JournalError(fmt::format("cannot record run {} in the sweep journal: {}", run, e.what()));
  }
}

void SweepJournal::remove() {
  if (lock_fd_ >= 0) ::close(lock_fd_);
  lock_fd_ = -1;
  std::error_code ec;
  fs::remove_all(directory_, ec);
}

}  // namespace repatsim::app
