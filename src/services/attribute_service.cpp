#include "services/attribute_service.h"
