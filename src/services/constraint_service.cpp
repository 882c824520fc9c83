#include "services/constraint_service.h"

namespace roster::services {}  // namespace roster::services
