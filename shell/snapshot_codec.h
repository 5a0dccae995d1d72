// The byte coding of snapshots (shell/snapshot.h), shared by the sections that follow one (the
// emulated backend's continuation, shell/exec/emulated_child.cpp): fixed-width little-endian
// integers, strings as a u64 length and their bytes, flags as one byte 0 or 1. A Reader never
// reads past its data: every shortfall is a SnapshotError naming what was being read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "shell/snapshot.h"

namespace spawnsh::snapshot::codec {

class Writer {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void flag(bool v) { u8(v ? 1 : 0); }
  void u32(std::uint32_t v) { fixed(v, 4); }
  void u64(std::uint64_t v) { fixed(v, 8); }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void string(std::string_view s) {
    u64(s.size());
    out_.append(s);
  }
  std::string& bytes() { return out_; }

 private:
  void fixed(std::uint64_t v, int width) {
    for (int i = 0; i < width; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  std::uint8_t u8(const char* what) {
    need(1, what);
    return static_cast<std::uint8_t>(data_[pos_++]);
  }
  bool flag(const char* what) {
    std::uint8_t v = u8(what);
    if (v > 1) fail(std::string("bad flag for ") + what);
    return v == 1;
  }
  std::uint32_t u32(const char* what) { return static_cast<std::uint32_t>(fixed(4, what)); }
  std::uint64_t u64(const char* what) { return fixed(8, what); }
  std::int64_t i64(const char* what) { return static_cast<std::int64_t>(u64(what)); }
  std::string string(const char* what) {
    std::uint64_t size = u64(what);
    need(size, what);
    std::string s(data_.substr(pos_, size));
    pos_ += size;
    return s;
  }
  // A count of elements that take at least `min_element_size` bytes each: a count the rest of
  // the data cannot hold is refused before anything is allocated for it.
  std::size_t count(const char* what, std::size_t min_element_size) {
    std::uint64_t n = u64(what);
    if (n > remaining() / min_element_size) fail(std::string("impossible count of ") + what);
    return static_cast<std::size_t>(n);
  }
  std::size_t remaining() const { return data_.size() - pos_; }
  std::size_t position() const { return pos_; }

  [[noreturn]] void fail(const std::string& message) const {
    throw SnapshotError("snapshot: " + message + " (at byte " + std::to_string(pos_) + ")");
  }

 private:
  void need(std::uint64_t size, const char* what) const {
    if (size > remaining()) fail(std::string("truncated in ") + what);
  }
  std::uint64_t fixed(int width, const char* what) {
    need(static_cast<std::uint64_t>(width), what);
    std::uint64_t v = 0;
    for (int i = 0; i < width; ++i) {
      v |= static_cast<std::uint64_t>(static_cast<unsigned char>(data_[pos_ + i])) << (8 * i);
    }
    pos_ += static_cast<std::size_t>(width);
    return v;
  }

  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace spawnsh::snapshot::codec
