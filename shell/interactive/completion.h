// Tab completion's decisions, without the line editor: what kind of word is under the cursor,
// and the candidates for the kinds that are not file names. readline_source.cpp feeds readline
// with these (file names come from readline's own generator, quoted with backslashes);
// line_editor.cpp uses them and file_candidates.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spawnsh {

class Shell;

// Where a word to complete begins: the characters that end the word before it (both editors).
inline constexpr char kCompletionWordBreaks[] = " \t\n\"'<>;|&()=";
// Characters that a file name completed into the line gets a backslash before (`~` only past
// the first byte, where it is not a tilde expansion).
inline constexpr char kSpecialInFileNames[] = " \t\n\\\"'@<>=;|&()#$`?*[]!{}~";

// Whether text[at] is quoted by the backslashes before it (an odd number): `my\ file` is one
// word.
inline bool escaped_at(std::string_view text, std::size_t at) {
  std::size_t backslashes = 0;
  while (at > backslashes && text[at - backslashes - 1] == '\\') ++backslashes;
  return backslashes % 2 == 1;
}

// A completed file name as it goes into the line: a backslash before each of
// kSpecialInFileNames (a leading `~` stays a tilde expansion). Both editors.
std::string backslash_quote_file_name(std::string_view name);
// The word as the file system names it: each backslash-quoted character without its backslash.
std::string backslash_dequote(std::string_view word);

enum class WordKind {
  Command,   // the first word of a simple command, also after sudo, command, exec and time
  File,      // any other word, or a command word with a slash in it
  Variable,  // $NAME or ${NAME at the end of the word
  User,      // ~user, before any slash
  Job,       // %job
};

// `before` is the line up to the start of `word`.
WordKind classify_word(std::string_view before, std::string_view word);

// Candidates for `word` (whole words, as they replace it), sorted, without duplicates: for
// Command the builtins, functions, aliases, reserved words and the programs on PATH; for
// Variable `$NAME`/`${NAME}` with whatever came before the `$` kept; for User `~name/`; for Job
// `%n` of each job. File has none here.
std::vector<std::string> completion_candidates(const Shell& shell, WordKind kind,
                                               std::string_view word);

// File names for a File word (its quoting already removed), whole as they replace it, sorted: a
// directory ends in '/'. A leading `~/` is read as $HOME and kept in the candidates; names
// starting with '.' only when the word's last part does. (The readline build uses readline's
// own generator; spawnsh's line editor uses this.)
std::vector<std::string> file_candidates(std::string_view word, const std::string* home);

}  // namespace spawnsh
