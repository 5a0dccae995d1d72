// Pathname expansion (see pathname.h for the rules).
#include "shell/expand/pathname.h"

#include "shell/expand/pattern.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>

namespace spawnsh::expand {

namespace {

struct Component {
    std::string_view pattern;  // the component's pattern text (escapes kept)
    bool globs = false;        // has glob characters: must be matched against a directory
    std::string literal;       // when !globs: the text itself, escapes removed
    std::size_t slashes_after = 0; // separators written after it (0 only for the last one)
};

// A component matches names starting with '.' only when it starts with a literal '.'.
bool starts_with_literal_period(std::string_view pattern) {
    return (!pattern.empty() && pattern[0] == '.') ||
           (pattern.size() > 1 && pattern[0] == '\\' && pattern[1] == '.');
}

// Closes a DIR* on every path out of a scope.
struct DirCloser {
    DIR* dir;
    ~DirCloser() {
        if (dir) closedir(dir);
    }
};

struct Match {
    std::string name;
    unsigned char type; // d_type from readdir
};

// Byte order of `x` and `y`, each followed by a '/' when `slash_follows`.
bool sorts_before(std::string_view x, std::string_view y, bool slash_follows) {
    const std::size_t common = std::min(x.size(), y.size());
    if (int order = common ? std::memcmp(x.data(), y.data(), common) : 0; order != 0)
        return order < 0;
    if (x.size() == y.size()) return false;
    if (!slash_follows) return x.size() < y.size();
    // One is a prefix of the other: compare the shorter one's '/' with the longer one's byte.
    if (x.size() < y.size()) return static_cast<unsigned char>('/') < static_cast<unsigned char>(y[common]);
    return static_cast<unsigned char>(x[common]) < static_cast<unsigned char>('/');
}

// The entries of directory `path` that `component` matches.
std::vector<Match> read_matches(const std::string& path, const Component& component,
                                bool needs_directory) {
    std::vector<Match> matches;
    DirCloser directory{opendir(path.empty() ? "." : path.c_str())};
    if (!directory.dir) return matches; // unreadable or not a directory: no matches, no error
    const bool hidden_allowed = starts_with_literal_period(component.pattern);
    while (const dirent* entry = readdir(directory.dir)) {
        const char* name = entry->d_name;
        if (name[0] == '.' && !hidden_allowed) continue;
        // Entries known not to be directories cannot continue the path.
        if (needs_directory && entry->d_type != DT_DIR && entry->d_type != DT_LNK &&
            entry->d_type != DT_UNKNOWN)
            continue;
        std::string_view name_view(name, std::strlen(name));
        if (pattern_match(component.pattern, name_view))
            matches.push_back(Match{std::string(name_view), entry->d_type});
    }
    return matches;
}

class Walker {
public:
    Walker(const std::vector<Component>& components, std::vector<std::string>& paths)
        : components_(components), paths_(paths) {}

    // `path` holds the text built so far (it is restored before returning).
    void walk(std::string& path, std::size_t index, bool check_existence) {
        if (index == components_.size()) {
            struct stat status;
            if (!check_existence || lstat(path.c_str(), &status) == 0) paths_.push_back(path);
            return;
        }
        const Component& component = components_[index];
        const std::size_t mark = path.size();
        if (!component.globs) {
            path += component.literal;
            path.append(component.slashes_after, '/');
            walk(path, index + 1, true);
            path.resize(mark);
            return;
        }
        const bool last = index + 1 == components_.size();
        const bool needs_directory = !last || component.slashes_after > 0;
        std::vector<Match> matches = read_matches(path, component, needs_directory);
        // Sorting each directory's names as "name/" (when a slash follows) yields the byte order
        // of the whole pathnames without a global sort: `a-b/` sorts before `a/` as `a-b/x`
        // does before `a/x`, and no "name/" is a prefix of another.
        const bool slash_follows = component.slashes_after > 0;
        std::sort(matches.begin(), matches.end(), [slash_follows](const Match& x, const Match& y) {
            return sorts_before(x.name, y.name, slash_follows);
        });
        for (const Match& match : matches) {
            path += match.name;
            path.append(component.slashes_after, '/');
            if (!last) {
                walk(path, index + 1, false);
            } else if (!slash_follows || match.type == DT_DIR) {
                paths_.push_back(path);
            } else {
                // `name/`: stat follows a symlink and fails unless it ends at a directory.
                struct stat status;
                if (stat(path.c_str(), &status) == 0 && S_ISDIR(status.st_mode))
                    paths_.push_back(path);
            }
            path.resize(mark);
        }
    }

private:
    const std::vector<Component>& components_;
    std::vector<std::string>& paths_;
};

} // namespace

std::size_t expand_pathname(std::string_view pattern, std::vector<std::string>& paths) {
    // The common non-glob word (`[`, `a[b`) leaves before anything is allocated.
    if (!has_glob_characters(pattern)) return 0;
    // Split into the leading slashes and components separated by runs of slashes. A quoted
    // slash (`\/`) is still a separator: quoting cannot make `/` part of a name.
    std::size_t leading_slashes = 0;
    std::vector<Component> components;
    bool any_glob = false;
    std::size_t i = 0;
    const std::size_t size = pattern.size();
    auto slash_at = [&](std::size_t at, std::size_t& width) {
        if (at < size && pattern[at] == '/') return width = 1, true;
        if (at + 1 < size && pattern[at] == '\\' && pattern[at + 1] == '/') return width = 2, true;
        return false;
    };
    std::size_t width = 0;
    while (slash_at(i, width)) {
        ++leading_slashes;
        i += width;
    }
    while (i < size) {
        const std::size_t begin = i;
        while (i < size && !slash_at(i, width)) i += (pattern[i] == '\\' && i + 1 < size) ? 2 : 1;
        Component component;
        component.pattern = pattern.substr(begin, i - begin);
        while (slash_at(i, width)) {
            ++component.slashes_after;
            i += width;
        }
        component.globs = has_glob_characters(component.pattern);
        if (component.globs) any_glob = true;
        else component.literal = remove_pattern_escapes(component.pattern);
        components.push_back(std::move(component));
    }
    if (!any_glob) return 0;

    const std::size_t first_new = paths.size();
    std::string path(leading_slashes, '/');
    path.reserve(256);
    Walker(components, paths).walk(path, 0, false); // appends in sorted order
    return paths.size() - first_new;
}

std::vector<std::string> expand_pathname(std::string_view pattern) {
    std::vector<std::string> paths;
    expand_pathname(pattern, paths);
    return paths;
}

} // namespace spawnsh::expand
