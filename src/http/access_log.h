// The access-log line: one JSON object per answered request.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace roster::http {

struct AccessLogEntry {
  std::string_view method;
  std::string_view target;  // the query string is dropped: it may carry credentials
  unsigned status = 0;
  std::size_t bytes = 0;  // response body size
  double duration_ms = 0;
  std::string_view remote;
  std::string_view correlation_id;
};

// {"event":"request","method":..,"path":..,"status":..,"bytes":..,"duration_ms":..,
//  "remote":..,"correlation_id":..}
std::string FormatAccessLog(const AccessLogEntry& entry);

}  // namespace roster::http
