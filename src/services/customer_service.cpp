#include "services/customer_service.h"
