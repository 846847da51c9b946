/* FMA throughput of one core (./benchmark.sh peak): 12 independent FMA chains of the widest
   vectors the machine has (AVX-512 where present, else AVX2), and, for comparison, of 256-bit
   vectors, which is what the JVM's Vector API uses on an AVX2-only machine. */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double seconds(struct timespec a, struct timespec b) {
  return (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
}

static void avx2(long iters) {
  __m256 a[12]; __m256 b = _mm256_set1_ps(1.0000001f), c = _mm256_set1_ps(1e-7f);
  for (int i = 0; i < 12; i++) a[i] = _mm256_set1_ps(i);
  struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long n = 0; n < iters; n++) for (int i = 0; i < 12; i++) a[i] = _mm256_fmadd_ps(a[i], b, c);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  float lanes[8], sum = 0;
  for (int i = 0; i < 12; i++) { _mm256_storeu_ps(lanes, a[i]); for (int l = 0; l < 8; l++) sum += lanes[l]; }
  printf("%.1f GFLOP/s one core, 256-bit FMA (%g)\n", iters * 12.0 * 16 / seconds(t0, t1) / 1e9, sum);
}

#ifdef __AVX512F__
static void avx512(long iters) {
  __m512 a[12]; __m512 b = _mm512_set1_ps(1.0000001f), c = _mm512_set1_ps(1e-7f);
  for (int i = 0; i < 12; i++) a[i] = _mm512_set1_ps(i);
  struct timespec t0, t1; clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long n = 0; n < iters; n++) for (int i = 0; i < 12; i++) a[i] = _mm512_fmadd_ps(a[i], b, c);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  float sum = 0; for (int i = 0; i < 12; i++) sum += _mm512_reduce_add_ps(a[i]);
  printf("%.1f GFLOP/s one core, 512-bit FMA (%g)\n", iters * 12.0 * 32 / seconds(t0, t1) / 1e9, sum);
}
#endif

int main(void) {
  long iters = 400000000;
#ifdef __AVX512F__
  avx512(iters);
#else
  printf("no AVX-512 on this machine\n");
#endif
  avx2(iters);
  return 0;
}
