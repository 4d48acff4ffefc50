package intent

import "strconv"

// Intent is what a reply says about coming to an event.
type Intent int

// The intents a reply can carry. None is the zero value: the reply says
// nothing Read can tell (a question, a thank-you, a comment).
const (
	None Intent = iota
	Going
	Maybe
	NotGoing
)

// String returns "none", "going", "maybe" or "not_going", and "Intent(n)"
// for a value outside those four.
func (i Intent) String() string {
	switch i {
	case None:
		return "none"
	case Going:
		return "going"
	case Maybe:
		return "maybe"
	case NotGoing:
		return "not_going"
	}
	return "Intent(" + strconv.Itoa(int(i)) + ")"
}

// Read returns the RSVP intent of a reply's HTML content, as a Note's
// "content" arrives. It is ReadText of PlainText(contentHTML).
func Read(contentHTML string) Intent {
	return decide(PlainText(contentHTML))
}

// ReadText is Read for plain text: a Note's content already stripped of
// HTML, or a poll vote's name ("Going", "Maybe", "Can't go"). Bare
// mentions, URLs and hashtags in it are ignored, as PlainText drops them.
func ReadText(text string) Intent {
	return decide(cleanText(text))
}

// decide applies the rules of the package documentation to cleaned text.
func decide(text string) Intent {
	var words, emoji Intent
	pos := 0 // tokens of live clauses read so far, for the answer rule
	for _, s := range split(normalise(text)) {
		var wv, ev vote
		for _, c := range s {
			if c.asked || lex.isQuestion(c.tokens) {
				continue
			}
			for _, r := range lex.read(c.tokens, pos) {
				if r.emoji {
					ev.add(r.intent)
				} else {
					wv.add(r.intent)
				}
			}
			pos += len(c.tokens)
		}
		if v := wv.verdict(); v != None {
			words = v
		}
		if v := ev.verdict(); v != None {
			emoji = v
		}
	}
	if words != None {
		return words
	}
	return emoji
}

// vote gathers the intents found in one sentence.
type vote struct {
	last  Intent
	hedge bool
}

func (v *vote) add(i Intent) {
	v.last = i
	v.hedge = v.hedge || i == Maybe
}

// verdict is Maybe if the sentence hedges anywhere, else its last intent.
func (v *vote) verdict() Intent {
	if v.hedge {
		return Maybe
	}
	return v.last
}
