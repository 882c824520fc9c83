#include "services/challenge_service.h"

namespace roster::services {}  // namespace roster::services
