// The employer table (structure-of-arrays). Employers never move between hosts.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/types.hpp"

namespace repatsim {

struct EmployerTable {
  std::vector<std::uint8_t> host;
  std::vector<Sector> sector;
  std::vector<std::uint8_t> front_company;  // 1: a DPRK front or joint venture
  std::vector<float> margin_usd;            // monthly margin per DPRK worker over local labour
  std::vector<float> risk_appetite;         // 0.5 neutral; penalty weight is 2 * (1 - appetite)
  std::vector<float> belief;                // believed monthly chance of being inspected
  std::vector<std::uint8_t> inspected;      // inspected this month: 1 + the body, or 0
  // The same as one bit per employer: the workers' pass tests it for every unlawful worker, and
  // an eighth of the bytes stays in cache where the byte array (one random read a worker) did not.
  std::vector<std::uint64_t> inspected_bits;
  std::vector<std::uint32_t> size;          // DPRK workers present at the end of last month

  std::size_t size_count() const { return host.size(); }

  // Fetches ahead what an employer's choice reads (choose(), employer_choice.hpp): for loops
  // that will ask employer e to choose and have other work to do first. Always inlined (GCC
  // deletes a call to a function that only prefetches).
  [[gnu::always_inline]] void prefetch_choice(std::uint32_t e) const {
    __builtin_prefetch(margin_usd.data() + e);
    __builtin_prefetch(risk_appetite.data() + e);
    __builtin_prefetch(belief.data() + e);
  }
  void push_back(std::uint8_t h, Sector s, bool front, float margin, float appetite, float b) {
    host.push_back(h);
    sector.push_back(s);
    front_company.push_back(front ? 1 : 0);
    margin_usd.push_back(margin);
    risk_appetite.push_back(appetite);
    belief.push_back(b);
    inspected.push_back(0);
    if (inspected_bits.size() * 64 < inspected.size()) inspected_bits.push_back(0);
    size.push_back(0);
  }
};

}  // namespace repatsim
