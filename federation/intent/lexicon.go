package intent

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

//go:embed phrases.json
var phrasesJSON []byte

// lex is the compiled phrases.json; it never changes after start-up.
var lex = mustCompile(phrasesJSON)

// phraseFile is the shape of phrases.json.
type phraseFile struct {
	About     []string            `json:"about"`
	Emoji     emojiList           `json:"emoji"`
	Languages map[string]language `json:"languages"`
}

// emojiList holds the emoji that answer on their own.
type emojiList struct {
	Going    []string `json:"going"`
	Maybe    []string `json:"maybe"`
	NotGoing []string `json:"not_going"`
}

// language is one language's block of phrases.json; each list is
// explained in its "about".
type language struct {
	Name           string   `json:"name"`
	Going          []string `json:"going"`
	Maybe          []string `json:"maybe"`
	NotGoing       []string `json:"not_going"`
	Yes            []string `json:"yes"`
	No             []string `json:"no"`
	Neutral        []string `json:"neutral"`
	NegationBefore []string `json:"negation_before"`
	NegationAfter  []string `json:"negation_after"`
	Contrast       []string `json:"contrast"`
	Questions      []string `json:"questions"`
	Standing       []string `json:"standing"`
	Withdraw       []string `json:"withdraw"`
}

// kind is what a phrase is: an intent, an answer word or a neutral idiom.
// A phrase has at most one kind; negation and contrast are roles it may
// have besides.
type kind int

const (
	kindNone kind = iota
	kindGoing
	kindMaybe
	kindNotGoing
	kindNeutral
	kindYes
	kindNo
	kindStanding // of the standing table only
	kindWithdraw // of the standing table only
)

var kindNames = [...]string{"", "going", "maybe", "not_going", "neutral", "yes", "no", "standing", "withdraw"}

// entry is one phrase of the merged table, with everything any language
// says about it.
type entry struct {
	tokens    []string
	atEnd     bool   // "…$": only at the end of a clause
	kind      kind   // first kind given, by language code order
	from      string // language (or "emoji") that gave kind
	negBefore bool   // negates going phrases after it in its clause
	negAfter  bool   // negates the going phrase just before it
	contrast  bool   // ends the reach of a negation
	emoji     bool
}

// lexicon is the merged, tokenised phrase table of every language.
type lexicon struct {
	byFirst   map[string][]*entry // by first token, longest first
	questions [][]string
	conflicts []string // phrases given two kinds; reported by the tests
	// standing is the table of the standing and withdraw lists, apart so
	// that its longer phrases ("I'll come to all of them") never hide the
	// RSVP phrases Read finds inside them ("I'll come").
	standing *lexicon
}

// mustCompile compiles the embedded phrases.json. The tests compile the
// same bytes, so a broken file fails them before it can fail start-up.
func mustCompile(data []byte) *lexicon {
	l, err := compile(data)
	if err != nil {
		panic(fmt.Sprintf("intent: phrases.json: %v", err))
	}
	return l
}

// compile parses and merges a phrase file.
func compile(data []byte) (*lexicon, error) {
	var f phraseFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	l := &lexicon{byFirst: map[string][]*entry{}}
	b := builder{l: l, index: map[string]*entry{}}
	b.add("emoji", f.Emoji.Going, func(e *entry) { b.setKind(e, kindGoing, "emoji") })
	b.add("emoji", f.Emoji.Maybe, func(e *entry) { b.setKind(e, kindMaybe, "emoji") })
	b.add("emoji", f.Emoji.NotGoing, func(e *entry) { b.setKind(e, kindNotGoing, "emoji") })
	codes := make([]string, 0, len(f.Languages))
	for code := range f.Languages {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	for _, code := range codes {
		b.language(code, f.Languages[code])
	}
	sl := &lexicon{byFirst: map[string][]*entry{}}
	sb := builder{l: sl, index: map[string]*entry{}}
	for _, code := range codes {
		lang := f.Languages[code]
		sb.add(code, lang.Standing, func(e *entry) { sb.setKind(e, kindStanding, code) })
		sb.add(code, lang.Withdraw, func(e *entry) { sb.setKind(e, kindWithdraw, code) })
	}
	if b.err == nil {
		b.err = sb.err
	}
	if b.err != nil {
		return nil, b.err
	}
	l.conflicts = append(l.conflicts, sl.conflicts...)
	sl.sortLongestFirst()
	l.standing = sl
	l.sortLongestFirst()
	return l, nil
}

// sortLongestFirst orders each first word's phrases longest first, and
// of two as long the one that counts only at a clause's end first.
func (l *lexicon) sortLongestFirst() {
	for _, es := range l.byFirst {
		slices.SortStableFunc(es, func(a, b *entry) int {
			if len(a.tokens) != len(b.tokens) {
				return len(b.tokens) - len(a.tokens)
			}
			if a.atEnd != b.atEnd {
				if a.atEnd {
					return -1
				}
				return 1
			}
			return 0
		})
	}
}

// builder merges phrase lists into a lexicon.
type builder struct {
	l     *lexicon
	index map[string]*entry
	err   error
}

func (b *builder) language(code string, lang language) {
	lists := []struct {
		phrases []string
		k       kind
	}{
		{lang.Going, kindGoing}, {lang.Maybe, kindMaybe}, {lang.NotGoing, kindNotGoing},
		{lang.Neutral, kindNeutral}, {lang.Yes, kindYes}, {lang.No, kindNo},
	}
	for _, list := range lists {
		b.add(code, list.phrases, func(e *entry) { b.setKind(e, list.k, code) })
	}
	b.add(code, lang.NegationBefore, func(e *entry) { e.negBefore = true })
	b.add(code, lang.NegationAfter, func(e *entry) { e.negAfter = true })
	b.add(code, lang.Contrast, func(e *entry) { e.contrast = true })
	for _, q := range lang.Questions {
		toks, _, err := phraseTokens(q)
		if err != nil {
			b.fail(fmt.Errorf("%s: question %q: %w", code, q, err))
			continue
		}
		b.l.questions = append(b.l.questions, toks)
	}
}

// add tokenises each phrase, finds or makes its entry and applies set.
func (b *builder) add(code string, phrases []string, set func(*entry)) {
	for _, p := range phrases {
		toks, atEnd, err := phraseTokens(p)
		if err != nil {
			b.fail(fmt.Errorf("%s: %q: %w", code, p, err))
			continue
		}
		key := strings.Join(toks, " ")
		if atEnd {
			key += " $"
		}
		e := b.index[key]
		if e == nil {
			e = &entry{tokens: toks, atEnd: atEnd, emoji: len(toks) == 1 && isEmojiToken(toks[0])}
			b.index[key] = e
			b.l.byFirst[toks[0]] = append(b.l.byFirst[toks[0]], e)
		}
		set(e)
	}
}

// setKind gives an entry its kind; a second, different kind is recorded
// as a conflict and the first one stays.
func (b *builder) setKind(e *entry, k kind, from string) {
	switch e.kind {
	case kindNone:
		e.kind, e.from = k, from
	case k:
	default:
		b.l.conflicts = append(b.l.conflicts, fmt.Sprintf("%q is %s in %s and %s in %s",
			strings.Join(e.tokens, " "), kindNames[e.kind], e.from, kindNames[k], from))
	}
}

func (b *builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// phraseTokens tokenises a phrase as replies are tokenised; a trailing
// "$" marks a phrase that counts only at the end of a clause. A phrase
// must be one clause of at least one token.
func phraseTokens(p string) ([]string, bool, error) {
	p = strings.TrimSpace(p)
	atEnd := strings.HasSuffix(p, "$")
	p = strings.TrimSuffix(p, "$")
	ss := split(normalise(p))
	if len(ss) != 1 || len(ss[0]) != 1 {
		return nil, false, fmt.Errorf("not one clause of words")
	}
	return ss[0][0].tokens, atEnd, nil
}

// isQuestion reports whether a clause opens with a question word, after
// any emoji.
func (l *lexicon) isQuestion(tokens []string) bool {
	for len(tokens) > 0 && isEmojiToken(tokens[0]) {
		tokens = tokens[1:]
	}
	for _, q := range l.questions {
		if len(q) <= len(tokens) && slices.Equal(q, tokens[:len(q)]) {
			return true
		}
	}
	return false
}

// match is an entry found at tokens[start:end] of a clause.
type match struct {
	start, end int
	e          *entry
}

// scan finds the phrases of a clause from left to right, taking at each
// place the longest phrase that starts there.
func (l *lexicon) scan(tokens []string) []match {
	var out []match
	for i := 0; i < len(tokens); {
		e := l.longest(tokens, i)
		if e == nil {
			i++
			continue
		}
		out = append(out, match{start: i, end: i + len(e.tokens), e: e})
		i += len(e.tokens)
	}
	return out
}

func (l *lexicon) longest(tokens []string, i int) *entry {
	for _, e := range l.byFirst[tokens[i]] {
		end := i + len(e.tokens)
		if end > len(tokens) || !slices.Equal(e.tokens, tokens[i:end]) {
			continue
		}
		if e.atEnd && !onlyEmoji(tokens[end:]) {
			continue
		}
		return e
	}
	return nil
}

func onlyEmoji(tokens []string) bool {
	for _, t := range tokens {
		if !isEmojiToken(t) {
			return false
		}
	}
	return true
}

// reading is one intent a clause states.
type reading struct {
	intent Intent
	emoji  bool
}

// read returns the intents a clause states, in order; pos is the number
// of live tokens before the clause in the reply.
func (l *lexicon) read(tokens []string, pos int) []reading {
	ms := l.scan(tokens)
	var out []reading
	negated := false // a negation or refusal earlier in the clause
	for i, m := range ms {
		var it Intent
		switch m.e.kind {
		case kindGoing:
			it = Going
			if negated || (i+1 < len(ms) && ms[i+1].e.negAfter && ms[i+1].start == m.end) {
				it = NotGoing
			}
		case kindMaybe:
			it = Maybe
		case kindNotGoing:
			it = NotGoing
		case kindYes, kindNo:
			// at the start of the reply, or alone in its clause
			if pos+m.start <= 1 || (onlyEmoji(tokens[:m.start]) && onlyEmoji(tokens[m.end:])) {
				it = Going
				if m.e.kind == kindNo {
					it = NotGoing
				}
			}
		}
		switch {
		case m.e.contrast:
			negated = false
		case m.e.negBefore || m.e.negAfter || m.e.kind == kindNotGoing:
			negated = true
		}
		if it != None {
			out = append(out, reading{intent: it, emoji: m.e.emoji})
		}
	}
	return out
}
