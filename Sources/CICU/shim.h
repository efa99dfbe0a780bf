// Static inline wrappers around the ICU 72 C functions XinQiao uses.
//
// Debian's ICU exports versioned symbols (ubrk_open_72); the renaming macros in unicode/urename.h are
// invisible to Swift, so each function is wrapped here under a cicu_ name. Do not define
// U_DISABLE_RENAMING: it compiles but does not link against the distro library.
#ifndef CICU_SHIM_H
#define CICU_SHIM_H

#include <unicode/utypes.h>
#include <unicode/ubrk.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>

static inline const char *cicu_errorName(UErrorCode code) { return u_errorName(code); }

static inline int cicu_isFailure(UErrorCode code) { return U_FAILURE(code) ? 1 : 0; }

static inline void cicu_getVersion(uint8_t *out4) { u_getVersion(out4); }

// MARK: - Word break

static inline UBreakIterator *cicu_ubrk_openWord(const char *locale, const UChar *text, int32_t length,
                                                 UErrorCode *status) {
    return ubrk_open(UBRK_WORD, locale, text, length, status);
}

static inline void cicu_ubrk_close(UBreakIterator *bi) { ubrk_close(bi); }

static inline void cicu_ubrk_setText(UBreakIterator *bi, const UChar *text, int32_t length, UErrorCode *status) {
    ubrk_setText(bi, text, length, status);
}

static inline int32_t cicu_ubrk_first(UBreakIterator *bi) { return ubrk_first(bi); }

static inline int32_t cicu_ubrk_next(UBreakIterator *bi) { return ubrk_next(bi); }

static inline int32_t cicu_ubrk_getRuleStatus(UBreakIterator *bi) { return ubrk_getRuleStatus(bi); }

static inline int32_t cicu_UBRK_DONE(void) { return UBRK_DONE; }

// MARK: - Transliteration

static inline UTransliterator *cicu_utrans_open(const UChar *id, int32_t idLength, UErrorCode *status) {
    return utrans_openU(id, idLength, UTRANS_FORWARD, NULL, -1, NULL, status);
}

static inline void cicu_utrans_close(UTransliterator *trans) { utrans_close(trans); }

/// Transliterates text in place; `textLength` is updated, `capacity` is the buffer size in UChars.
static inline void cicu_utrans_transUChars(const UTransliterator *trans, UChar *text, int32_t *textLength,
                                           int32_t capacity, UErrorCode *status) {
    int32_t limit = *textLength;
    utrans_transUChars(trans, text, textLength, capacity, 0, &limit, status);
}

#endif
