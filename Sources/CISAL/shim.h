#ifndef KABAR_CISAL_SHIM_H
#define KABAR_CISAL_SHIM_H

#include <isa-l/igzip_lib.h>

/// The level buffer ISA-L's deflate wants at each level (its `ISAL_DEF_LVLn_DEFAULT`; 0 for level 0).
static inline unsigned int kabar_isal_level_buffer_size(int level) {
    switch (level) {
    case 1: return ISAL_DEF_LVL1_DEFAULT;
    case 2: return ISAL_DEF_LVL2_DEFAULT;
    case 3: return ISAL_DEF_LVL3_DEFAULT;
    default: return ISAL_DEF_LVL0_DEFAULT;
    }
}

#endif
