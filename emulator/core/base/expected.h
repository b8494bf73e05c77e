// Expected<T, E>: a value or an error, for results that network input can make fail.
// Debian 12's g++ 12 has std::expected only under -std=c++2b and clang 14 not at all.
#pragma once

#include <type_traits>
#include <utility>
#include <variant>

namespace schannel_emu {

template <typename E>
struct Unexpected {
  // A constructor, not aggregate initialisation: clang 14 (the fuzz build) cannot
  // deduce Unexpected(error) for an aggregate, which C++20 allows but it predates.
  explicit Unexpected(E value) : error(std::move(value)) {}
  E error;
};
template <typename E>
Unexpected(E) -> Unexpected<E>;

template <typename T, typename E>
class Expected {
 public:
  Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  // Any Unexpected whose payload converts to E, so `return Unexpected{"text"};` works.
  template <typename U>
  requires std::is_constructible_v<E, U> Expected(
      Unexpected<U> failure)  // NOLINT: implicit by design
      : state_(std::in_place_index<1>, E(std::move(failure.error))) {}

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const E& error() const { return std::get<1>(state_); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, E> state_;
};

}  // namespace schannel_emu
