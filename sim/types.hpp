// The model's vocabularies (MODEL.md sections 3-8): worker statuses, sectors, flow kinds,
// remittance channels, dispatch channels. One registry of names drives the scenario keys,
// the output labels and the docs, so a new entry is added in exactly one place.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace repatsim {

// Worker legal status, MODEL.md section 3.
enum class Status : std::uint8_t {
  permitted,       // valid work authorization (incl. contracts grandfathered by 2375)
  visa_disguised,  // on a tourist, student or trainee visa while working
  irregular,       // permit expired or withdrawn, still working informally
  awaiting_exit,   // ordered or released to go home, waiting for a seat
  stranded,        // wants or is ordered to leave but no route to the DPRK is open
  detained,        // caught by enforcement, awaiting deportation
  exempt,          // stays lawfully under 2397's exemptions
  repatriated,     // back in the DPRK (may be dispatched again later)
};
inline constexpr int kStatusCount = 8;
// The phases test "earning and abroad without exemption" and "queued" as ranges of codes.
static_assert(static_cast<int>(Status::permitted) == 0 && static_cast<int>(Status::irregular) == 2);
static_assert(static_cast<int>(Status::awaiting_exit) == 3 && static_cast<int>(Status::detained) == 5);
inline constexpr std::array<std::string_view, kStatusCount> kStatusNames{
    "permitted", "visa_disguised", "irregular", "awaiting_exit",
    "stranded",  "detained",       "exempt",    "repatriated"};

// Whether a worker in this status earns a wage (stranded workers earn a scenario share).
constexpr bool earns(Status s) {
  return s == Status::permitted || s == Status::visa_disguised || s == Status::irregular ||
         s == Status::exempt;
}
// Whether a worker in this status is in the host and working without lawful authorization.
constexpr bool unlawful(Status s) { return s == Status::visa_disguised || s == Status::irregular; }
// Whether a worker waits for a seat home (queues on the routes).
constexpr bool queued(Status s) {
  return static_cast<unsigned>(s) - static_cast<unsigned>(Status::awaiting_exit) <= 2u;
}

// Employer sectors, MODEL.md section 3.
enum class Sector : std::uint8_t {
  construction, logging, fishing, manufacturing, hospitality, medical, it,
};
inline constexpr int kSectorCount = 7;
inline constexpr std::array<std::string_view, kSectorCount> kSectorNames{
    "construction", "logging", "fishing", "manufacturing", "hospitality", "medical", "it"};

// How a new worker enters a host (MODEL.md section 3, "The DPRK").
enum class DispatchChannel : std::uint8_t { work_permit, non_work_visa, front_company };
inline constexpr int kDispatchChannelCount = 3;
inline constexpr std::array<std::string_view, kDispatchChannelCount> kDispatchChannelNames{
    "work_permit", "non_work_visa", "front_company"};

// How the state's share reaches the DPRK (MODEL.md section 7).
enum class RemittanceChannel : std::uint8_t { formal, informal };
inline constexpr int kRemittanceChannelCount = 2;
inline constexpr std::array<std::string_view, kRemittanceChannelCount> kRemittanceChannelNames{
    "formal", "informal"};

// The month's recorded flows per host (MODEL.md section 8). Counts of workers.
enum class Flow : std::uint8_t {
  arrivals_work_permit,    // dispatched through work permits (incl. committee approvals)
  arrivals_non_work_visa,  // dispatched on tourist/student/trainee visas
  arrivals_front_company,  // dispatched to front companies, working irregularly
  permit_expiries,         // permits, contracts or non-work visas that ended this month
  renewals,                // work permits renewed
  committee_approvals,     // new authorizations approved case by case by the 1718 Committee
  switched_to_irregular,   // employer kept the worker without a permit
  switched_to_visa,        // employer moved the worker to a non-work visa
  released_by_employer,    // employer complied: worker released to go home
  tour_ends,               // DPRK tour over: worker released to go home
  departures_ordered,      // host ordered departure under 2397
  exemptions_granted,      // host found the worker exempt under 2397
  detections,              // caught by enforcement
  repatriations,           // left for the DPRK (incl. deportations)
  deportations,            // of the repatriations, detained workers deported
  became_stranded,         // queued workers with no open path home this month
  transfers_out,           // passed to another host
  transfers_in,            // received from another host
  visa_extensions,         // non-work visas that ended this month and were extended
};
inline constexpr int kFlowCount = 19;
inline constexpr std::array<std::string_view, kFlowCount> kFlowNames{
    "arrivals_work_permit",  "arrivals_non_work_visa", "arrivals_front_company",
    "permit_expiries",       "renewals",               "committee_approvals",
    "switched_to_irregular", "switched_to_visa",       "released_by_employer",
    "tour_ends",             "departures_ordered",     "exemptions_granted",
    "detections",            "repatriations",          "deportations",
    "became_stranded",       "transfers_out",          "transfers_in",
    "visa_extensions"};

// Looks a name up in one of the registries above; nullopt if it is not there.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> enum_from_name(const std::array<std::string_view, N>& names,
                                             std::string_view name) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<Enum>(i);
  return std::nullopt;
}

template <typename Enum>
constexpr int idx(Enum e) {
  return static_cast<int>(e);
}

}  // namespace repatsim
