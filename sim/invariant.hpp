// Internal invariants: checked in every build (they are cheap: once a month per host, never per
// worker), reported with the month, the numbers and the place in the source.
#pragma once

#include <stdexcept>
#include <string>
#include <type_traits>

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

// The same with the message built by a function, only when the check fails: for checks made
// many times (per employer, per route and month), where formatting every message would cost
// more than the checks.
template <typename Message>
  requires std::is_invocable_r_v<std::string, Message>
inline void check_invariant(bool ok, Message&& what,
                            SourcePlace where = {__builtin_FILE(), __builtin_LINE()}) {
  if (!ok) fail_invariant(what(), where);
}

}  // namespace repatsim
