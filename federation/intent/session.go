package intent

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// A reply to a gathering may name one of its sessions: "I'll go to the
// pricing workshop", "put me down for big tech". NameSession says which,
// by these rules:
//
//  1. Words. The reply is cut as Read cuts it (questions are ignored), and
//     the words of its going, maybe and not-going phrases ("I'll go",
//     "put me down", "not") are set aside, so that a title such as "Going
//     green" is not named by "I'm going". Titles are folded the same way:
//     case, accents and punctuation do not matter.
//  2. Stop words. Small words ("the", "and", "for", "de", "und"…) are not
//     words of a title; nor are words that say what kind of session it is
//     ("workshop", "talk", "session"…), which many titles share.
//  3. A session is named clearly when the reply holds, in order and
//     side by side, two or more of its title's words (one of at least
//     three letters: "big tech" for "Big Tech and the co-op alternative"),
//     or all of them ("pricing" for "Pricing workshop"), or one word of
//     four letters or more that no other session's title and not the
//     gathering's title has, or one word of three letters or more with a
//     kind word of the session ("the pricing workshop"). A word of four letters or more matches a
//     longer one it begins ("econ" is in "economics"), and a plural its
//     singular.
//  4. The gathering's own title, typed whole ("going to Co-op Day!"),
//     names no session.
//  5. The best named session (the most words side by side, then a kind
//     word of its own, then the whole title) takes the words it matched;
//     another named with the words left makes the reply unclear ("pricing
//     and big tech"), as does a tie.
//  6. With none named clearly, a word of four letters or more that
//     several titles share ("pricing" when two sessions are about it) is
//     unclear between them; and with no title word at all, a kind word
//     after "the", "that" or "this" ("the workshop") names the one
//     session of that kind, or is unclear between several.
//
// A reply that names no session ("going!") is the gathering's.

// Choice is one session a reply may name: its title and, in words, its
// kind ("workshop", "lightning talks"); Kind may be empty.
type Choice struct {
	Title string
	Kind  string
}

// Named is which session a reply names.
type Named struct {
	// Index is the one session of the choices the reply names clearly,
	// -1 when it names none or it is unclear.
	Index int
	// Unclear lists, in order, the choices an unclear reply may mean;
	// nil when it names one or none.
	Unclear []int
}

// NameSession reads which of choices, the sessions of the gathering
// titled gathering, a reply's HTML content names, by the rules above.
func NameSession(contentHTML, gathering string, choices []Choice) Named {
	return nameSession(PlainText(contentHTML), gathering, choices)
}

// MayNameSession reports whether a reply's HTML content has a word that
// could name a session: one that is none of its going, maybe or
// not-going phrases, stop words or emoji, or a word after "the", "this"…
// When it is false NameSession names nothing, whatever the sessions are,
// so a caller need not read them: most replies are just "I'm going!".
func MayNameSession(contentHTML string) bool {
	r := readReply(PlainText(contentHTML), nil)
	return len(r.namedKinds) > 0 || slices.ContainsFunc(r.words, func(w string) bool { return w != "" })
}

// NameSessionText is NameSession for plain text.
func NameSessionText(text, gathering string, choices []Choice) Named {
	return nameSession(cleanText(text), gathering, choices)
}

// Bounds on hostile input: a reply's words and a gathering's sessions
// beyond these are not read.
const (
	maxNameWords = 300
	maxChoices   = 500
)

// stopWords are not words of a title: articles, prepositions and
// pronouns of the languages of phrases.json.
var stopWords = wordSet(`a an the and or of for to in on at with by from into about as
	our your my me us we i you it its this that these those all
	le la les l de des du d et un une au aux pour avec en sur
	der die das den dem des und ein eine einen zum zur mit fur von im am
	el los las lo y del al con para por un una
	yr y ac a am ar i o gyda`)

// kindWords say what sort of session it is; many titles share them.
var kindWords = wordSet(`workshop session talk panel keynote lecture class seminar track
	discussion meetup meeting presentation demo tutorial lightning
	atelier conference table ronde vortrag sitzung taller charla sesion
	gweithdy sesiwn sgwrs`)

// determiners before a kind word make it name a session: "the workshop".
var determiners = wordSet(`the that this le la l ce cette der die das den dem el esta ese yr`)

func wordSet(list string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(list) {
		out[w] = true
	}
	return out
}

// titleWords are a title's words (rule 2) and the kind words it has.
type titleWords struct {
	words []string
	kinds map[string]bool
}

func readTitle(title, kind string) titleWords {
	t := titleWords{kinds: map[string]bool{}}
	for _, w := range words(title) {
		switch {
		case kindWords[singular(w)]:
			t.kinds[singular(w)] = true
		case !stopWords[w]:
			t.words = append(t.words, w)
		}
	}
	if k := words(kind); len(k) > 0 && k[len(k)-1] != "other" {
		t.kinds[singular(k[len(k)-1])] = true
	}
	return t
}

// words are the folded tokens of a title, emoji dropped.
func words(s string) []string {
	var out []string
	for _, sen := range split(normalise(s)) {
		for _, c := range sen {
			for _, tok := range c.tokens {
				if !isEmojiToken(tok) {
					out = append(out, tok)
				}
			}
		}
	}
	return out
}

// singular drops a plural s, where a word is long enough to have one.
func singular(w string) string {
	if utf8.RuneCountInString(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// replyWords is what rule 1 keeps of a reply: its title-bearing words in
// order, "" where a clause ends or the gathering's title stood, and the
// kind words it has, with whether one follows a determiner.
type replyWords struct {
	words      []string
	kinds      map[string]bool
	namedKinds map[string]bool
}

func readReply(text string, gathering []string) replyWords {
	r := replyWords{kinds: map[string]bool{}, namedKinds: map[string]bool{}}
	for _, sen := range split(normalise(text)) {
		for _, c := range sen {
			if c.asked || lex.isQuestion(c.tokens) {
				continue
			}
			r.clause(c.tokens)
			r.words = append(r.words, "")
		}
	}
	if len(r.words) > maxNameWords {
		r.words = r.words[:maxNameWords]
	}
	if len(gathering) >= 2 {
		r.words = cutRuns(r.words, gathering)
	}
	return r
}

// clause adds one clause's words, its phrases set aside.
func (r *replyWords) clause(tokens []string) {
	phrase := make([]bool, len(tokens))
	for _, m := range append(lex.scan(tokens), lex.standing.scan(tokens)...) {
		for i := m.start; i < m.end; i++ {
			phrase[i] = true
		}
	}
	for i, tok := range tokens {
		switch {
		case phrase[i] || isEmojiToken(tok):
		case kindWords[singular(tok)]:
			r.kinds[singular(tok)] = true
			if i > 0 && determiners[tokens[i-1]] {
				r.namedKinds[singular(tok)] = true
			}
		case !stopWords[tok]:
			r.words = append(r.words, tok)
		}
		// A kind the session's Kind gives but kindWords lacks ("the
		// meal", "the social") is named the same way.
		if !phrase[i] && i > 0 && determiners[tokens[i-1]] {
			r.namedKinds[singular(tok)] = true
		}
	}
}

// cutRuns replaces each run of words equal to run with a clause end.
func cutRuns(words, run []string) []string {
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		if i+len(run) <= len(words) && slices.Equal(words[i:i+len(run)], run) {
			out = append(out, "")
			i += len(run)
			continue
		}
		out = append(out, words[i])
		i++
	}
	return out
}

// sameWord reports whether a reply's word stands for a title's.
func sameWord(reply, title string) bool {
	if reply == "" {
		return false
	}
	if reply == title || singular(reply) == singular(title) {
		return true
	}
	return utf8.RuneCountInString(reply) >= 4 && strings.HasPrefix(title, reply)
}

// run is where a title's words stand side by side in a reply.
type run struct {
	start, length int // in the reply's words
	titleStart    int // in the title's words
}

// longestRun finds the longest run of title words in the reply's words
// not yet taken.
func longestRun(reply []string, taken []bool, title []string) run {
	var best run
	prev := make([]int, len(title)+1)
	cur := make([]int, len(title)+1)
	for i, w := range reply {
		for j, tw := range title {
			cur[j+1] = 0
			if !taken[i] && sameWord(w, tw) {
				cur[j+1] = prev[j] + 1
			}
			if cur[j+1] > best.length {
				best = run{start: i - cur[j+1] + 1, length: cur[j+1], titleStart: j - cur[j+1] + 1}
			}
		}
		prev, cur = cur, prev
	}
	return best
}

// candidate is one choice as the reply matches it.
type candidate struct {
	index int
	run   run
	full  bool // every word of the title
	kind  bool // the reply has one of its kind words
	clear bool
}

func (c candidate) better(d candidate) int {
	switch {
	case c.run.length != d.run.length:
		return c.run.length - d.run.length
	case c.kind != d.kind:
		return boolInt(c.kind) - boolInt(d.kind)
	}
	return boolInt(c.full) - boolInt(d.full)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// matcher holds what every rule needs.
type matcher struct {
	reply     replyWords
	titles    []titleWords
	gathering map[string]bool
	owners    map[string]int // how many titles have each word
}

func nameSession(text, gathering string, choices []Choice) Named {
	none := Named{Index: -1}
	if len(choices) == 0 || len(choices) > maxChoices {
		return none
	}
	m := matcher{gathering: map[string]bool{}, owners: map[string]int{}}
	gw := readTitle(gathering, "").words
	for _, w := range gw {
		m.gathering[w] = true
	}
	m.reply = readReply(text, gw)
	for _, c := range choices {
		t := readTitle(c.Title, c.Kind)
		m.titles = append(m.titles, t)
		seen := map[string]bool{}
		for _, w := range t.words {
			if !seen[singular(w)] {
				seen[singular(w)] = true
				m.owners[singular(w)]++
			}
		}
	}
	if named := m.clearlyNamed(); len(named) > 0 {
		return result(named)
	}
	if shared := m.sharedWord(); len(shared) > 1 {
		return result(shared)
	}
	return result(m.byKind())
}

func result(indexes []int) Named {
	switch len(indexes) {
	case 0:
		return Named{Index: -1}
	case 1:
		return Named{Index: indexes[0]}
	}
	slices.Sort(indexes)
	return Named{Index: -1, Unclear: slices.Compact(indexes)}
}

// clearlyNamed applies rules 3 and 5: each best clear match takes its
// words, until none is left.
func (m *matcher) clearlyNamed() []int {
	taken := make([]bool, len(m.reply.words))
	var named []int
	for {
		var top []candidate
		for i := range m.titles {
			if slices.Contains(named, i) {
				continue
			}
			c := m.candidate(i, taken)
			if !c.clear {
				continue
			}
			switch {
			case len(top) == 0 || c.better(top[0]) > 0:
				top = []candidate{c}
			case c.better(top[0]) == 0:
				top = append(top, c)
			}
		}
		if len(top) == 0 {
			return named
		}
		for _, c := range top {
			named = append(named, c.index)
			for k := c.run.start; k < c.run.start+c.run.length; k++ {
				taken[k] = true
			}
		}
	}
}

// candidate matches choice i against the reply's words not taken.
func (m *matcher) candidate(i int, taken []bool) candidate {
	t := m.titles[i]
	c := candidate{index: i, run: longestRun(m.reply.words, taken, t.words)}
	if c.run.length == 0 {
		return c
	}
	for k := range t.kinds {
		c.kind = c.kind || m.reply.kinds[k]
	}
	matched := t.words[c.run.titleStart : c.run.titleStart+c.run.length]
	c.full = c.run.length == len(t.words)
	long := slices.ContainsFunc(matched, func(w string) bool { return utf8.RuneCountInString(w) >= 3 })
	switch {
	case c.full, long && (c.run.length >= 2 || c.kind):
		c.clear = true
	case c.run.length == 1:
		c.clear = m.distinctive(matched[0])
	}
	return c
}

// distinctive reports whether one word alone names its title: long, and
// no other title's nor the gathering's.
func (m *matcher) distinctive(w string) bool {
	return utf8.RuneCountInString(w) >= 4 && m.owners[singular(w)] == 1 && !m.gathering[w]
}

// sharedWord applies rule 6's first half: the titles that have a long
// word of the reply's that is not the gathering's.
func (m *matcher) sharedWord() []int {
	var out []int
	for i, t := range m.titles {
		for _, tw := range t.words {
			if utf8.RuneCountInString(tw) < 4 || m.gathering[tw] {
				continue
			}
			if slices.ContainsFunc(m.reply.words, func(w string) bool { return sameWord(w, tw) }) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// byKind applies rule 6's second half, when the reply has no title word.
func (m *matcher) byKind() []int {
	for _, w := range m.reply.words {
		if w != "" && slices.ContainsFunc(m.titles, func(t titleWords) bool {
			return slices.ContainsFunc(t.words, func(tw string) bool { return sameWord(w, tw) })
		}) {
			return nil
		}
	}
	var out []int
	for i, t := range m.titles {
		for k := range t.kinds {
			if m.reply.namedKinds[k] {
				out = append(out, i)
				break
			}
		}
	}
	return out
}
