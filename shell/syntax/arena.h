// The memory a parsed tree lives in.
//
// Every node of one parse unit (a complete command from Parser::next_command, a whole program
// from parse_program) is allocated from one Arena by bumping a pointer, and the whole tree is
// freed at once when the arena goes: building a node costs no malloc and freeing the tree walks
// nothing.  For that the nodes are trivially destructible: strings are string_views into the
// arena, lists are ArenaLists, links between nodes are plain pointers.
//
// Ownership: an Arena is always held by a shared_ptr (use Arena::create()).  Whoever keeps part
// of a tree past its parse step keeps the arena alive with shared_ptr's aliasing constructor,
// e.g. the function table: std::shared_ptr<const Command>(arena->shared_from_this(), body).
//
// The few objects that are not trivially destructible and must live as long as the tree (the
// arithmetic module's parsed expressions cached on the nodes) are made with make_owned(), which
// registers their destructor; the arena runs those clean-ups, newest first, when it dies.
//
// Not thread-safe: an arena is used by one thread at a time (the shell's).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <span>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>

namespace spawnsh::syntax {

class Arena : public std::enable_shared_from_this<Arena> {
public:
    static std::shared_ptr<Arena> create() { return std::shared_ptr<Arena>(new Arena()); }
    ~Arena();
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;

    void* allocate(std::size_t size, std::size_t alignment) {
        std::uintptr_t at = (reinterpret_cast<std::uintptr_t>(next_) + alignment - 1) &
                            ~static_cast<std::uintptr_t>(alignment - 1);
        if (at + size > reinterpret_cast<std::uintptr_t>(limit_)) {
            return allocate_slow(size, alignment);
        }
        next_ = reinterpret_cast<char*>(at + size);
        return reinterpret_cast<void*>(at);
    }

    template <class T>
    T* allocate_array(std::size_t count) {
        static_assert(std::is_trivially_destructible_v<T>, "arena memory is never destroyed");
        return static_cast<T*>(allocate(sizeof(T) * count, alignof(T)));
    }

    // A trivially destructible object in the arena.
    template <class T, class... Args>
    T* make(Args&&... args) {
        static_assert(std::is_trivially_destructible_v<T>, "use make_owned for this type");
        return ::new (allocate(sizeof(T), alignof(T))) T(std::forward<Args>(args)...);
    }

    // An object whose destructor runs when the arena dies.
    template <class T, class... Args>
    T* make_owned(Args&&... args) {
        struct Holder {
            Cleanup link;
            T value;
        };
        void* memory = allocate(sizeof(Holder), alignof(Holder));
        auto* holder = ::new (memory) Holder{Cleanup{}, T(std::forward<Args>(args)...)};
        holder->link.destroy = [](Cleanup* link) { reinterpret_cast<Holder*>(link)->~Holder(); };
        holder->link.next = cleanups_;
        cleanups_ = &holder->link;
        return &holder->value;
    }

    // A copy of `text` in the arena.
    std::string_view copy(std::string_view text) {
        const std::size_t size = text.size();
        if (size == 0) return {};
        char* into = static_cast<char*>(allocate(size, 1));
        const char* from = text.data();
        if (size >= 8 && size <= 16) {
            // Most copies are short words: two overlapping fixed-size moves, no memcpy call.
            std::uint64_t head;
            std::uint64_t tail;
            std::memcpy(&head, from, 8);
            std::memcpy(&tail, from + size - 8, 8);
            std::memcpy(into, &head, 8);
            std::memcpy(into + size - 8, &tail, 8);
        } else if (size >= 4 && size < 8) {
            std::uint32_t head;
            std::uint32_t tail;
            std::memcpy(&head, from, 4);
            std::memcpy(&tail, from + size - 4, 4);
            std::memcpy(into, &head, 4);
            std::memcpy(into + size - 4, &tail, 4);
        } else if (size < 4) {
            into[0] = from[0];
            into[size / 2] = from[size / 2];
            into[size - 1] = from[size - 1];
        } else {
            std::memcpy(into, from, size);
        }
        return {into, size};
    }

    // Bytes handed out so far (for tests and measurements).
    std::size_t bytes_used() const {
        return used_before_ + static_cast<std::size_t>(next_ - block_start_);
    }

private:
    struct Cleanup {
        void (*destroy)(Cleanup*) = nullptr;
        Cleanup* next = nullptr;
    };
    struct Block {
        Block* previous;
        std::size_t size;
    };

    Arena() = default;
    void* allocate_slow(std::size_t size, std::size_t alignment);

    char* next_ = nullptr;
    char* limit_ = nullptr;
    char* block_start_ = nullptr;
    Block* blocks_ = nullptr;
    std::size_t next_block_size_ = 4096;
    std::size_t used_before_ = 0;
    Cleanup* cleanups_ = nullptr;
};

// A list of nodes in an arena: contiguous, trivially destructible, grown by doubling (the old
// storage stays in the arena until it dies).  Reads like a const std::vector.
template <class T>
class ArenaList {
public:
    using value_type = T;
    using iterator = T*;
    using const_iterator = const T*;

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T* begin() { return data_; }
    T* end() { return data_ + size_; }
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }
    T* data() { return data_; }
    const T* data() const { return data_; }
    T& operator[](std::size_t index) { return data_[index]; }
    const T& operator[](std::size_t index) const { return data_[index]; }
    const T& at(std::size_t index) const {
        if (index >= size_) throw std::out_of_range("ArenaList::at");
        return data_[index];
    }
    T& front() { return data_[0]; }
    const T& front() const { return data_[0]; }
    T& back() { return data_[size_ - 1]; }
    const T& back() const { return data_[size_ - 1]; }
    operator std::span<const T>() const { return {data_, size_}; }

    // Appends an element made from `args` (value-initialised when there are none) and returns
    // it, so nodes are built in place.
    template <class... Args>
    T& emplace_back(Arena& arena, Args&&... args) {
        if (size_ == capacity_) grow(arena, size_ + 1);
        return *::new (static_cast<void*>(data_ + size_++)) T(std::forward<Args>(args)...);
    }
    void push_back(Arena& arena, const T& value) {
        if (size_ == capacity_) grow(arena, size_ + 1);
        ::new (static_cast<void*>(data_ + size_++)) T(value);
    }
    void insert(Arena& arena, std::size_t index, const T& value) {
        if (size_ == capacity_) grow(arena, size_ + 1);
        std::memmove(static_cast<void*>(data_ + index + 1), static_cast<const void*>(data_ + index),
                     (size_ - index) * sizeof(T));
        ::new (static_cast<void*>(data_ + index)) T(value);
        ++size_;
    }
    void reserve(Arena& arena, std::size_t capacity) {
        if (capacity > capacity_) grow(arena, capacity);
    }
    void clear() { size_ = 0; }
    void pop_back() { --size_; }

private:
    void grow(Arena& arena, std::size_t wanted) {
        static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
        std::size_t capacity = capacity_ == 0 ? 1 : capacity_ * 2;
        if (capacity < wanted) capacity = wanted;
        T* data = arena.allocate_array<T>(capacity);
        if (size_ != 0) {
            std::memcpy(static_cast<void*>(data), static_cast<const void*>(data_),
                        size_ * sizeof(T));
        }
        data_ = data;
        capacity_ = static_cast<std::uint32_t>(capacity);
    }

    T* data_ = nullptr;
    std::uint32_t size_ = 0;
    std::uint32_t capacity_ = 0;
};

}  // namespace spawnsh::syntax
