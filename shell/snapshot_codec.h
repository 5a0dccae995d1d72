// The byte coding of snapshots (shell/snapshot.h), shared by the sections that follow one (the
// emulated backend's continuation, shell/exec/emulated_child.cpp): fixed-width little-endian
// integers, strings as a u64 length and their bytes, flags as one byte 0 or 1. A Reader never
// reads past its data: every shortfall is a SnapshotError naming what was being read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shell/snapshot.h"

namespace spawnsh::snapshot::codec {

// Writes into a buffer of its own, except that a long string (a big variable value) can be left
// where it lives and only referred to (`by_reference`): the result is then a list of pieces that
// are written out with one writev, each byte copied once, by the kernel, into the state file.
class Writer {
 public:
  // Strings of at least this many bytes are referred to, not copied, in by-reference mode.
  static constexpr std::size_t kReferenceMin = 4096;

  explicit Writer(bool by_reference = false) : by_reference_(by_reference) {}

  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void flag(bool v) { u8(v ? 1 : 0); }
  void u32(std::uint32_t v) { fixed(v, 4); }
  void u64(std::uint64_t v) { fixed(v, 8); }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void string(std::string_view s) {
    u64(s.size());
    raw(s);
  }
  // Bytes with no length before them (another section, already coded).
  void raw(std::string_view s) {
    if (by_reference_ && s.size() >= kReferenceMin) {
      pieces_.push_back({out_.size(), s});
      referred_ += s.size();
    } else {
      out_.append(s);
    }
  }
  bool by_reference() const { return by_reference_; }
  // Everything written so far, counting the bytes referred to.
  std::size_t size() const { return out_.size() + referred_; }
  // The own buffer: for reserving room and patching bytes already written (a length).
  std::string& bytes() { return out_; }

  // The whole, in order: own bytes between the strings referred to. Valid while the Writer and
  // the strings it refers to are.
  std::vector<std::string_view> pieces() const {
    std::vector<std::string_view> all;
    all.reserve(2 * pieces_.size() + 1);
    std::size_t from = 0;
    for (const Reference& r : pieces_) {
      if (r.at > from) all.emplace_back(out_.data() + from, r.at - from);
      all.push_back(r.text);
      from = r.at;
    }
    if (out_.size() > from) all.emplace_back(out_.data() + from, out_.size() - from);
    return all;
  }
  // The whole as one string.
  std::string flatten() const {
    if (pieces_.empty()) return out_;
    std::string all;
    all.reserve(size());
    for (std::string_view piece : pieces()) all.append(piece);
    return all;
  }

 private:
  struct Reference {
    std::size_t at;  // where in out_ the string comes
    std::string_view text;
  };
  void fixed(std::uint64_t v, int width) {
    char bytes[8];
    for (int i = 0; i < width; ++i) bytes[i] = static_cast<char>((v >> (8 * i)) & 0xff);
    out_.append(bytes, static_cast<std::size_t>(width));
  }
  bool by_reference_;
  std::string out_;
  std::vector<Reference> pieces_;
  std::size_t referred_ = 0;
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
  std::string string(const char* what) { return std::string(view(what)); }
  // The same string, not copied: valid while the data is.
  std::string_view view(const char* what) {
    std::uint64_t size = u64(what);
    need(size, what);
    std::string_view s = data_.substr(pos_, static_cast<std::size_t>(size));
    pos_ += static_cast<std::size_t>(size);
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
