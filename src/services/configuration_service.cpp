#include "services/configuration_service.h"

namespace roster::services {}  // namespace roster::services
