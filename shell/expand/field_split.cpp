// Field splitting (see field_split.h for the input contract and the rules).
#include "shell/expand/field_split.h"

#include <utility>

namespace spawnsh::expand {

namespace {

// The C locale's space class.
constexpr bool is_space_class(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

} // namespace

Ifs::Ifs(std::optional<std::string_view> value) {
    const std::string_view bytes = value ? *value : std::string_view(" \t\n");
    if (bytes.empty()) {
        splits_ = false;
        return;
    }
    join_ = bytes[0];
    for (char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        kind_[byte] = is_space_class(byte) ? white : other;
    }
}

std::string Field::glob_pattern() const {
    std::string pattern;
    pattern.reserve(text.size() + 8);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_quoted(i)) pattern += '\\';
        pattern += text[i];
    }
    return pattern;
}

namespace {

// Builds one field at a time, in place at the end of the output vector (no moves); keeps the
// quoted mask empty until a quoted byte arrives.
class FieldBuilder {
public:
    explicit FieldBuilder(std::vector<Field>& fields) : fields_(fields) {}

    bool open() const { return open_; }

    void append(std::string_view bytes, bool quoted) {
        if (!open_) {
            fields_.emplace_back();
            open_ = true;
        }
        Field& field = fields_.back();
        const std::size_t old_size = field.text.size();
        field.text.append(bytes);
        if (!field.quoted.empty() || (quoted && !bytes.empty())) {
            field.quoted.resize(old_size, 0); // creates the mask on the first quoted byte
            field.quoted.resize(field.text.size(), quoted ? 1 : 0);
        }
        if (!quoted && !field.has_unquoted_glob_byte &&
            bytes.find_first_of("*?[") != std::string_view::npos)
            field.has_unquoted_glob_byte = true;
    }

    void close() { open_ = false; }
    void add_empty_field() { fields_.emplace_back(); }

private:
    std::vector<Field>& fields_;
    bool open_ = false;
};

} // namespace

void split_fields(std::span<const Segment> word, const Ifs& ifs, std::vector<Field>& fields) {
    FieldBuilder builder(fields);
    // True right after IFS white space closed a field: a following non-white IFS byte belongs to
    // the same delimiter ("a :b" is two fields, not three).
    bool after_white_delimiter = false;
    for (const Segment& segment : word) {
        switch (segment.origin) {
        case Origin::field_break:
            if (builder.open()) builder.close();
            after_white_delimiter = false;
            break;
        case Origin::quoted:
            builder.append(segment.text, true); // even when empty: "" makes a field
            after_white_delimiter = false;
            break;
        case Origin::literal:
            if (!segment.text.empty()) {
                builder.append(segment.text, false);
                after_white_delimiter = false;
            }
            break;
        case Origin::expansion: {
            const std::string_view text = segment.text;
            if (!ifs.splits()) {
                if (!text.empty()) {
                    builder.append(text, false);
                    after_white_delimiter = false;
                }
                break;
            }
            // Copy maximal runs of non-IFS bytes at once.
            std::size_t i = 0;
            while (i < text.size()) {
                const auto byte = static_cast<unsigned char>(text[i]);
                if (!ifs.is_delimiter(byte)) {
                    std::size_t end = i + 1;
                    while (end < text.size() &&
                           !ifs.is_delimiter(static_cast<unsigned char>(text[end])))
                        ++end;
                    builder.append(text.substr(i, end - i), false);
                    after_white_delimiter = false;
                    i = end;
                    continue;
                }
                if (ifs.is_white(byte)) {
                    if (builder.open()) {
                        builder.close();
                        after_white_delimiter = true;
                    }
                } else {
                    if (builder.open()) builder.close();
                    else if (!after_white_delimiter) builder.add_empty_field();
                    after_white_delimiter = false;
                }
                ++i;
            }
            break;
        }
        }
    }
}

} // namespace spawnsh::expand
