/* lexicon.h — what jieba's dictionary knows about short words (data/words.inc, made by
 * tools/gen-words): how common a one- or two-character word is, and how common the names are
 * that begin or end with a few characters. The resolver weighs the two to tell a country
 * abbreviation glued to a word (阿和平, 伊援助, 向阿) from a name that merely starts or ends
 * with the same character (阿特马尔, 奥巴马). It also knows the words jieba tags as names of
 * persons, places and organisations, which the trained NER layer reads as features. */
#ifndef XINWEN_LEXICON_H
#define XINWEN_LEXICON_H

#include <stddef.h>
#include <stdint.h>

enum word_class {
    WORD_OTHER,    /* nouns, adverbs, adjectives … */
    WORD_FUNCTION, /* conjunctions, prepositions, particles: 和 与 向 于 的 */
    WORD_VERB,
};

/* The frequency of cps[0..len) as a common word that is not a name (len 1 or 2), or 0;
 * sets *cls (may be NULL) when found. */
uint32_t lexicon_word(const int32_t *cps, size_t len, enum word_class *cls);

/* The highest frequency of a name (person, place, organisation) that begins or ends with
 * cps[0..len) (len 2 or 3), or 0. Only names that begin or end with a country abbreviation
 * are known. */
uint32_t lexicon_name_piece(const int32_t *cps, size_t len);

/* The kinds of proper name jieba's dictionary gives a word (bits, any combination). */
enum lexicon_proper {
    LEXICON_PERSON = 1, /* nr nrt nrfg */
    LEXICON_PLACE = 2,  /* ns */
    LEXICON_ORG = 4,    /* nt */
    LEXICON_LONGER = 8, /* a longer name begins with this word */
};

/* Proper names are known up to this many characters. */
#define LEXICON_PROPER_MAX 10

/* The enum lexicon_proper bits of the words that begin cps[0..n): kinds[len] for cps[0..len),
 * 0 when no name is or begins with it, for len from 2 to the number returned; the look-ups stop
 * at a word no longer name begins with, at n, or at LEXICON_PROPER_MAX. Names are kept as
 * 64-bit hashes, so a word that is not one is taken for one with a chance of about 1 in 10^14. */
size_t lexicon_proper_prefixes(const int32_t *cps, size_t n, uint8_t kinds[LEXICON_PROPER_MAX + 1]);

#endif
