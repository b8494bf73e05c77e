// The one way the project includes Boost.Asio.
#pragma once

// clang-format off
// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>; g++ 12 then
// fails inside Asio unless <utility> comes first. Remove when Boost >= 1.75 is the floor.
#include <utility>
#include <boost/asio.hpp>
// clang-format on
