// SHA-256 compression with the processor's SHA instructions, when it has them (x86-64 SHA extensions).
// Swift cannot compile one function for an instruction set beyond the build's baseline and choose it
// at run time; C can. Used by SendCheckCore's KeyedHasher, which keeps a portable Swift compression
// for processors without them.
#ifndef CSHA256_H
#define CSHA256_H

#include <stdint.h>

// The 64 round constants (FIPS 180-4 section 4.2.2), for this compression and the portable one.
const uint32_t *csha256_round_constants(void);

// 1 if this processor can run csha256_compress, else 0. Cheap to call, but callers keep the answer.
int csha256_hardware(void);

// Compresses one block into state[8] (a..h). `words` are the block's sixteen message words, already
// read as big-endian numbers. Call only when csha256_hardware() returned 1.
void csha256_compress(uint32_t state[8], const uint32_t words[16]);

#endif
