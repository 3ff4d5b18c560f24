#include "scenarios/yaml_parse.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>
#include <unordered_map>

namespace repatsim::scenario_io {

std::optional<std::string> read_text_file(const std::filesystem::path& file, const Mark& cited_at,
                                          const std::string& key_path, Diagnostics& diagnostics) {
  std::error_code ec;
  auto status = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(status)) {
    diagnostics.error(cited_at, key_path, fmt::format("cannot read '{}': no such file", file.string()));
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    diagnostics.error(cited_at, key_path, fmt::format("cannot read '{}': not a regular file", file.string()));
    return std::nullopt;
  }
  auto size = std::filesystem::file_size(file, ec);
  if (!ec && size > kMaxFileBytes) {
    diagnostics.error(cited_at, key_path,
                      fmt::format("'{}' is {} bytes; a scenario file may hold at most {} bytes (16 MiB)",
                                  file.string(), size, kMaxFileBytes));
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) {
    // An empty file makes operator<< fail too: tell it apart from an unreadable one.
    if (in && size == 0) return std::string();
    diagnostics.error(cited_at, key_path, fmt::format("cannot read '{}'", file.string()));
    return std::nullopt;
  }
  return text.str();
}

namespace {

// Thrown inside the conversion when a limit is hit; caught below and turned into a diagnostic.
struct LimitExceeded {
  Mark mark;
  std::string path;
  std::string message;
};

// Watches yaml-cpp's parser events before any tree is built and applies the Converter's limits
// (below) as they are reached: a million keys or 10^5 levels of nesting are refused after reading
// only as far as the limit, in little time and memory (building yaml-cpp's tree of a 16 MiB file
// first takes seconds and a gigabyte). Nodes and depths are counted as the Converter counts them
// (values, not keys); an alias counts once here, and the Converter counts what it expands to.
// Key paths name list items by index, as the tree is not there to give their `name`.
class LimitGuard : public YAML::EventHandler {
 public:
  explicit LimitGuard(const std::string& origin) : origin_(origin) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, ""); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, ""); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    node(mark, value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(mark, false);
  }
  void OnSequenceEnd() override { frames_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(mark, true);
  }
  void OnMapEnd() override { frames_.pop_back(); }

 private:
  struct Frame {
    bool map;
    std::string path;
    long items = 0;           // lists: items so far
    bool want_key = true;     // maps: the next node is a key
    std::string key;          // maps: the key of the value that comes next
  };

  // Checks one node; returns its key path, or nullopt when it is a map key (not counted).
  std::optional<std::string> node(const YAML::Mark& mark, const std::string& scalar) {
    std::string path;
    if (!frames_.empty()) {
      Frame& parent = frames_.back();
      if (parent.map) {
        parent.want_key = !parent.want_key;
        if (!parent.want_key) {  // this node is a key
          parent.key = scalar;
          return std::nullopt;
        }
        path = child_path(parent.path, parent.key);
      } else {
        path = item_path(parent.path, std::to_string(parent.items++));
      }
    }
    const Mark at{origin_, mark.line + 1, mark.column + 1};
    if (++nodes_ > kMaxNodes)
      throw LimitExceeded{at, path, fmt::format("more than {} YAML nodes; a scenario needs far fewer",
                                                kMaxNodes)};
    if (static_cast<int>(frames_.size()) > kMaxDepth)
      throw LimitExceeded{at, path, fmt::format("nesting deeper than {} levels", kMaxDepth)};
    return path;
  }

  void open(const YAML::Mark& mark, bool map) {
    auto path = node(mark, "");
    frames_.push_back(Frame{map, path.value_or(""), 0, true, {}});
  }

  const std::string& origin_;
  long nodes_ = 0;
  std::vector<Frame> frames_;
};

// The position of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or nullopt. yaml-cpp passes such bytes through on
// reading but not on writing, so a scenario holding them would not load back from its own
// resolved YAML (found by fuzzing `--set description=...`).
std::optional<Mark> first_invalid_utf8(const std::string& text, const std::string& origin) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned min_second = 0x80, max_second = 0xBF;
    if (byte < 0x80) {
      length = 1;
    } else if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
      if (byte == 0xE0) min_second = 0xA0;  // overlong
      if (byte == 0xED) max_second = 0x9F;  // surrogates
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
      if (byte == 0xF0) min_second = 0x90;  // overlong
      if (byte == 0xF4) max_second = 0x8F;  // above U+10FFFF
    }
    bool ok = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; ok && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      ok = k == 1 ? next >= min_second && next <= max_second : next >= 0x80 && next <= 0xBF;
    }
    if (!ok) return Mark{origin, line, column};
    if (byte == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
  return std::nullopt;
}

class Converter {
 public:
  Converter(const std::string& origin, Diagnostics& diagnostics)
      : origin_(origin), diagnostics_(diagnostics) {}

  // `path` is the key path of `node`, for messages.
  DocNode convert(const YAML::Node& node, const std::string& path, int depth) {
    Mark mark = mark_of(node);
    // Aliases share one yaml-cpp node, so a "billion laughs" document is small until it is
    // expanded here: counting expanded nodes is what stops it.
    if (++nodes_ > kMaxNodes)
      throw LimitExceeded{mark, path, fmt::format("more than {} YAML nodes (after expanding aliases); "
                                            "a scenario needs far fewer",
                                            kMaxNodes)};
    if (depth > kMaxDepth)
      throw LimitExceeded{mark, path, fmt::format("nesting deeper than {} levels", kMaxDepth)};

    DocNode out;
    out.mark = mark;
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = DocNode::Kind::null;
        break;
      case YAML::NodeType::Scalar:
        out.kind = DocNode::Kind::scalar;
        out.scalar = node.Scalar();
        out.quoted = node.Tag() == "!";  // yaml-cpp tags non-plain (quoted) scalars "!"
        break;
      case YAML::NodeType::Sequence:
        out.kind = DocNode::Kind::list;
        out.flow = node.Style() == YAML::EmitterStyle::Flow;
        for (const auto& item : node) {
          // Items are named in paths by their `name` when they have one: hosts[Russia].
          const YAML::Node name = item.IsMap() ? item["name"] : YAML::Node();
          std::string label = name && name.IsScalar() && !name.Scalar().empty() ? name.Scalar() : std::to_string(out.items.size());
          out.items.push_back(convert(item, item_path(path, label), depth + 1));
        }
        break;
      case YAML::NodeType::Map:
        out.kind = DocNode::Kind::map;
        out.flow = node.Style() == YAML::EmitterStyle::Flow;
        convert_map(node, path, depth, out);
        break;
    }
    return out;
  }

 private:
  void convert_map(const YAML::Node& node, const std::string& path, int depth, DocNode& out) {
    // yaml-cpp 0.7 keeps every duplicate key when a map is iterated: report them here, once,
    // and keep the first, so that the rest of the loader sees unique keys.
    std::unordered_map<std::string, int> first_line;
    for (const auto& pair : node) {
      Mark key_mark = mark_of(pair.first);
      if (!pair.first.IsScalar()) {
        diagnostics_.error(key_mark, path, fmt::format("a map key must be a plain word, got {}",
                                                     pair.first.IsNull() ? "nothing" : "a map or list"));
        continue;
      }
      const std::string& key = pair.first.Scalar();
      auto [it, inserted] = first_line.try_emplace(key, key_mark.line);
      if (!inserted) {
        diagnostics_.error(key_mark, child_path(path, key),
                           fmt::format("duplicate key '{}' (first given on line {}); each key may "
                                       "appear once in a map",
                                       key, it->second));
        continue;
      }
      DocNode value = convert(pair.second, child_path(path, key), depth + 1);
      // An empty value (`key:`) has no position of its own (yaml-cpp gives the next token's):
      // use its key's.
      if (value.is_null() || value.mark.line == 0) value.mark = key_mark;
      out.entries.push_back(DocEntry{key, key_mark, std::move(value)});
    }
  }

  Mark mark_of(const YAML::Node& node) const {
    const YAML::Mark& m = node.Mark();
    if (m.is_null()) return Mark{origin_, 0, 0};
    return Mark{origin_, m.line + 1, m.column + 1};
  }

  const std::string& origin_;
  Diagnostics& diagnostics_;
  long nodes_ = 0;
};

}  // namespace

std::optional<DocNode> parse_yaml_text(const std::string& text, const std::string& origin,
                                       Diagnostics& diagnostics) {
  if (text.size() > kMaxFileBytes) {
    diagnostics.error(Mark{origin, 0, 0}, "",
                      fmt::format("{} bytes of YAML; at most {} (16 MiB) are accepted", text.size(),
                                  kMaxFileBytes));
    return std::nullopt;
  }
  if (auto bad = first_invalid_utf8(text, origin)) {
    diagnostics.error(*bad, "", "not UTF-8 text: a scenario is UTF-8 (save the file as UTF-8)");
    return std::nullopt;
  }
  std::vector<YAML::Node> documents;
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    LimitGuard guard(origin);
    while (parser.HandleNextDocument(guard)) {
    }
    documents = YAML::LoadAll(text);
  } catch (const LimitExceeded& e) {
    diagnostics.error(e.mark, e.path, "input refused: " + e.message);
    return std::nullopt;
  } catch (const YAML::ParserException& e) {
    // DeepRecursion (yaml-cpp's own nesting guard) is a ParserException too.
    diagnostics.error(Mark{origin, e.mark.line + 1, e.mark.column + 1}, "",
                      "YAML syntax error: " + e.msg);
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    diagnostics.error(Mark{origin, e.mark.line + 1, e.mark.column + 1}, "", "cannot read YAML: " + e.msg);
    return std::nullopt;
  }
  if (documents.empty()) return DocNode{DocNode::Kind::null, {}, false, false, {}, {}, Mark{origin, 1, 1}};
  if (documents.size() > 1) {
    Mark second{origin, documents[1].Mark().line + 1, documents[1].Mark().column + 1};
    diagnostics.error(second, "", fmt::format("{} YAML documents ('---'); a scenario is one document",
                                              documents.size()));
  }
  Converter converter(origin, diagnostics);
  try {
    return converter.convert(documents.front(), "", 0);
  } catch (const LimitExceeded& e) {
    diagnostics.error(e.mark, e.path, "input refused: " + e.message);
    return std::nullopt;
  }
}

}  // namespace repatsim::scenario_io
