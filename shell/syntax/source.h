// Source text and locations for the parser.
//
// A Source is a named piece of shell text (a script file, a -c string, an eval argument, an alias
// value, the inside of a backquote).  It can grow (interactive input is appended line by line),
// and it answers "which line and column is this byte offset?" from an index of line starts that
// is extended as text is appended.
//
// SourceRange is what every AST node and word part carries.  The file name is an interned string
// that lives for the whole process, so a range stays valid after its Source is gone (a function
// definition outlives the script text it came from).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace spawnsh::syntax {

// Returns a pointer to a process-lifetime copy of `name`; equal names give the same pointer.
// Thread-safe.
const std::string* intern_source_name(std::string_view name);

struct SourceRange {
    const std::string* file = nullptr;  // interned name, see intern_source_name(); never freed
    std::uint32_t line = 0;             // 1-based line of the first byte
    std::uint32_t column = 0;           // 1-based byte column of the first byte
    std::size_t offset = 0;             // byte offset of the first byte in its Source
    std::size_t length = 0;             // number of bytes covered

    std::size_t end_offset() const { return offset + length; }
    std::string_view file_name() const { return file ? std::string_view(*file) : std::string_view(); }
};

struct LineColumn {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
};

class Source {
public:
    // `first_line` lets a piece of text that was cut out of a bigger file (a backquoted command,
    // say) report the line numbers of that file.
    // `first_column` likewise shifts the columns of the first line.
    Source(std::string_view name, std::string text, std::uint32_t first_line = 1,
           std::uint32_t first_column = 1);

    const std::string& name() const { return *name_; }
    const std::string* interned_name() const { return name_; }
    std::string_view text() const { return text_; }
    std::size_t size() const { return text_.size(); }

    // Appends text (interactive input).  Invalidates string_views into text(); offsets stay valid.
    void append(std::string_view more);
    // Drops the text before `offset` (input read a piece at a time, once what was read is
    // parsed): the rest keeps its line and column numbers and now starts at offset 0. The
    // memory is kept for the text appended next. Offsets from before are invalid afterwards.
    void drop_before(std::size_t offset);

    LineColumn locate(std::size_t offset) const {
        // The parser asks about offsets that mostly move forward a little at a time: the line
        // found last time answers most questions without a search.
        const std::size_t index = last_line_index_;
        if (offset >= line_starts_[index] &&
            (index + 1 == line_starts_.size() || offset < line_starts_[index + 1])) {
            return LineColumn{static_cast<std::uint32_t>(index) + first_line_,
                              static_cast<std::uint32_t>(offset - line_starts_[index] + 1) +
                                  (index == 0 ? first_column_ - 1 : 0)};
        }
        return locate_elsewhere(offset);
    }
    SourceRange range(std::size_t begin, std::size_t end) const {
        return range(begin, locate(begin), end);
    }
    // The same when the caller already knows where `begin` is (`where` == locate(begin)).
    SourceRange range(std::size_t begin, LineColumn where, std::size_t end) const {
        SourceRange result;
        result.file = name_;
        result.line = where.line;
        result.column = where.column;
        result.offset = begin;
        result.length = end > begin ? end - begin : 0;
        return result;
    }

    // The text of the line that contains `offset`, without its newline.
    std::string_view line_containing(std::size_t offset) const;

private:
    void index_lines(std::size_t from);
    LineColumn locate_elsewhere(std::size_t offset) const;

    const std::string* name_;
    std::string text_;
    std::uint32_t first_line_;
    std::uint32_t first_column_;
    std::vector<std::size_t> line_starts_;  // offset of the first byte of each line; [0] == 0
    mutable std::size_t last_line_index_ = 0;  // locate() cache: a Source is not thread-safe
};

}  // namespace spawnsh::syntax
