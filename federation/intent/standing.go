package intent

import "strconv"

// Standing is what a reply to one occurrence of a series (a gathering
// that repeats, such as the monthly call) says about all of them. It is
// read apart from Intent, so that Read says the same of a reply whether
// or not it also speaks for the whole series.
type Standing int

// The standing intents. NotStanding is the zero value: the reply says
// nothing about the series as a whole.
const (
	NotStanding Standing = iota
	// AllOfThem: "I'll come to all of them", "every month".
	AllOfThem
	// NoMore takes that back: "not any more", "stop".
	NoMore
)

// String returns "none", "all" or "no_more", and "Standing(n)" for a
// value outside those three.
func (s Standing) String() string {
	switch s {
	case NotStanding:
		return "none"
	case AllOfThem:
		return "all"
	case NoMore:
		return "no_more"
	}
	return "Standing(" + strconv.Itoa(int(s)) + ")"
}

// ReadStanding returns what a reply's HTML content says about every
// occurrence of a series. It reads the standing and withdraw lists of
// phrases.json, in the clauses Read reads (questions are ignored), and
// the last phrase found wins. A standing phrase does not count after a
// negation or a not-going phrase in its clause ("can't come to all of
// them", "not every month"), nor when the reply as a whole reads not
// going or maybe ("maybe all of them, we'll see"). Withdrawal needs no
// such care: "no longer" means it whatever comes before.
func ReadStanding(contentHTML string) Standing {
	return decideStanding(PlainText(contentHTML))
}

// ReadStandingText is ReadStanding for plain text.
func ReadStandingText(text string) Standing {
	return decideStanding(cleanText(text))
}

func decideStanding(text string) Standing {
	last := NotStanding
	for _, s := range split(normalise(text)) {
		for _, c := range s {
			if c.asked || lex.isQuestion(c.tokens) {
				continue
			}
			for _, st := range lex.readStanding(c.tokens) {
				last = st
			}
		}
	}
	if last == AllOfThem {
		if i := decide(text); i == NotGoing || i == Maybe {
			return NotStanding
		}
	}
	return last
}

// readStanding returns the standing intents a clause states, in order.
func (l *lexicon) readStanding(tokens []string) []Standing {
	sms := l.standing.scan(tokens)
	if len(sms) == 0 {
		return nil
	}
	ms := l.scan(tokens) // the RSVP phrases, for their negations
	var out []Standing
	for _, sm := range sms {
		if sm.e.kind == kindWithdraw {
			out = append(out, NoMore)
			continue
		}
		negated := false
		for _, m := range ms {
			if m.end > sm.start {
				break
			}
			switch {
			case m.e.contrast:
				negated = false
			case m.e.negBefore || m.e.negAfter || m.e.kind == kindNotGoing:
				negated = true
			}
		}
		if !negated {
			out = append(out, AllOfThem)
		}
	}
	return out
}
