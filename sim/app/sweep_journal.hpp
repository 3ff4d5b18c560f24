// The journal of a sweep in progress: the directory "<output>.runs/" beside the output, holding
// one small file per finished run, each written to a temporary, fsynced and renamed into place
// (output/atomic_write.hpp). A sweep killed at any moment (kill -9 included) therefore keeps
// every run it finished; started again with the same command it runs only the others. The
// journal also holds the sweep's identity (the sweep file, the resolved base scenario, the shard
// and the build), and a journal of another sweep is refused rather than mixed in.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace repatsim::app {

// What one run contributes to the sweep file (its headline series, or why it failed).
struct SweepRunResult {
  bool ok = false;
  std::string error;
  std::vector<std::int64_t> stock_true, revenue_cents, repatriations;

  bool operator==(const SweepRunResult&) const = default;
};

// A run's result as bytes (journal records and MPI messages) and back. decode_run_result throws
// JournalError for bytes that are not a whole, intact record (magic, lengths and checksum).
std::vector<char> encode_run_result(std::int64_t run, const SweepRunResult& result);
SweepRunResult decode_run_result(const std::vector<char>& bytes, std::int64_t& run);

class JournalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SweepJournal {
 public:
  static std::filesystem::path directory_for(const std::filesystem::path& output);

  // Opens the journal of `output`, creating it if there is none. Throws JournalError if it
  // belongs to another sweep (its identity differs), if another process holds it (a lock the
  // kernel drops when that process dies), or if it cannot be created.
  SweepJournal(const std::filesystem::path& output, const std::string& identity);
  ~SweepJournal();
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;

  const std::filesystem::path& directory() const { return directory_; }

  // The runs recorded so far, by run index. Records that cannot be read (none should exist, as
  // each is renamed into place whole) are reported on stderr, removed and left out, so that
  // their runs run again; so are leftover temporaries of a killed writer.
  std::map<std::int64_t, SweepRunResult> finished();

  // Records one finished run durably; safe to call from several threads at once.
  void record(std::int64_t run, const SweepRunResult& result);

  // Removes the journal (after the sweep file is published).
  void remove();

 private:
  // Writes the identity into a new journal, or checks it against the one there.
  void check_identity(const std::filesystem::path& identity_file, const std::string& identity);

  std::filesystem::path directory_;
  int lock_fd_ = -1;
};

}  // namespace repatsim::app
