#include "emulator/core/hello/client_hello.h"
