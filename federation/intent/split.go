package intent

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// apostrophes folds the look-alikes people and keyboards type for ' .
var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02bc", "'",
	"\u00b4", "'", "`", "'", "\u2032", "'", "\u201b", "'")

// normalise folds text for matching: apostrophes to ', lower case,
// compatibility forms (NFKD: "…" is "...", "？" is "?"), accents and other
// combining marks dropped ("peut-être" reads as "peut-etre", "siŵr" as
// "siwr", and emoji variation selectors go too), and ß as ss.
func normalise(s string) string {
	s = strings.ToLower(apostrophes.Replace(s))
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFKD.String(s))
	return strings.ReplaceAll(norm.NFC.String(s), "ß", "ss")
}

// A clause is a run of tokens between punctuation; asked marks one that
// is part of a question by its punctuation (it ends a sentence that ends
// in "?", or opens with "¿").
type clause struct {
	tokens []string
	asked  bool
}

// A sentence is the clauses between two sentence ends.
type sentence []clause

// splitter cuts normalised text into sentences, clauses and tokens.
type splitter struct {
	out  []sentence
	cur  sentence
	cl   clause
	word []rune
}

// split cuts normalised text into sentences (ended by . ! ? ; … or a line
// break), clauses (cut by , : ( ) [ ] " « » ¿ ¡ dashes and a hyphen between
// spaces) and tokens. A token is a word (letters and digits, with
// apostrophes inside a word dropped: "can't" is "cant", "j'y" is "jy"; a
// hyphen cuts words: "peut-etre" is "peut etre"; "+1" is a word) or a
// single emoji.
func split(s string) []sentence {
	var sp splitter
	prev := rune(' ')
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		next := rune(' ')
		if len(s) > 0 {
			next, _ = utf8.DecodeRuneInString(s)
		}
		sp.rune(prev, r, next)
		prev = r
	}
	sp.endSentence(false)
	return sp.out
}

func (sp *splitter) rune(prev, r, next rune) {
	switch {
	case isWordRune(r):
		sp.word = append(sp.word, r)
	case r == '\'' && len(sp.word) > 0 && isWordRune(next):
		// inside a word: joined
	case r == '+' && len(sp.word) == 0 && unicode.IsDigit(next):
		sp.word = append(sp.word, r)
	case unicode.Is(unicode.Cf, r):
		// format characters (zero-width joiners, soft hyphens): ignored
	case isEmoji(r):
		sp.flush()
		sp.cl.tokens = append(sp.cl.tokens, string(r))
	case strings.ContainsRune(".!?;\n\r", r):
		sp.endSentence(r == '?')
	case r == '-' && isWordRune(prev) && isWordRune(next):
		sp.flush()
	case strings.ContainsRune(",:()[]{}\"«»¡–—-", r):
		sp.endClause()
	case r == '¿':
		sp.endClause()
		sp.cl.asked = true
	default:
		sp.flush()
	}
}

// flush ends the word being read.
func (sp *splitter) flush() {
	if len(sp.word) > 0 {
		sp.cl.tokens = append(sp.cl.tokens, string(sp.word))
		sp.word = sp.word[:0]
	}
}

// endClause ends the clause being read; an empty one is dropped.
func (sp *splitter) endClause() {
	sp.flush()
	if len(sp.cl.tokens) > 0 {
		sp.cur = append(sp.cur, sp.cl)
	}
	sp.cl = clause{}
}

// endSentence ends the sentence being read; asked marks its last clause
// as part of a question.
func (sp *splitter) endSentence(asked bool) {
	sp.endClause()
	if len(sp.cur) == 0 {
		return
	}
	if asked {
		sp.cur[len(sp.cur)-1].asked = true
	}
	sp.out = append(sp.out, sp.cur)
	sp.cur = nil
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r)
}

// isEmoji reports whether r is a pictograph or symbol read as a token of
// its own (👍, ✅, ❌, 🤔…). Skin-tone modifiers are not: they are
// dropped like other punctuation.
func isEmoji(r rune) bool {
	return unicode.Is(unicode.So, r) || (r >= 0x1f000 && r <= 0x1faff && !unicode.Is(unicode.Sk, r))
}

// isEmojiToken reports whether a token is a single emoji.
func isEmojiToken(tok string) bool {
	r, n := utf8.DecodeRuneInString(tok)
	return n == len(tok) && isEmoji(r)
}
