// Correlation ids: the per-request tag echoed in the Correlation-Id header and the access log.
#pragma once

#include <string>
#include <string_view>

namespace roster::http {

inline constexpr std::size_t kMaxCorrelationIdLength = 64;

// True for 1..64 characters of [A-Za-z0-9-_.]: what the server accepts from a client. Anything
// else is replaced, so a client cannot inject text into headers or logs.
bool IsValidCorrelationId(std::string_view id);

// 16 lowercase hex characters from a per-thread generator. Unique enough to find a request in the
// logs; not a secret, so no cryptographic randomness. Thread-safe.
std::string NewCorrelationId();

}  // namespace roster::http
