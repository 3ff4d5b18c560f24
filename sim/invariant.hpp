// Internal invariants: checked in every build (they are cheap: once a month per host, never per
// worker), reported with the month, the numbers and the place in the source.
#pragma once

#include <source_location>
#include <stdexcept>
#include <string>

namespace repatsim {

class InvariantError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

[[noreturn]] void fail_invariant(const std::string& what,
                                 std::source_location where = std::source_location::current());

inline void check_invariant(bool ok, const std::string& what,
                            std::source_location where = std::source_location::current()) {
  if (!ok) fail_invariant(what, where);
}

}  // namespace repatsim
