#include "services/account_service.h"
