#include "shell/timing/time_format.h"

#include <cstdio>

namespace spawnsh::timing {

std::string format_seconds(std::chrono::microseconds t, int precision, bool long_form) {
  long long us = t.count() < 0 ? 0 : static_cast<long long>(t.count());
  long long seconds = us / 1'000'000;
  long long fraction = us % 1'000'000;
  std::string out;
  if (long_form) {
    out = std::to_string(seconds / 60) + "m";
    seconds %= 60;
  }
  out += std::to_string(seconds);
  if (precision > 0) {
    long long divisor = 1;
    for (int i = precision; i < 6; ++i) divisor *= 10;
    std::string digits = std::to_string(fraction / divisor);
    out += '.';
    out.append(static_cast<std::size_t>(precision) - digits.size(), '0');
    out += digits;
  }
  if (long_form) out += 's';
  return out;
}

std::string backend_list(const std::vector<spawn::Backend>& backends) {
  if (backends.empty()) return "none";
  std::string out;
  for (spawn::Backend b : backends) {
    if (!out.empty()) out += '+';
    out += spawn::backend_name(b);
  }
  return out;
}

std::string format_time(std::string_view format, const JobFigures& f,
                        std::vector<std::string>* unknown) {
  std::string out;
  out.reserve(format.size() + 32);
  const std::size_t n = format.size();
  for (std::size_t i = 0; i < n; ++i) {
    char c = format[i];
    if (c != '%') {
      out += c;
      continue;
    }
    const std::size_t escape = i;
    if (i + 1 >= n) {  // a lone % at the end stays, as bash leaves it
      out += '%';
      break;
    }
    char e = format[++i];
    switch (e) {
    case '%': out += '%'; continue;
    case 'P': {
      long long real = f.real.count();
      long long cpu = (f.usage.user + f.usage.system).count();
      long long hundredths = real > 0 ? cpu * 10000 / real : 0;  // percent * 100
      char text[32];
      std::snprintf(text, sizeof text, "%lld.%02lld", hundredths / 100, hundredths % 100);
      out += text;
      continue;
    }
    case 'M': out += std::to_string(f.usage.max_rss_kib); continue;
    case 'F': out += std::to_string(f.usage.major_faults); continue;
    case 'm': out += std::to_string(f.usage.minor_faults); continue;
    case 'w': out += std::to_string(f.usage.voluntary_switches); continue;
    case 'c': out += std::to_string(f.usage.involuntary_switches); continue;
    case 'I': out += std::to_string(f.usage.block_inputs); continue;
    case 'O': out += std::to_string(f.usage.block_outputs); continue;
    case 'B': out += backend_list(f.backends); continue;
    case 'N': out += std::to_string(f.processes); continue;
    default: break;
    }
    // %[p][l]R|U|S
    int precision = 3;
    if (e >= '0' && e <= '9') {
      precision = e - '0' > 6 ? 6 : e - '0';
      e = i + 1 < n ? format[++i] : '\0';
    }
    bool long_form = false;
    if (e == 'l') {
      long_form = true;
      e = i + 1 < n ? format[++i] : '\0';
    }
    std::chrono::microseconds value;
    if (e == 'R') {
      value = f.real;
    } else if (e == 'U') {
      value = f.usage.user;
    } else if (e == 'S') {
      value = f.usage.system;
    } else {
      // Unknown: copied as written (up to the end of the text if it ran out there).
      std::size_t stop = e == '\0' ? n : i + 1;
      std::string written(format.substr(escape, stop - escape));
      out += written;
      if (unknown != nullptr) unknown->push_back(written);
      i = stop - 1;
      continue;
    }
    out += format_seconds(value, precision, long_form);
  }
  return out;
}

}  // namespace spawnsh::timing
