// Internal to src/crypto: libsodium start-up shared by every adapter. Include only from .cpp files.
#pragma once

#include <sodium.h>

#include <stdexcept>

namespace roster::crypto {

// Initialises libsodium once per process; safe to call from any thread, any number of times.
// Throws std::runtime_error when libsodium cannot initialise (no usable entropy source).
inline void EnsureSodiumInitialized() {
  // A function-local static is initialised exactly once, even under concurrent first calls.
  static const int kStatus = sodium_init();
  if (kStatus < 0) throw std::runtime_error("libsodium initialisation failed");
}

}  // namespace roster::crypto
