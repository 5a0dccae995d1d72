// What happens to a prompt after parameter expansion: POSIX.1-2024's `!` in PS1, and readline's
// markers around text that takes no room on the screen (colour escape sequences).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace spawnsh {

// Each `!` becomes `number` (the history number of the next command), `!!` a single `!`
// (XCU 2.5.3, PS1, POSIX.1-2024).
std::string expand_history_marks(std::string_view prompt, std::size_t number);

// bash's `\[` and `\]` around text that takes no room on the screen become readline's \1 and
// \2 (an extension: bash users' coloured PS1 works as written; POSIX has no backslash escapes
// in prompts, and a prompt without these pairs is unchanged).
std::string bash_invisible_markers(std::string_view prompt);

// Readline counts every byte of a prompt as a column unless it is between \1 and \2
// (RL_PROMPT_START_IGNORE / RL_PROMPT_END_IGNORE); a coloured prompt without them makes long
// lines wrap in the wrong place. A prompt that has no \1 gets every escape sequence (CSI
// `ESC [ ... letter`, OSC `ESC ] ... BEL or ESC \`, and two-byte `ESC x`) wrapped; one that has
// its own markers is left as its author wrote it.
std::string mark_invisible_sequences(std::string_view prompt);

}  // namespace spawnsh
