#include "services/tracking_service.h"

namespace roster::services {}  // namespace roster::services
