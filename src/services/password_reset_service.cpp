#include "services/password_reset_service.h"
