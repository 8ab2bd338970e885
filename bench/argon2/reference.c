/* argon2id at the benchmark's parameters (m=19456 KiB, t=2, p=1) with the reference
 * implementation that idp links (argon2-kdf's copy), alternating four ways of giving it
 * memory: 4 KiB or 2 MiB (transparent huge) pages, with and without its wipe after each hash.
 * Built and run by bench/argon2.sh. Usage: reference [t m_kib]  (default 2 19456) */
#define _GNU_SOURCE
#include <argon2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

extern int FLAG_clear_internal_memory;
static unsigned char *lent;

static int lend(uint8_t **memory, size_t bytes) { (void)bytes; *memory = lent; return 0; }
static void give_back(uint8_t *memory, size_t bytes) { (void)memory; (void)bytes; }
static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}
static unsigned char *area(size_t bytes, int huge) {
  size_t align = 2 << 20;
  unsigned char *raw = mmap(0, bytes + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) { perror("mmap"); exit(1); }
  unsigned char *p = (unsigned char *)(((size_t)raw + align - 1) / align * align);
  madvise(p, bytes, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  memset(p, 1, bytes);
  return p;
}

#define N 60
int main(int argc, char **argv) {
  unsigned t_cost = argc > 2 ? (unsigned)atoi(argv[1]) : 2, m_cost = argc > 2 ? (unsigned)atoi(argv[2]) : 19456;
  unsigned char *areas[2] = {area((size_t)m_cost * 1024, 0), area((size_t)m_cost * 1024, 1)};
  static double ms[4][N];
  uint8_t out[32], salt[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  for (int i = 0; i < N; i++)
    for (int v = 0; v < 4; v++) {
      lent = areas[v & 1];
      FLAG_clear_internal_memory = v >> 1;
      argon2_context c;
      memset(&c, 0, sizeof c);
      c.out = out; c.outlen = 32;
      c.pwd = (uint8_t *)"correct horse battery staple"; c.pwdlen = 28;
      c.salt = salt; c.saltlen = 16;
      c.t_cost = t_cost; c.m_cost = m_cost; c.lanes = 1; c.threads = 1;
      c.version = ARGON2_VERSION_13;
      c.allocate_cbk = lend; c.free_cbk = give_back;
      double a = now_ms();
      if (argon2_ctx(&c, Argon2_id) != ARGON2_OK) { fputs("argon2 failed\n", stderr); return 1; }
      ms[v][i] = now_ms() - a;
    }
  const char *names[4] = {"4 KiB pages, no wipe", "huge pages, no wipe", "4 KiB pages, wipe", "huge pages, wipe (idp)"};
  for (int v = 0; v < 4; v++) {
    qsort(ms[v], N, sizeof(double), by_value);
    printf("C reference t=%u m=%u  %-24s min %6.2f  p25 %6.2f  p50 %6.2f ms\n", t_cost, m_cost, names[v], ms[v][0], ms[v][N / 4], ms[v][N / 2]);
  }
  return 0;
}
