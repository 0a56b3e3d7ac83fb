#ifndef KABAR_CLIBDEFLATE_SHIM_H
#define KABAR_CLIBDEFLATE_SHIM_H

#include <libdeflate.h>

#endif
