/* main.c — xinwen's entry point: parse the command line, run the command, map to an exit code. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>

#include "cli.h"
#include "emit.h"
#include "gazetteer.h"
#include "ner_layer.h"
#include "pool.h"
#include "summary.h"
#include "tag.h"

int main(int argc, char **argv)
{
    /* Hidden: the option table, for the test that keeps --help and the man page complete. */
    if (argc == 2 && strcmp(argv[1], "--list-options") == 0) {
        cli_list_options(stdout);
        return EXIT_OK;
    }

    struct config config;
    enum cli_outcome outcome = cli_parse(argc, argv, &config);
    if (outcome != CLI_RUN) {
        cli_free(&config);
        if (outcome == CLI_DONE && (fflush(stdout) != 0 || ferror(stdout))) {
            fputs("xinwen: writing output failed\n", stderr);
            return EXIT_USAGE;
        }
        return outcome == CLI_DONE ? EXIT_OK : EXIT_USAGE;
    }

    struct user_dict *dict = NULL;
    if (config.dict_path) {
        char err[512];
        dict = user_dict_load(config.dict_path, err, sizeof err);
        if (!dict) {
            fprintf(stderr, "xinwen: %s\n", err);
            cli_free(&config);
            return EXIT_USAGE;
        }
        config.dict = dict;
    }
    struct ner_layer *layer = NULL;
    if (config.layer_path) {
        char err[512];
        layer = ner_layer_load(config.layer_path, err, sizeof err);
        if (!layer) {
            fprintf(stderr, "xinwen: %s\n", err);
            user_dict_free(dict);
            cli_free(&config);
            return EXIT_USAGE;
        }
        config.layer = layer;
    }

    /* A closed pipe is reported by write() as EPIPE and ends the run quietly. */
    signal(SIGPIPE, SIG_IGN);
    static char out_buffer[1 << 16];
    setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    xmlInitParser();

    enum exit_status status;
    if (config.command == CMD_TAG) {
        status = tag_run(&config);
    } else if (config.command == CMD_SUMMARY) {
        status = summary_run(&config);
    } else if (config.command == CMD_MERGE) {
        status = merge_run(&config);
    } else {
        record_renderer render = config.command == CMD_META       ? emit_meta
                                 : config.command == CMD_ARTICLES ? emit_articles
                                 : config.command == CMD_MENTIONS ? emit_mentions
                                                                  : emit_text;
        struct pool_output output = {emit_framing(&config), NULL, NULL};
        status = pool_run(&config, render, &output, NULL);
    }

    xmlCleanupParser();
    ner_layer_free(layer);
    user_dict_free(dict);
    cli_free(&config);
    return status;
}
