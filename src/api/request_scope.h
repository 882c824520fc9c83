// How both dialects run a handler: the one place that decides which requests share one read
// transaction.
#pragma once

#include <utility>

#include "http/message.h"
#include "ports/store.h"

namespace roster::api {

// A request that only reads (http::OnlyReads) authenticates its caller and runs the handler's
// reads in one read transaction (ports::ReadScope: one snapshot, one BEGIN/COMMIT). Everything else
// runs as it is: writes open their own transactions, and the other lanes must not touch the
// store on this path (the inline lane runs on an I/O thread).
template <class F>
auto RunHandler(ports::Store& store, http::Lane lane, const http::Request& request, F&& handler) {
  if (http::OnlyReads(lane, request.method())) {
    return ports::ReadScope(store, std::forward<F>(handler));
  }
  return handler();
}

}  // namespace roster::api
