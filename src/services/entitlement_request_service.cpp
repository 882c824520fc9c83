#include "services/entitlement_request_service.h"
