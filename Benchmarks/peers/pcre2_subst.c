/*
 * pcre2_subst: the C baseline for the piimask benchmark.
 *
 *     pcre2_subst PATTERN_FILE < in > out
 *
 * PATTERN_FILE holds one "ENTITY<TAB>PCRE2 pattern" per line (the runner writes it from
 * Patterns/<ENTITY>.yaml). Each input line is run through one pcre2_substitute pass per pattern, JIT
 * compiled, PCRE2_SUBSTITUTE_GLOBAL, replacing every match with "[ENTITY]": the straightforward way to
 * mask PII with a fast regex library, and the baseline the piimask issues name. No validators run, so
 * the corpora plant only valid PII and nothing else that the patterns match.
 *
 * Build: cc -O2 -o pcre2_subst pcre2_subst.c $(pkg-config --cflags --libs libpcre2-8)
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PATTERNS 16

typedef struct {
    pcre2_code *code;
    char replacement[80];
} Pass;

static void die(const char *what, const char *detail) {
    fprintf(stderr, "pcre2_subst: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(2);
}

static size_t load_passes(const char *path, Pass *passes) {
    FILE *file = fopen(path, "r");
    if (!file) die("cannot open pattern file", path);
    char *line = NULL;
    size_t capacity = 0, count = 0;
    ssize_t length;
    while ((length = getline(&line, &capacity, file)) > 0) {
        while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r')) line[--length] = 0;
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = 0;
        if (count == MAX_PATTERNS) die("too many patterns", path);
        int error;
        PCRE2_SIZE offset;
        pcre2_code *code = pcre2_compile((PCRE2_SPTR)(tab + 1), PCRE2_ZERO_TERMINATED, 0, &error,
                                         &offset, NULL);
        if (!code) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(error, message, sizeof message);
            die((const char *)message, line);
        }
        if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0) die("JIT compile failed", line);
        passes[count].code = code;
        snprintf(passes[count].replacement, sizeof passes[count].replacement, "[%s]", line);
        count++;
    }
    free(line);
    fclose(file);
    return count;
}

int main(int argc, char **argv) {
    if (argc != 2) die("usage: pcre2_subst PATTERN_FILE < in > out", NULL);
    Pass passes[MAX_PATTERNS];
    size_t count = load_passes(argv[1], passes);
    if (count == 0) die("no patterns in", argv[1]);

    pcre2_match_data *match_data = pcre2_match_data_create(16, NULL);
    pcre2_jit_stack *stack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
    pcre2_match_context *context = pcre2_match_context_create(NULL);
    pcre2_jit_stack_assign(context, NULL, stack);

    /* Two buffers swap roles from pass to pass; each grows as needed and is reused for every line. */
    size_t size[2] = {1 << 16, 1 << 16};
    char *buffer[2] = {malloc(size[0]), malloc(size[1])};
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    static char out_buffer[1 << 16];
    setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);

    while ((length = getline(&line, &capacity, stdin)) > 0) {
        const char *subject = line;
        size_t subject_length = (size_t)length;
        int target = 0;
        for (size_t p = 0; p < count; p++) {
            for (;;) {
                PCRE2_SIZE out_length = size[target];
                int rc = pcre2_substitute(passes[p].code, (PCRE2_SPTR)subject, subject_length, 0,
                                          PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
                                          match_data, context, (PCRE2_SPTR)passes[p].replacement,
                                          PCRE2_ZERO_TERMINATED, (PCRE2_UCHAR *)buffer[target],
                                          &out_length);
                if (rc >= 0) {
                    subject = buffer[target];
                    subject_length = out_length;
                    target ^= 1;
                    break;
                }
                if (rc != PCRE2_ERROR_NOMEMORY) {
                    PCRE2_UCHAR message[256];
                    pcre2_get_error_message(rc, message, sizeof message);
                    die("substitute failed", (const char *)message);
                }
                size[target] = out_length + 1;
                buffer[target] = realloc(buffer[target], size[target]);
                if (!buffer[target]) die("out of memory", NULL);
            }
        }
        fwrite(subject, 1, subject_length, stdout);
    }
    fflush(stdout);
    return ferror(stdout) ? 1 : 0;
}
