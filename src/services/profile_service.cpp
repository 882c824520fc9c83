#include "services/profile_service.h"

namespace roster::services {}  // namespace roster::services
