#include "shell/syntax/source.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_set>

namespace spawnsh::syntax {

const std::string* intern_source_name(std::string_view name) {
    // Node-based set: element addresses are stable for the life of the process.
    static std::mutex mutex;
    static auto* names = new std::unordered_set<std::string>();
    std::lock_guard lock(mutex);
    return &*names->emplace(name).first;
}

Source::Source(std::string_view name, std::string text, std::uint32_t first_line,
               std::uint32_t first_column)
    : name_(intern_source_name(name)),
      text_(std::move(text)),
      first_line_(first_line),
      first_column_(first_column) {
    line_starts_.push_back(0);
    index_lines(0);
}

void Source::append(std::string_view more) {
    const std::size_t old_size = text_.size();
    text_.append(more);
    index_lines(old_size);
}

void Source::drop_before(std::size_t offset) {
    offset = std::min(offset, text_.size());
    const LineColumn start = locate(offset);
    text_.erase(0, offset);
    first_line_ = start.line;
    first_column_ = start.column;
    line_starts_.resize(1);
    last_line_index_ = 0;
    index_lines(0);
}

void Source::index_lines(std::size_t from) {
    const char* data = text_.data();
    const std::size_t size = text_.size();
    while (from < size) {
        const void* hit = std::memchr(data + from, '\n', size - from);
        if (!hit) break;
        const std::size_t newline = static_cast<std::size_t>(static_cast<const char*>(hit) - data);
        line_starts_.push_back(newline + 1);
        from = newline + 1;
    }
}

LineColumn Source::locate_elsewhere(std::size_t offset) const {
    const std::size_t lines = line_starts_.size();
    std::size_t index = last_line_index_ + 1;
    const bool next_line = index < lines && line_starts_[index] <= offset &&
                           (index + 1 == lines || offset < line_starts_[index + 1]);
    if (!next_line) {
        const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        index = static_cast<std::size_t>(after - line_starts_.begin()) - 1;
    }
    last_line_index_ = index;
    LineColumn where;
    where.line = static_cast<std::uint32_t>(index) + first_line_;
    where.column = static_cast<std::uint32_t>(offset - line_starts_[index] + 1);
    if (index == 0) where.column += first_column_ - 1;
    return where;
}

std::string_view Source::line_containing(std::size_t offset) const {
    offset = std::min(offset, text_.size());
    const auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const std::size_t start = *(after - 1);
    std::size_t stop = text_.find('\n', start);
    if (stop == std::string::npos) stop = text_.size();
    return std::string_view(text_).substr(start, stop - start);
}

}  // namespace spawnsh::syntax
