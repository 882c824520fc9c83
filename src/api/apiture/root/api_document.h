// The documents of the API root: the root resource (getApi) and the OpenAPI 3 document
// (getApiDoc). The OpenAPI document is generated from the route table (routes.cpp), so every
// path, method and operationId Roster serves is in it and nothing else; the per-operation text
// comes from one table in api_document.cpp.
#pragma once

#include <boost/json.hpp>
#include <span>
#include <string_view>

namespace roster::api::apiture {

inline constexpr std::string_view kApiVersion = "0.40.1";

// What the route table does not say about an operation.
struct OperationDoc {
  std::string_view operation_id;
  std::string_view summary;
  std::string_view tag;
  int status = 200;             // the success status
  bool api_key_only = false;    // no bearer token needed (getApi, getApiDoc, getLabels, ...)
  std::string_view body_media;  // the request body's media type; "" when none
};

std::span<const OperationDoc> OperationDocs();

// The `root` resource: links to the collections and operations of the API.
boost::json::object ApiRoot();

// The OpenAPI 3.0 document (built once; thread-safe).
const boost::json::object& OpenApiDocument();

}  // namespace roster::api::apiture
