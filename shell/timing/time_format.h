// TIMEFORMAT: bash's escapes, and ours for the rest of what wait4's rusage gives.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "shell/timing/job_timing.h"

namespace spawnsh::timing {

// bash's default, used when TIMEFORMAT is unset.
inline constexpr std::string_view kDefaultTimeFormat = "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS";
// time -p (XCU time, the utility's -p format).
inline constexpr std::string_view kPosixTimeFormat = "real %2R\nuser %2U\nsys %2S";

// Expands `format` for `f`, without the newline bash adds after it:
//   %%              a percent sign
//   %[p][l]R U S    real, user, system seconds; p = digits after the point, 0-6 (default 3,
//                   bash stops at 3); l = the long form MmS.FFFs
//   %P              (user + system) / real, as a percentage with two decimals
//   %M max RSS (KiB)  %F major faults  %m minor faults  %w voluntary and %c involuntary
//   context switches  %I blocks read  %O blocks written  %B the backends that made the
//   processes (vfork, posix_spawn+fork ...)  %N the number of processes
// Anything else after % is copied as written and its text added to `unknown`.
std::string format_time(std::string_view format, const JobFigures& f,
                        std::vector<std::string>* unknown = nullptr);

// Seconds as bash writes them: `precision` digits after the point (none for 0), truncated;
// `long_form`: minutes first, "1m5.250s".
std::string format_seconds(std::chrono::microseconds t, int precision, bool long_form);

// The names of the backends joined by '+', or "none".
std::string backend_list(const std::vector<spawn::Backend>& backends);

}  // namespace spawnsh::timing
