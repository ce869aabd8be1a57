// SHA-256 compression (FIPS 180-4 section 6.2.2) with the x86-64 SHA extensions.
//
// The instructions keep the working variables in two registers, ABEF and CDGH (A in the highest
// lane), and do two rounds per sha256rnds2 using the two lowest words of its third operand (the
// schedule words plus the round constants). sha256msg1 and sha256msg2 compute four schedule words
// at a time. The state is converted to and from that layout on entry and exit.
#include "CSHA256.h"

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

const uint32_t *csha256_round_constants(void) { return round_constants; }

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int csha256_hardware(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    // SSSE3 (ecx bit 9) and SSE4.1 (ecx bit 19) for the shuffles and blends.
    if (!(c & (1u << 9)) || !(c & (1u << 19))) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & (1u << 29)) != 0;  // SHA extensions
}

__attribute__((target("sha,sse4.1,ssse3")))
void csha256_compress(uint32_t state[8], const uint32_t words[16]) {
    // (a, b, c, d) and (e, f, g, h), lane 0 first, into ABEF = (f, e, b, a) and CDGH = (h, g, d, c).
    __m128i abcd = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i efgh = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i badc = _mm_shuffle_epi32(abcd, 0xB1);
    __m128i hgfe = _mm_shuffle_epi32(efgh, 0x1B);
    __m128i abef = _mm_alignr_epi8(badc, hgfe, 8);
    __m128i cdgh = _mm_blend_epi16(hgfe, badc, 0xF0);
    const __m128i abef_start = abef;
    const __m128i cdgh_start = cdgh;

    // The schedule, four words per register, as a ring: before group i (i >= 4) computes words
    // 4i...4i+3, m[i % 4] holds words 4i-16..., m[(i+1) % 4] 4i-12..., m[(i+2) % 4] 4i-8... and
    // m[(i+3) % 4] 4i-4....
    __m128i m[4];
    for (int j = 0; j < 4; j++) m[j] = _mm_loadu_si128((const __m128i *)&words[4 * j]);
    for (int i = 0; i < 16; i++) {
        if (i >= 4) {
            __m128i t = _mm_sha256msg1_epu32(m[i % 4], m[(i + 1) % 4]);
            // Words 4i-7...4i-4: the last of the 4i-8 group and the first three of the 4i-4 group.
            t = _mm_add_epi32(t, _mm_alignr_epi8(m[(i + 3) % 4], m[(i + 2) % 4], 4));
            m[i % 4] = _mm_sha256msg2_epu32(t, m[(i + 3) % 4]);
        }
        __m128i wk = _mm_add_epi32(m[i % 4], _mm_loadu_si128((const __m128i *)&round_constants[4 * i]));
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
        // After two rounds the old ABEF holds the new CDGH; the upper two words make the next two.
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
    }
    abef = _mm_add_epi32(abef, abef_start);
    cdgh = _mm_add_epi32(cdgh, cdgh_start);

    // Back to (a, b, c, d) and (e, f, g, h).
    __m128i abef_up = _mm_shuffle_epi32(abef, 0x1B);  // (a, b, e, f)
    __m128i ghcd = _mm_shuffle_epi32(cdgh, 0xB1);     // (g, h, c, d)
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(abef_up, ghcd, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(ghcd, abef_up, 8));
}

#else

int csha256_hardware(void) { return 0; }

void csha256_compress(uint32_t state[8], const uint32_t words[16]) {
    (void)state;
    (void)words;
    __builtin_trap();  // never called: csha256_hardware() is 0 here
}

#endif
