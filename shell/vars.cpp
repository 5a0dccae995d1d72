#include "shell/vars.h"

#include <algorithm>
#include <vector>

namespace spawnsh {
namespace {
bool is_name_start(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_name_char(char c) noexcept { return is_name_start(c) || (c >= '0' && c <= '9'); }
}  // namespace

bool Variables::is_name(std::string_view text) noexcept {
  return !text.empty() && is_name_start(text[0]) &&
         std::all_of(text.begin() + 1, text.end(), is_name_char);
}

void Variables::import_environment(char** envp) {
  for (char** entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    std::size_t eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = text.substr(0, eq);
    if (!is_name(name)) continue;  // e.g. "BASH_FUNC_x%%": not a shell variable, skipped
    Variable& v = table_[std::string(name)];
    v.value.assign(text.substr(eq + 1));
    v.set = true;
    v.exported = true;
  }
  environment_stale_ = true;
  ++path_generation_;
}

const Variable* Variables::find(std::string_view name) const {
  auto it = table_.find(name);
  return it == table_.end() ? nullptr : &it->second;
}

const std::string* Variables::value(std::string_view name) const {
  const Variable* v = find(name);
  return v != nullptr && v->set ? &v->value : nullptr;
}

bool Variables::assign(std::string_view name, std::string_view value) {
  if (journal_ != nullptr) {
    const Variable* old = find(name);
    if (old != nullptr && old->readonly) return false;
    // The old value is moved out unless the new one is read from it.
    bool overlaps = old != nullptr && value.data() >= old->value.data() &&
                    value.data() <= old->value.data() + old->value.size();
    record_slow(name, !overlaps);
  }
  Variable& v = table_[std::string(name)];
  if (v.readonly) return false;
  v.value.assign(value);
  v.set = true;
  if (export_all) v.exported = true;
  changed(name, v.exported);
  return true;
}

bool Variables::unset(std::string_view name) {
  auto it = table_.find(name);
  if (it == table_.end()) return true;
  if (it->second.readonly) return false;
  if (journal_ != nullptr) {
    record_slow(name, true);
    it = table_.find(name);
  }
  bool exported = it->second.exported;
  table_.erase(it);
  changed(name, exported);
  return true;
}

void Variables::set_exported(std::string_view name, bool on) {
  record(name, false);
  auto [it, inserted] = table_.try_emplace(std::string(name));
  if (inserted) it->second.set = false;  // `export NAME` before NAME has a value
  if (it->second.exported == on) return;
  it->second.exported = on;
  environment_stale_ = true;
}

void Variables::put(std::string_view name, const std::optional<Variable>& variable) {
  record(name, true);
  auto it = table_.find(name);
  bool was_exported = it != table_.end() && it->second.exported;
  if (!variable) {
    if (it != table_.end()) table_.erase(it);
  } else if (it != table_.end()) {
    it->second = *variable;
  } else {
    table_.emplace(std::string(name), *variable);
  }
  changed(name, was_exported || (variable && variable->exported));
}

void Variables::put(std::string_view name, Variable&& variable) {
  record(name, true);
  auto it = table_.find(name);
  bool exported = variable.exported || (it != table_.end() && it->second.exported);
  if (it != table_.end()) {
    it->second = std::move(variable);
  } else {
    table_.emplace(std::string(name), std::move(variable));
  }
  changed(name, exported);
}

void Variables::set_readonly(std::string_view name) {
  record(name, false);
  auto [it, inserted] = table_.try_emplace(std::string(name));
  if (inserted) it->second.set = false;
  it->second.readonly = true;
}

std::vector<std::pair<std::string_view, const Variable*>> Variables::sorted() const {
  std::vector<std::pair<std::string_view, const Variable*>> out;
  out.reserve(table_.size());
  for (const auto& [name, v] : table_) out.emplace_back(name, &v);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

void Variables::record_slow(std::string_view name, bool discarded) {
  for (const auto& entry : journal_->saved) {
    if (entry.first == name) return;
  }
  auto it = table_.find(name);
  std::optional<Variable> old;
  if (it != table_.end()) {
    if (discarded) {
      old.emplace();
      old->value = std::move(it->second.value);
      old->set = it->second.set;
      old->exported = it->second.exported;
      old->readonly = it->second.readonly;
    } else {
      old = it->second;
    }
  }
  journal_->saved.emplace_back(std::string(name), std::move(old));
}

void Variables::restore(Journal& journal) {
  for (auto it = journal.saved.rbegin(); it != journal.saved.rend(); ++it) {
    if (it->second) {
      put(it->first, std::move(*it->second));
    } else {
      put(it->first, std::optional<Variable>());
    }
  }
  journal.saved.clear();
  optind_generation_ = journal.optind_generation;
}

void Variables::changed(std::string_view name, bool exported) {
  if (exported) environment_stale_ = true;
  if (name == "PATH") ++path_generation_;
  if (name == "OPTIND") ++optind_generation_;
}

char* const* Variables::environment() {
  if (environment_stale_) {
    std::vector<std::string> entries;
    for (const auto& [name, v] : table_) {
      if (v.exported && v.set) entries.push_back(name + '=' + v.value);
    }
    std::sort(entries.begin(), entries.end());
    environment_.assign(entries);
    environment_stale_ = false;
  }
  return environment_.data();
}

}  // namespace spawnsh
