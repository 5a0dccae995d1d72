// Signal names without the SIG prefix ("INT", "RTMIN+3"), both ways: for kill, trap and the
// messages about signalled jobs.
#pragma once

#include <csignal>
#include <string>
#include <string_view>

namespace spawnsh {

// One past the highest signal number.
inline constexpr int kSignalLimit = NSIG;

// The name of a signal without SIG: "HUP", "RTMIN", "RTMIN+1"... "RTMAX"; empty when the
// number is not a signal with a name (0, the two real-time signals glibc keeps, out of range).
std::string signal_name(int number);

// The number of a signal name: "INT"; also "SIGINT" and any case ("int", "sigint") when
// `loose` (for kill -s; trap is told by POSIX to take the plain upper-case name); and "RTMIN+n",
// "RTMAX-n"; also the old aliases IOT, POLL, CLD. -1 when it names no signal. Not numbers.
int signal_number(std::string_view name, bool loose = true);

// A signal given by name (as signal_number) or by decimal number in [0, kSignalLimit): the
// number, or -1.
int parse_signal(std::string_view text, bool loose = true);

}  // namespace spawnsh
