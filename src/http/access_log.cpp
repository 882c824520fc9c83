#include "http/access_log.h"

#include <boost/json.hpp>

namespace roster::http {

std::string FormatAccessLog(const AccessLogEntry& entry) {
  const std::string_view path = entry.target.substr(0, entry.target.find('?'));
  boost::json::object line;
  line.reserve(8);
  line.emplace("event", "request");
  line.emplace("method", entry.method);
  line.emplace("path", path);
  line.emplace("status", entry.status);
  line.emplace("bytes", entry.bytes);
  line.emplace("duration_ms", entry.duration_ms);
  line.emplace("remote", entry.remote);
  line.emplace("correlation_id", entry.correlation_id);
  return boost::json::serialize(line);
}

}  // namespace roster::http
