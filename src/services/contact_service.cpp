#include "services/contact_service.h"

namespace roster::services {}  // namespace roster::services
