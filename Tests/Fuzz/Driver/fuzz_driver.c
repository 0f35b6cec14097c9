#include "fuzz_driver.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Present only when libFuzzer is linked in. */
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))
    __attribute__((weak));

static int replay_file(const char *path, ndis_chimney_fuzz_target target) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        perror(path);
        return 1;
    }
    uint8_t *data = NULL;
    size_t size = 0, capacity = 0;
    for (;;) {
        if (size == capacity) {
            capacity = capacity ? 2 * capacity : 4096;
            uint8_t *grown = realloc(data, capacity);
            if (grown == NULL) {
                free(data);
                fclose(file);
                return 1;
            }
            data = grown;
        }
        size_t got = fread(data + size, 1, capacity - size, file);
        size += got;
        if (got == 0) break;
    }
    fclose(file);
    /* An exact-size copy, so AddressSanitizer sees a read past the input. */
    uint8_t *exact = malloc(size ? size : 1);
    if (exact == NULL) {
        free(data);
        return 1;
    }
    memcpy(exact, data, size);
    free(data);
    target(exact, size);
    free(exact);
    return 0;
}

void ndis_chimney_fuzz_main(int argc, char **argv, ndis_chimney_fuzz_target target) {
    if (LLVMFuzzerRunDriver) exit(LLVMFuzzerRunDriver(&argc, &argv, target));
    int replayed = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat info;
        if (stat(argv[i], &info) == 0 && S_ISDIR(info.st_mode)) {
            DIR *directory = opendir(argv[i]);
            struct dirent *entry;
            while (directory && (entry = readdir(directory)) != NULL) {
                if (entry->d_name[0] == '.') continue;
                char path[4096];
                snprintf(path, sizeof path, "%s/%s", argv[i], entry->d_name);
                failed += replay_file(path, target);
                replayed++;
            }
            if (directory) closedir(directory);
        } else if (argv[i][0] != '-') {
            failed += replay_file(argv[i], target);
            replayed++;
        }
    }
    printf("replayed %d inputs: %d passed, %d failed\n", replayed, replayed - failed, failed);
    exit(failed != 0);
}
