#pragma once

#include "core/model.h"

namespace roster::ports {

// Wall-clock time, UTC, second precision. Thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual core::TimePoint Now() = 0;
};

// The real clock.
class SystemClock final : public Clock {
 public:
  core::TimePoint Now() override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

}  // namespace roster::ports
