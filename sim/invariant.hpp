// Internal invariants: checked in every build (they are cheap: once a month per host, never per
// worker), reported with the month, the numbers and the place in the source.
#pragma once

#include <stdexcept>
#include <string>

namespace repatsim {

class InvariantError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Where a check was made. Not std::source_location: clang 14 (the fuzz preset) lacks the builtin
// that libstdc++ 12's needs; __builtin_FILE/__builtin_LINE, as default arguments, give the
// caller's place in gcc and clang alike.
struct SourcePlace {
  const char* file;
  int line;
};

[[noreturn]] void fail_invariant(const std::string& what,
                                 SourcePlace where = {__builtin_FILE(), __builtin_LINE()});

inline void check_invariant(bool ok, const std::string& what,
                            SourcePlace where = {__builtin_FILE(), __builtin_LINE()}) {
  if (!ok) fail_invariant(what, where);
}

}  // namespace repatsim
