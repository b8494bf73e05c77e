#include "emulator/core/profile/verdict.h"
