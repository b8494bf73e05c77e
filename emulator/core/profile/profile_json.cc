#include "emulator/core/profile/profile_json.h"
