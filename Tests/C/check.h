/* A tiny check counter for the C tests: each CHECK prints only on failure,
 * and the program ends with the plain "N passed, N failed" line. */
#ifndef NDIS_CHIMNEY_TEST_CHECK_H
#define NDIS_CHIMNEY_TEST_CHECK_H
#include <stdio.h>

static int check_passed, check_failed;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (cond) {                                                          \
            check_passed++;                                                  \
        } else {                                                             \
            check_failed++;                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                  \
        }                                                                    \
    } while (0)

#define CHECK_EQ(actual, expected)                                              \
    do {                                                                        \
        long long check_a_ = (long long)(actual), check_e_ = (long long)(expected); \
        if (check_a_ == check_e_) {                                             \
            check_passed++;                                                     \
        } else {                                                                \
            check_failed++;                                                     \
            fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__,    \
                    __LINE__, #actual, check_a_, check_e_);                     \
        }                                                                       \
    } while (0)

static int check_summary(const char *what) {
    printf("%s: %d passed, %d failed\n", what, check_passed, check_failed);
    return check_failed == 0 ? 0 : 1;
}
#endif
