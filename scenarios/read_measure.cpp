#include <fmt/format.h>

#include "scenarios/read_spec.hpp"

namespace repatsim::scenario_io {

namespace {

// The keys each measure type uses (MODEL.md section 5); a key of another type is an error, so
// that a parameter that would be silently ignored is never written.
std::vector<std::string_view> measure_keys(std::optional<MeasureType> type) {
  std::vector<std::string_view> keys{"name", "type", "adopted", "hosts"};
  bool any = !type.has_value();  // type unknown: accept every measure key, report the type alone
  if (any || type == MeasureType::authorization_cap || type == MeasureType::new_authorization_ban)
    keys.push_back("approval_rate");
  if (any || type == MeasureType::new_authorization_ban) keys.push_back("renewals_allowed");
  if (any || type == MeasureType::repatriation_deadline)
    keys.insert(keys.end(), {"deadline_months", "midterm_report_months", "final_report_months"});
  return keys;
}

std::string other_type_hint(std::string_view key, MeasureType type) {
  std::vector<std::string_view> users;
  for (std::size_t i = 0; i < kMeasureTypeNames.size(); ++i) {
    auto keys = measure_keys(static_cast<MeasureType>(i));
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) users.push_back(kMeasureTypeNames[i]);
  }
  if (users.empty()) return "";
  return fmt::format(": it is a key of {} measures, not of {}", join(users),
                     kMeasureTypeNames[static_cast<std::size_t>(type)]);
}

}  // namespace

MeasureSpec read_measure(const DocNode& node, const std::string& path, const NameList& hosts,
                         Diagnostics& diagnostics) {
  MeasureSpec measure;
  std::optional<MeasureType> type;
  if (const DocNode* type_node = node.is_map() ? node.find("type") : nullptr)
    if (auto index = to_choice(*type_node, child_path(path, "type"),
                               {kMeasureTypeNames.begin(), kMeasureTypeNames.end()}, diagnostics))
      type = static_cast<MeasureType>(*index);

  MapReader r(node, path, measure_keys(type), diagnostics);
  r.require("type", "one of: " + join(std::vector<std::string_view>(kMeasureTypeNames.begin(), kMeasureTypeNames.end())));
  if (type) measure.type = *type;
  measure.name = kMeasureTypeNames[static_cast<std::size_t>(measure.type)];  // the default name
  r.text("name", measure.name);
  r.month("adopted", measure.adopted, Need::required);
  for_each_item(r, "hosts", [&](const DocNode& item, const std::string& item_path) {
    auto host = to_text(item, item_path, diagnostics);
    if (!host) return;
    if (std::find(measure.hosts.begin(), measure.hosts.end(), *host) != measure.hosts.end()) {
      diagnostics.error(item.mark, item_path, fmt::format("host '{}' is listed twice", *host));
      return;
    }
    hosts.check_reference(*host, item, item_path, diagnostics);
    measure.hosts.push_back(*host);
  });
  r.number("approval_rate", measure.approval_rate, Bound::share);
  r.boolean("renewals_allowed", measure.renewals_allowed);
  r.integer("deadline_months", measure.deadline_months, 1, "months after adoption");
  r.integer("midterm_report_months", measure.midterm_report_months, 1, "months after adoption");
  r.integer("final_report_months", measure.final_report_months, 1, "months after adoption");
  if (type)
    r.finish([&](std::string_view key) { return other_type_hint(key, *type); });
  else
    r.finish();
  return measure;
}

}  // namespace repatsim::scenario_io
