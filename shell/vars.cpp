#include "shell/vars.h"

#include <algorithm>
#include <vector>

namespace spawnsh {

// One loop with the tests written out: at -Os (the embedded build) GCC called std::all_of's
// predicate, and is_name_start and is_name_char in turn, for each character of each
// environment variable's name: 16,000 of the 135,000 instructions of `spawnsh -c :`.
bool Variables::is_name(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && (i == 0 || c < '0' || c > '9')) return false;
  }
  return true;
}

void Variables::import_environment(char** envp) {
  take_all();
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
  large_changed();
}

const Variable* Variables::find(std::string_view name) const {
  take(name);
  auto it = table_.find(name);
  return it == table_.end() ? nullptr : &it->second;
}

const std::string* Variables::value(std::string_view name) const {
  const Variable* v = find(name);
  return v != nullptr && v->set ? &v->value : nullptr;
}

bool Variables::assign(std::string_view name, std::string_view value) {
  take(name);
  bool large = value.size() >= kLargeValue;
  if (journal_ != nullptr) {
    const Variable* old = find(name);
    if (old != nullptr && old->readonly) return false;
    // Measured before record_slow() may move the old value out.
    if (old != nullptr && old->value.size() >= kLargeValue) large = true;
    // The old value is moved out unless the new one is read from it.
    bool overlaps = old != nullptr && value.data() >= old->value.data() &&
                    value.data() <= old->value.data() + old->value.size();
    record_slow(name, !overlaps);
  }
  Variable& v = table_[std::string(name)];
  if (v.readonly) return false;
  if (v.value.size() >= kLargeValue) large = true;
  v.value.assign(value);
  v.set = true;
  if (export_all) v.exported = true;
  changed(name, v.exported);
  if (large) large_changed();
  return true;
}

bool Variables::unset(std::string_view name) {
  take(name);
  auto it = table_.find(name);
  if (it == table_.end()) return true;
  if (it->second.readonly) return false;
  if (it->second.value.size() >= kLargeValue) large_changed();
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
  before_change(name, false);
  auto [it, inserted] = table_.try_emplace(std::string(name));
  if (inserted) it->second.set = false;  // `export NAME` before NAME has a value
  if (it->second.exported == on) return;
  it->second.exported = on;
  environment_stale_ = true;
}

void Variables::put(std::string_view name, const std::optional<Variable>& variable) {
  note_large_change(name, variable ? variable->value.size() : 0);
  before_change(name, true);
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
  note_large_change(name, variable.value.size());
  before_change(name, true);
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
  before_change(name, false);
  auto [it, inserted] = table_.try_emplace(std::string(name));
  if (inserted) it->second.set = false;
  it->second.readonly = true;
}

std::vector<std::pair<std::string_view, const Variable*>> Variables::sorted() const {
  take_all();
  std::vector<std::pair<std::string_view, const Variable*>> out;
  out.reserve(table_.size());
  for (const auto& [name, v] : table_) out.emplace_back(name, &v);
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

std::vector<BorrowedVariable> Variables::sorted_views() const {
  std::vector<BorrowedVariable> out;
  out.reserve(table_.size() + untaken_);
  for (const auto& [name, v] : table_) {
    out.push_back({name, v.set ? std::string_view(v.value) : std::string_view(), v.set, v.exported,
                   v.readonly});
  }
  // A borrowed variable not taken yet has no entry in the table (take() makes the entry when
  // it takes one), so the two lists do not share a name.
  if (untaken_ != 0) {
    const auto& list = borrowed_->variables;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!taken_[i]) out.push_back(list[i]);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const BorrowedVariable& a, const BorrowedVariable& b) { return a.name < b.name; });
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

void Variables::note_large_change(std::string_view name, std::size_t new_size) {
  take(name);
  bool large = new_size >= kLargeValue;
  if (!large) {
    auto it = table_.find(name);
    large = it != table_.end() && it->second.value.size() >= kLargeValue;
  }
  if (large) large_changed();
}

void Variables::large_changed() noexcept {
  static unsigned long last = 0;  // process-wide: see large_value_generation()
  large_value_generation_ = ++last;
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
    // Borrowed variables stay where they lie: only the exported ones are read, into their
    // entries (taking them all would copy a whole inherited state for every program a child
    // of the emulated backend runs).
    if (untaken_ != 0) {
      const auto& list = borrowed_->variables;
      for (std::size_t i = 0; i < list.size(); ++i) {
        const BorrowedVariable& b = list[i];
        if (taken_[i] || !b.exported || !b.set) continue;
        std::string entry;
        entry.reserve(b.name.size() + 1 + b.value.size());
        entry.append(b.name).append(1, '=').append(b.value);
        entries.push_back(std::move(entry));
      }
    }
    std::sort(entries.begin(), entries.end());
    environment_.assign(entries);
    environment_stale_ = false;
  }
  return environment_.data();
}

void Variables::borrow(std::vector<BorrowedVariable> variables,
                       std::shared_ptr<const void> storage) {
  take_all();  // what an earlier borrow left is this table's own from now on
  auto borrowed = std::make_shared<Borrowed>();
  borrowed->variables = std::move(variables);
  borrowed->storage = std::move(storage);
  taken_.assign(borrowed->variables.size(), false);
  untaken_ = borrowed->variables.size();
  borrowed_ = std::move(borrowed);
  // The table's own variables of the same names give way, as put() would make them.
  for (std::size_t i = 0; i < borrowed_->variables.size(); ++i) {
    const BorrowedVariable& b = borrowed_->variables[i];
    auto it = table_.find(b.name);
    if (it == table_.end()) continue;
    taken_[i] = true;
    --untaken_;
    it->second = Variable{std::string(b.value), b.set, b.exported, b.readonly};
  }
  // As if each had been put: the environment, the command hash and getopts see a change.
  environment_stale_ = true;
  ++path_generation_;
  ++optind_generation_;
  large_changed();
}

void Variables::take(std::string_view name) const {
  if (untaken_ == 0) return;
  const auto& list = borrowed_->variables;
  auto it = std::lower_bound(list.begin(), list.end(), name,
                             [](const BorrowedVariable& b, std::string_view n) { return b.name < n; });
  if (it == list.end() || it->name != name) return;
  auto index = static_cast<std::size_t>(it - list.begin());
  if (taken_[index]) return;
  table_.emplace(std::string(it->name), Variable{std::string(it->value), it->set, it->exported,
                                                 it->readonly});
  taken_[index] = true;
  --untaken_;
}

void Variables::take_all() const {
  if (untaken_ == 0) return;
  const auto& list = borrowed_->variables;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (taken_[i]) continue;
    const BorrowedVariable& b = list[i];
    table_.emplace(std::string(b.name), Variable{std::string(b.value), b.set, b.exported,
                                                 b.readonly});
    taken_[i] = true;
  }
  untaken_ = 0;
}

}  // namespace spawnsh
