#include "services/auth_context_service.h"
