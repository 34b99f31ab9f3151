// Merging the layers of an "extends" chain (merge.hpp).
#include "engine/scenario/merge.hpp"

#include <algorithm>
#include <set>

#include "engine/scenario/json_input.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

// The origin node of a value stated whole by `label`.
json stated_by(const json& v, const std::string& label) {
  json node = {{"@", label}};
  if (v.is_object()) {
    json keys = json::object();
    for (const auto& [key, item] : v.items()) keys[key] = stated_by(item, label);
    node["k"] = std::move(keys);
  } else if (v.is_array()) {
    json items = json::array();
    for (const auto& item : v) items.push_back(stated_by(item, label));
    node["i"] = std::move(items);
  }
  return node;
}

bool has_id(const json& v) { return v.is_object() && v.contains("id"); }
bool removes(const json& v) { return v.is_object() && v.value("remove", json(false)) == true; }

class Merger {
 public:
  Merger(const std::string& label, DiagnosticList& problems) : label_(label), problems_(problems) {}

  // Merges `patch` (at `at` in its file) into `base`, whose origin node is `origin`.
  void value(json& base, json& origin, const json& patch, const std::string& at) {
    if (patch.is_object()) {
      if (!base.is_object()) {
        base = json::object();
        origin = {{"k", json::object()}};
      } else if (!origin.contains("k") || !origin["k"].is_object()) {
        origin = stated_by(base, label_);
      }
      origin["@"] = label_;
      for (const auto& [key, item] : patch.items())
        value(base[key], origin["k"][key], item, at + "/" + pointer_token(key));
      return;
    }
    if (patch.is_array() && std::any_of(patch.begin(), patch.end(), has_id)) {
      if (!base.is_array()) base = json::array();
      return by_id(base, origin, patch, at);
    }
    if (!patch.is_array()) {
      base = patch;
      origin = {{"@", label_}};
      return;
    }
    // An array without ids replaces the base's whole; its elements are merged into nothing, so
    // that arrays with ids inside them are checked as anywhere else.
    base = json::array();
    origin = {{"@", label_}, {"i", json::array()}};
    for (size_t i = 0; i < patch.size(); ++i) {
      const std::string i_at = at + "/" + std::to_string(i);
      if (patch[i].is_object() && patch[i].contains("remove"))
        add(i_at + "/remove",
            "\"remove\" only in an element with an \"id\", merged into the base's array by id",
            "an element without an \"id\"");
      append(base, origin["i"], patch[i], i_at);
    }
  }

 private:
  void by_id(json& base, json& origin, const json& patch, const std::string& at) {
    for (size_t i = 0; i < patch.size(); ++i)
      if (!has_id(patch[i]))
        return add(at + "/" + std::to_string(i),
                   "an element with an \"id\" (other elements of this array have one, so it "
                   "merges into the base's array by id)",
                   schema::found_text(patch[i]) + " without an \"id\"");
    for (size_t j = 0; j < base.size(); ++j)
      if (!has_id(base[j]))
        return add(at,
                   "elements without \"id\" (the array then replaces the base's whole), or a "
                   "base array whose elements all have an \"id\"",
                   "elements with ids, and element " + std::to_string(j) +
                       " of the base's array without one");
    std::set<std::string> seen;
    bool repeated = false;
    for (size_t i = 0; i < patch.size(); ++i)
      if (!seen.insert(patch[i].at("id").dump()).second) {
        add(at + "/" + std::to_string(i) + "/id", "an id not used before in this array",
            patch[i].at("id").dump());
        repeated = true;
      }
    if (repeated) return;
    origin["@"] = label_;
    if (!origin.contains("i") || !origin["i"].is_array() || origin["i"].size() != base.size())
      origin = stated_by(base, label_);
    json& items = origin["i"];
    for (size_t i = 0; i < patch.size(); ++i) {
      const json& e = patch[i];
      const std::string e_at = at + "/" + std::to_string(i);
      const auto found = std::find_if(base.begin(), base.end(),
                                      [&](const json& b) { return b.at("id") == e.at("id"); });
      const auto j = static_cast<size_t>(found - base.begin());
      if (removes(e)) {
        if (e.size() > 2)
          add(e_at, "only \"id\" and \"remove\" in an element that removes one",
              "other keys beside them");
        else if (found == base.end())
          add(e_at + "/id", "the id of an element of the base's array (to remove it)",
              e.at("id").dump() + ", which the base's array does not have");
        else {
          base.erase(j);
          items.erase(j);
        }
        continue;
      }
      json element = e;
      element.erase("remove");  // "remove": false
      if (found == base.end()) {
        append(base, items, element, e_at);
      } else {
        value(base[j], items[j], element, e_at);
      }
    }
  }

  void append(json& base, json& items, const json& element, const std::string& at) {
    json merged, origin;
    value(merged, origin, element, at);
    base.push_back(std::move(merged));
    items.push_back(std::move(origin));
  }

  void add(const std::string& at, std::string expected, std::string found) {
    problems_.add(label_, at, std::move(expected), std::move(found));
  }

  const std::string& label_;
  DiagnosticList& problems_;
};

}  // namespace

const std::string* MergeOrigins::at(std::string_view pointer) const {
  const json* node = &tree_;
  for (const std::string& token : schema::location_tokens(pointer)) {
    if (const auto k = node->find("k"); k != node->end() && k->contains(token)) {
      node = &k->at(token);
    } else if (const auto i = node->find("i");
               i != node->end() && !token.empty() && token.size() < 10 &&
               token.find_first_not_of("0123456789") == std::string::npos &&
               std::stoul(token) < i->size()) {
      node = &(*i)[std::stoul(token)];
    } else {
      return nullptr;
    }
  }
  const auto label = node->find("@");
  return label == node->end() ? nullptr : &label->get_ref<const std::string&>();
}

void merge_layer(json& base, MergeOrigins& origins, const json& patch, const std::string& label,
                 DiagnosticList& problems) {
  Merger(label, problems).value(base, origins.tree_, patch, "");
}

}  // namespace civicsim
