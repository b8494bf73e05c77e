#include "emulator/core/profile/profile.h"
